import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { queueEmail, type QueuedEmail } from './outbox.js';
import { renderCancelationNotice, renderWelcome } from './templates.js';

/**
 * The emails other capabilities queue. Call each inside the transaction that makes the change,
 * with `now` from `ctx.clock.now()`; the outbox worker sends them after the commit.
 */

export interface WelcomeEmailInput {
  readonly userId: number;
  readonly clientId?: number | null;
  readonly email: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly now: Date;
}

/** Welcome email for a newly registered client; one per user however often it is queued. */
export function queueWelcomeEmail(trx: Kysely<Database>, input: WelcomeEmailInput): Promise<QueuedEmail> {
  return queueEmail(
    trx,
    {
      kind: 'welcome',
      to: { email: input.email, name: fullName(input.firstName, input.lastName) },
      ...renderWelcome({ firstName: input.firstName ?? null }),
      idempotencyKey: `welcome:user:${input.userId}`,
      context: { user_id: input.userId, client_id: input.clientId ?? null },
    },
    { now: input.now },
  );
}

export interface CancelationNoticeInput {
  readonly cancelationId: number;
  /** `order`, `tour` …, and its id: what was canceled. */
  readonly cancelableType: string;
  readonly cancelableId: number;
  /** How the client knows it: "Order #12 at 1 Main St". */
  readonly description: string;
  readonly to: {
    readonly email: string;
    readonly firstName?: string | null;
    readonly lastName?: string | null;
  };
  /** Addresses copied (the client's assistants). */
  readonly cc?: readonly string[];
  readonly reasonText?: string | null;
  readonly canceledAt: Date;
  readonly now: Date;
}

/**
 * Cancelation notice to the client. One per cancelation and `canceledAt`: queueing it twice for
 * the same cancelation sends one email, while a cancelation reinstated and canceled again sends anew.
 */
export function queueCancelationNotice(
  trx: Kysely<Database>,
  input: CancelationNoticeInput,
): Promise<QueuedEmail> {
  return queueEmail(
    trx,
    {
      kind: 'cancelation_notice',
      to: { email: input.to.email, name: fullName(input.to.firstName, input.to.lastName) },
      ...(input.cc ? { cc: input.cc } : {}),
      ...renderCancelationNotice({
        firstName: input.to.firstName ?? null,
        description: input.description,
        reasonText: input.reasonText ?? null,
        canceledAt: input.canceledAt,
      }),
      idempotencyKey: `cancelation_notice:${input.cancelationId}:${input.canceledAt.toISOString()}`,
      context: {
        cancelation_id: input.cancelationId,
        cancelable_type: input.cancelableType,
        cancelable_id: input.cancelableId,
      },
    },
    { now: input.now },
  );
}

function fullName(first?: string | null, last?: string | null): string | null {
  const name = [first, last]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ');
  return name === '' ? null : name;
}
