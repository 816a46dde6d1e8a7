import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { EmailKind } from './tables.js';

/** One email as a caller describes it; the sender (`from`) is added at send time from config. */
export interface OutgoingEmail {
  readonly kind: EmailKind;
  readonly to: { readonly email: string; readonly name?: string | null };
  /** Addresses copied on the email (an address equal to `to`'s is left out). */
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Unique per email meant: queueing the same key again returns the existing row. */
  readonly idempotencyKey: string;
  /** Ids the dev team needs to investigate a failure (user_id, order_id …). No secrets. */
  readonly context?: Record<string, unknown>;
  /** Do not send after this moment (a reset link past its expiry). */
  readonly sendBefore?: Date | null;
  /**
   * A one-time secret the body shows as SECRET_PLACEHOLDER (a reset token): stored apart from
   * the body, put in at send time, erased once the email settles or `sendBefore` passes.
   * Requires `sendBefore`.
   */
  readonly secret?: string;
}

export interface QueuedEmail {
  readonly id: number;
  /** False when the idempotency key already had a row: nothing new was queued. */
  readonly created: boolean;
  /** Set when the row was claimed at insert for an immediate send by this request. */
  readonly lockToken: string | null;
}

export interface QueueOptions {
  readonly now: Date;
  /**
   * Claim the row for the caller (status `sending`, lease until `now + leaseMs`) so the background
   * worker leaves it alone while the request sends it; if the request dies, the lease runs out
   * and the worker sends it.
   */
  readonly claimForMs?: number;
}

/**
 * Writes an email to the outbox. Call it with the transaction of the change that causes the
 * email: if that transaction rolls back, no email exists; once it commits, the email will be sent.
 */
export async function queueEmail(
  trx: Kysely<Database>,
  email: OutgoingEmail,
  options: QueueOptions,
): Promise<QueuedEmail> {
  const { now, claimForMs } = options;
  if (email.secret !== undefined && !email.sendBefore) {
    throw new Error(`${email.kind} email: a one-time secret needs sendBefore, when it is erased`);
  }
  const lockToken = claimForMs === undefined ? null : randomUUID();
  const inserted = await trx
    .insertInto('email_outbox')
    .values({
      kind: email.kind,
      to_email: email.to.email,
      to_name: email.to.name ?? null,
      cc_emails: JSON.stringify(
        (email.cc ?? []).filter((cc) => cc.toLowerCase() !== email.to.email.toLowerCase()),
      ),
      subject: email.subject,
      html_body: email.html,
      text_body: email.text,
      context: JSON.stringify(email.context ?? {}),
      idempotency_key: email.idempotencyKey,
      status: lockToken ? 'sending' : 'queued',
      attempts: lockToken ? 1 : 0,
      next_attempt_at: now,
      send_before: email.sendBefore ?? null,
      carries_secret: email.secret !== undefined,
      secret: email.secret ?? null,
      locked_until: claimForMs === undefined ? null : new Date(now.getTime() + claimForMs),
      lock_token: lockToken,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true, lockToken };
  const existing = await trx
    .selectFrom('email_outbox')
    .select('id')
    .where('idempotency_key', '=', email.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false, lockToken: null };
}

/** The columns a delivery attempt needs. */
export const CLAIMED_COLUMNS = [
  'id',
  'kind',
  'to_email',
  'to_name',
  'cc_emails',
  'subject',
  'html_body',
  'text_body',
  'context',
  'attempts',
  'send_before',
  'carries_secret',
  'secret',
  'lock_token',
] as const;

export interface ClaimedEmail {
  readonly id: number;
  readonly kind: EmailKind;
  readonly to_email: string;
  readonly to_name: string | null;
  readonly cc_emails: readonly string[];
  readonly subject: string;
  readonly html_body: string;
  readonly text_body: string;
  readonly context: Record<string, unknown>;
  /** Including the attempt now being made. */
  readonly attempts: number;
  readonly send_before: Date | null;
  readonly carries_secret: boolean;
  /** Null once erased: an email that carries a secret is then never sent. */
  readonly secret: string | null;
  readonly lock_token: string;
}
