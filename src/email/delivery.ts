import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Updateable } from 'kysely';
import type { Clock } from '../clock.js';
import type { EmailDeliveryConfig, MandrillConfig } from '../config.js';
import type { Database } from '../schema.js';
import { recordNotification, type NewNotification } from '../notifications/notifications.js';
import { retryDelayMs } from './backoff.js';
import type { MandrillClient, MandrillMessage, SendOutcome } from './mandrill-client.js';
import type { ClaimedEmail } from './outbox.js';
import { withSecret } from './secrets.js';
import type { EmailStatus, EmailTables } from './tables.js';

/** Who made the attempt: the background worker, or a request that must answer for the result. */
export type DeliveryOrigin =
  | { readonly kind: 'worker' }
  | { readonly kind: 'request'; readonly requestId: string; readonly route: string };

export interface DeliveryResult {
  readonly emailId: number;
  /** The row's status after this attempt. */
  readonly status: EmailStatus;
  /** What Mandrill said; null when the email had expired and was not sent. */
  readonly outcome: SendOutcome | null;
  readonly nextAttemptAt: Date | null;
  /** False when the claim had been lost (lease ran out, another worker took the row): nothing was written. */
  readonly recorded: boolean;
  readonly notificationId: number | null;
}

export interface DeliveryDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
  readonly mandrill: MandrillClient;
  readonly sender: Pick<MandrillConfig, 'fromEmail' | 'fromName'>;
  readonly policy: Pick<EmailDeliveryConfig, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'>;
  readonly random?: () => number;
}

/** Why an email was not sent when the server has no Mandrill API key; in notifications and last_error. */
export const NOT_CONFIGURED =
  'no Mandrill API key is configured (MANDRILL_API_KEY), so it was not sent; nothing was sent to Mandrill';

/**
 * One delivery attempt of a claimed outbox row: send it through Mandrill (outside any
 * transaction), then record the result and, for a failure worth a human's attention, one
 * notification, together in one transaction.
 *
 * Notifications: a request that answers `mandrill-email-failed` records `mandrill-email-failed`;
 * the worker records `email-rejected` (permanent refusal) or `email-failed` (out of attempts or
 * expired). A retryable failure the worker will retry records none. Each is deduplicated by
 * email id and kind, so a failure is reported once however often it is recorded.
 */
export class EmailDelivery {
  constructor(private readonly deps: DeliveryDeps) {}

  async deliver(email: ClaimedEmail, origin: DeliveryOrigin): Promise<DeliveryResult> {
    const { clock } = this.deps;
    const expired = email.send_before !== null && clock.now() >= email.send_before;
    // Its secret was erased (past send_before by another instance's clock): a link without it is useless.
    if (expired || (email.carries_secret && email.secret === null)) {
      return this.record(email, origin, null, clock.now());
    }
    const outcome = await this.deps.mandrill.send(this.messageOf(email));
    return this.record(email, origin, outcome, clock.now());
  }

  /** False without a Mandrill API key: nothing is sent, so nothing need be claimed. */
  get canSend(): boolean {
    return this.deps.mandrill.configured;
  }

  private messageOf(email: ClaimedEmail): MandrillMessage {
    return {
      subject: email.subject,
      html: withSecret(email.html_body, email.secret),
      text: withSecret(email.text_body, email.secret),
      from_email: this.deps.sender.fromEmail,
      from_name: this.deps.sender.fromName,
      to: [
        { email: email.to_email, ...(email.to_name ? { name: email.to_name } : {}), type: 'to' },
        ...email.cc_emails.map((cc) => ({ email: cc, type: 'cc' as const })),
      ],
      ...(email.cc_emails.length > 0 ? { preserve_recipients: true } : {}),
      tags: [email.kind],
      metadata: { outbox_id: String(email.id) },
    };
  }

