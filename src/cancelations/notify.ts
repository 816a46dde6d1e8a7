import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { clientRecipients } from '../clients/recipients.js';
import { queueCancelationNotice } from '../email/emails.js';
import type { Cancelable } from './cancelables.js';
import type { CancelationRow } from './records.js';

/**
 * Queues the cancelation email to the client who owns the canceled record, copied to their
 * assistants (`clientRecipients`). Call it inside the
 * cancel transaction: the outbox row commits with the cancel or not at all, and the outbox's
 * idempotency key (cancelation id + canceled_at) keeps it to one email per cancel.
 */
export async function notifyClientOfCancelation(
  trx: Kysely<Database>,
  target: Cancelable,
  cancelation: CancelationRow,
  now: Date,
): Promise<void> {
  const { to, cc } = await clientRecipients(trx, target.clientId, 'order');
  await queueCancelationNotice(trx, {
    cancelationId: cancelation.id,
    cancelableType: target.type,
    cancelableId: target.id,
    description: target.description,
    to,
    cc,
    reasonText: cancelation.reason_text,
    canceledAt: cancelation.canceled_at,
    now,
  });
}
