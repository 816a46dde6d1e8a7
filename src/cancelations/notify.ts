import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** What the client is told when one of their orders is canceled. */
export interface CancelationNotice {
  readonly cancelationId: number;
  readonly cancelableType: string;
  readonly cancelableId: number;
  /** How the client knows it: "Order #12 at 48 Elm Street". */
  readonly description: string;
  readonly to: {
    readonly email: string;
    readonly firstName: string | null;
    readonly lastName: string | null;
  };
  readonly reasonText: string | null;
  readonly canceledAt: Date;
  readonly now: Date;
}

/**
 * HOOK for the email outbox (issue: email; built on branch `email`, not on main yet).
 *
 * Called inside the cancel transaction, so a cancel that rolls back notifies nobody and one that
 * commits notifies exactly once. Once src/email lands, the body becomes
 * `await queueCancelationNotice(trx, notice)` (same fields as CancelationNotice). Until then it
 * deliberately does nothing.
 */
export async function notifyClientOfCancelation(
  _trx: Kysely<Database>,
  _notice: CancelationNotice,
): Promise<void> {}

/** The client's contact details for the notice. */
export async function clientContact(trx: Kysely<Database>, clientId: number) {
  return trx
    .selectFrom('clients as cl')
    .innerJoin('users as u', 'u.id', 'cl.user_id')
    .select(['u.email', 'u.first_name', 'u.last_name'])
    .where('cl.id', '=', clientId)
    .executeTakeFirst();
}