  private async record(
    email: ClaimedEmail,
    origin: DeliveryOrigin,
    outcome: SendOutcome | null,
    now: Date,
  ): Promise<DeliveryResult> {
    const { policy } = this.deps;
    const settle = { locked_until: null, lock_token: null, updated_at: now };
    let update: Updateable<EmailTables['email_outbox']>;
    let status: EmailStatus;
    let nextAttemptAt: Date | null = null;
    if (outcome === null) {
      status = 'failed';
      update = { status, last_error: 'expired before it could be sent' };
    } else if (outcome.kind === 'accepted') {
      status = 'sent';
      update = {
        status,
        sent_at: now,
        mandrill_id: outcome.mandrillId,
        mandrill_status: outcome.status,
        queued_reason: outcome.queuedReason,
        last_error: null,
      };
    } else if (outcome.kind === 'rejected') {
      status = 'rejected';
      update = {
        status,
        mandrill_id: outcome.mandrillId,
        mandrill_status: outcome.status,
        reject_reason: outcome.rejectReason,
        last_error: `${outcome.status}${outcome.rejectReason ? `: ${outcome.rejectReason}` : ''}`,
      };
    } else {
      const error = outcome.kind === 'unconfigured' ? NOT_CONFIGURED : outcome.error;
      const retryAt = new Date(now.getTime() + retryDelayMs(email.attempts, policy, this.deps.random));
      const outOfTime = email.send_before !== null && retryAt >= email.send_before;
      if (email.attempts >= policy.maxAttempts || outOfTime) {
        status = 'failed';
        update = { status, last_error: error };
      } else {
        status = 'queued';
        nextAttemptAt = retryAt;
        update = { status, next_attempt_at: retryAt, last_error: error };
      }
    }
    const settled = status !== 'queued';
    const notification = this.notificationFor(email, origin, outcome, status);

    // The result and its notification are written together, or (claim lost) neither is.
    const write = async (db: Kysely<Database>): Promise<{ id: number | null } | null> => {
      const result = await db
        .updateTable('email_outbox')
        // A settled email is never sent again: its one-time secret goes with the same write.
        .set({ ...update, ...settle, ...(settled ? { secret: null } : {}) })
        .where('id', '=', email.id)
        .where('status', '=', 'sending')
        .where('lock_token', '=', email.lock_token)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return null;
      return notification ? recordNotification(db, notification, now) : { id: null };
    };
    const written = notification
      ? await this.deps.db.transaction().execute(write)
      : await write(this.deps.db);

    if (written === null) {
      this.deps.log.warn({ emailId: email.id }, 'email claim was lost before its result was recorded');
    } else if (status !== 'sent') {
      this.deps.log.warn(
        { emailId: email.id, kind: email.kind, status, attempts: email.attempts, outcome },
        'email not delivered',
      );
    }
    return {
      emailId: email.id,
      status,
      outcome,
      nextAttemptAt,
      recorded: written !== null,
      notificationId: written?.id ?? null,
    };
  }

  private notificationFor(
    email: ClaimedEmail,
    origin: DeliveryOrigin,
    outcome: SendOutcome | null,
    status: EmailStatus,
  ): NewNotification | null {
    if (status === 'sent') return null;
    const what = `the ${email.kind} email #${email.id} to ${email.to_email}`;
    const why =
      outcome === null
        ? 'it expired before it could be sent'
        : outcome.kind === 'rejected'
          ? `Mandrill answered ${outcome.status}${outcome.rejectReason ? ` (${outcome.rejectReason})` : ''}`
          : outcome.kind === 'retryable'
            ? outcome.error
            : outcome.kind === 'unconfigured'
              ? NOT_CONFIGURED
              : '';
    const context: Record<string, unknown> = {
      ...email.context,
      email_id: email.id,
      email_kind: email.kind,
      to_email: email.to_email,
      attempts: email.attempts,
      email_status: status,
      reason: why,
      ...(outcome?.kind === 'rejected'
        ? { mandrill_status: outcome.status, reject_reason: outcome.rejectReason }
        : {}),
      ...(outcome?.kind === 'retryable' && outcome.httpStatus !== null
        ? { http_status: outcome.httpStatus }
        : {}),
    };
    const future =
      status === 'queued'
        ? 'It stays in the outbox and will be retried.'
        : 'It will not be retried; the data (address, account) needs investigating.';
    if (origin.kind === 'request') {
      return {
        kind: 'mandrill-email-failed',
        severity: 'error',
        message: `A request to ${origin.route} answered mandrill-email-failed: Mandrill could not send ${what}: ${why}. ${future}`,
        context: { ...context, request_id: origin.requestId, route: origin.route },
        dedupeKey: emailNotificationKey(email.id, 'mandrill-email-failed'),
      };
    }
    if (status === 'rejected') {
      return {
        kind: 'email-rejected',
        severity: 'error',
        message: `Mandrill rejected ${what}: ${why}. ${future}`,
        context,
        dedupeKey: emailNotificationKey(email.id, 'email-rejected'),
      };
    }
    if (status === 'failed') {
      return {
        kind: 'email-failed',
        severity: 'critical',
        message:
          outcome === null
            ? `${capitalize(what)} was never sent: ${why}.`
            : `${capitalize(what)} could not be sent after ${email.attempts} attempts; last error: ${why}.`,
        context,
        dedupeKey: emailNotificationKey(email.id, 'email-failed'),
      };
    }
    return null;
  }
}

export function emailNotificationKey(emailId: number, kind: string): string {
  return `email_outbox:${emailId}:${kind}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
