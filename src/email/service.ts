import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { EmailDeliveryConfig } from '../config.js';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import type { DeliveryResult, EmailDelivery } from './delivery.js';
import { CLAIMED_COLUMNS, queueEmail, type OutgoingEmail, type QueuedEmail } from './outbox.js';

export interface RequestOrigin {
  readonly requestId: string;
  /** The route path, for the notification. */
  readonly route: string;
}

/**
 * Email for routes that must say whether the email went out. Usage:
 *
 * ```ts
 * const queued = await ctx.db.transaction().execute(async (trx) => {
 *   // … the business change …
 *   return ctx.email.queueForImmediateSend(trx, email);
 * });
 * await ctx.email.sendNow(queued, { requestId: ctx.requestId, route: '/api/v1/…' });
 * ```
 *
 * The business change and the email commit together first; the send happens after the commit, so
 * a Mandrill failure never undoes the change. On failure `sendNow` throws `mandrill-email-failed`
 * (one notification is recorded) and the email stays in the outbox for the worker to retry,
 * unless Mandrill refused it for good.
 */
export class EmailService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly config: Pick<EmailDeliveryConfig, 'leaseMs'>,
    private readonly delivery: EmailDelivery,
  ) {}

  /** Queues for the background worker (same as `queueEmail`, with this server's clock). */
  queue(trx: Kysely<Database>, email: OutgoingEmail): Promise<QueuedEmail> {
    return queueEmail(trx, email, { now: this.clock.now() });
  }

  /** Queues the email already claimed for this request, so the worker leaves it to `sendNow`. */
  queueForImmediateSend(trx: Kysely<Database>, email: OutgoingEmail): Promise<QueuedEmail> {
    return queueEmail(trx, email, { now: this.clock.now(), claimForMs: this.config.leaseMs });
  }

  /** Call after the transaction committed. Throws `mandrill-email-failed` unless Mandrill accepted it. */
  async sendNow(queued: QueuedEmail, origin: RequestOrigin): Promise<DeliveryResult | null> {
    if (queued.lockToken === null) return this.answerForExisting(queued.id);
    const email = await this.db
      .selectFrom('email_outbox')
      .select([...CLAIMED_COLUMNS])
      .where('id', '=', queued.id)
      .where('status', '=', 'sending')
      .where('lock_token', '=', queued.lockToken)
      .executeTakeFirst();
    // The lease ran out before we got here and the worker took the row: it answers for it now.
    if (!email) return null;
    const result = await this.delivery.deliver(
      { ...email, lock_token: queued.lockToken },
      { kind: 'request', ...origin },
    );
    if (result.status !== 'sent') throw mandrillEmailFailed(result);
    return result;
  }

  /** The idempotency key named an email queued before: report how that one fared, send nothing. */
  private async answerForExisting(id: number): Promise<null> {
    const row = await this.db
      .selectFrom('email_outbox')
      .select(['status', 'next_attempt_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status === 'rejected' || row.status === 'failed') {
      throw new ApiError(
        'mandrill-email-failed',
        'This email could not be sent earlier and will not be retried.',
        [],
        { email_status: row.status, next_attempt_at: null },
      );
    }
    return null;
  }
}

function mandrillEmailFailed(result: DeliveryResult): ApiError {
  const retrying = result.status === 'queued';
  const message =
    result.outcome?.kind === 'unconfigured'
      ? `No Mandrill API key is configured (MANDRILL_API_KEY), so the email was not sent. ${retrying ? 'It stays queued and goes out once a key is configured.' : 'It will not be retried.'}`
      : retrying
        ? 'Mandrill could not send the email; it will be retried.'
        : 'Mandrill could not send the email and it will not be retried.';
  return new ApiError('mandrill-email-failed', message, [], {
    email_status: result.status,
    next_attempt_at: result.nextAttemptAt?.toISOString() ?? null,
  });
}
