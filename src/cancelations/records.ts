import type { Insertable, Kysely, Selectable } from 'kysely';
import { eventField, eventView } from '../audit/trail.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import type { Actor } from './access.js';
import {
  CANCELABLE_TYPES,
  CANCELATION_ACTIONS,
  type CancelationAction,
  type CancelationTables,
} from './tables.js';

export type CancelationRow = Selectable<CancelationTables['cancelations']> & { reason_slug: string | null };

/** Cancelations with their reason's slug; callers add filters, order and locks. */
export function cancelationQuery(db: Kysely<Database>) {
  return db
    .selectFrom('cancelations as c')
    .leftJoin('cancelation_reasons as r', 'r.id', 'c.reason_id')
    .selectAll('c')
    .select('r.slug as reason_slug');
}

export async function findCancelation(
  db: Kysely<Database>,
  id: number,
  options: { lock?: boolean } = {},
): Promise<CancelationRow | undefined> {
  const query = cancelationQuery(db).where('c.id', '=', id);
  return (options.lock ? query.forUpdate('c') : query).executeTakeFirst();
}

/** What a new cancelation is given; the rest is the same for every new one. */
export type NewCancelation = Omit<
  Insertable<CancelationTables['cancelations']>,
  'id' | 'reinstated_at' | 'reinstated_by' | 'reinstated_in' | 'reinstated_note' | 'active' | 'updated_at'
>;

/**
 * The insert of a new cancelation: standing (active), not reinstated, last updated when created.
 * Callers add their own conflict handling and `returning`: a cancel turns a racing duplicate into
 * no row, while the cascade lets it fail.
 */
export function insertCancelation(trx: Kysely<Database>, values: NewCancelation) {
  return trx.insertInto('cancelations').values({
    ...values,
    reinstated_at: null,
    reinstated_by: null,
    reinstated_in: null,
    reinstated_note: null,
    active: true,
    updated_at: values.created_at,
  });
}

/** The declared reply shape of `cancelationView`. */
export const cancelationField = field.object({
  id: field.integer({ example: 87 }),
  cancelable_type: field.string({ possibleValues: CANCELABLE_TYPES, example: 'order' }),
  cancelable_id: field.integer({ example: 1042 }),
  client_id: field.integer({ example: 311, description: 'The client the canceled record belongs to.' }),
  key: field.string({
    nullable: true,
    example: 'cancel-1042-7f3a',
    description: 'The idempotency key, if one was given.',
  }),
  reason_id: field.integer({ nullable: true, example: 3 }),
  reason_slug: field.string({ nullable: true, example: 'client-request' }),
  reason_text: field.string({ nullable: true, example: 'The client asked to cancel.' }),
  reason_note: field.string({ nullable: true, example: 'Listing was withdrawn.' }),
  canceled_at: field.datetime(),
  canceled_by: field.integer({ example: 42, description: 'User id of who canceled.' }),
  canceled_in: field.string({ nullable: true, example: 'planoorder', description: 'Application slug.' }),
  status_before_cancel: field.string({
    example: 'scheduling',
    description: 'The record’s status before the cancel; a reinstate restores it.',
  }),
  reinstated_at: field.datetime({ nullable: true }),
  reinstated_by: field.integer({ nullable: true, example: null }),
  reinstated_in: field.string({ nullable: true, example: null }),
  reinstated_note: field.string({ nullable: true, example: null }),
  active: field.boolean({ example: true, description: 'false once reinstated.' }),
  created_by: field.integer({ example: 42 }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
  parent_cancelation_id: field.integer({
    nullable: true,
    example: null,
    description: 'Set when canceling an order canceled this record too: the order’s cancelation.',
  }),
});

/** A cancelation's history entries (`historyOf`). */
export const historyField = field.list(eventField(CANCELATION_ACTIONS), {
  description: 'Every cancel, update and reinstate, oldest first.',
});

/** The cancelation as the API returns it. */
export function cancelationView(row: CancelationRow) {
  return {
    id: row.id,
    cancelable_type: row.cancelable_type,
    cancelable_id: row.cancelable_id,
    client_id: row.client_id,
    key: row.key,
    reason_id: row.reason_id,
    reason_slug: row.reason_slug,
    reason_text: row.reason_text,
    reason_note: row.reason_note,
    canceled_at: row.canceled_at.toISOString(),
    canceled_by: row.canceled_by,
    canceled_in: row.canceled_in,
    status_before_cancel: row.status_before_cancel,
    reinstated_at: row.reinstated_at?.toISOString() ?? null,
    reinstated_by: row.reinstated_by,
    reinstated_in: row.reinstated_in,
    reinstated_note: row.reinstated_note,
    active: row.active,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    parent_cancelation_id: row.parent_cancelation_id,
  };
}

export interface EventInput {
  readonly cancelationId: number;
  readonly action: CancelationAction;
  readonly actor: Actor;
  readonly now: Date;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown>;
}

/** Appends one history entry; call it in the transaction that makes the change. */
export async function recordEvent(trx: Kysely<Database>, event: EventInput): Promise<void> {
  await trx
    .insertInto('cancelation_events')
    .values({
      cancelation_id: event.cancelationId,
      action: event.action,
      actor_user_id: event.actor.userId,
      acting_user_id: event.actor.actingUserId,
      application: event.actor.applicationSlug,
      occurred_at: event.now,
      before: event.before === null ? null : JSON.stringify(event.before),
      after: JSON.stringify(event.after),
    })
    .execute();
}

/** A cancelation's history, oldest first. */
export async function historyOf(db: Kysely<Database>, cancelationId: number) {
  const rows = await db
    .selectFrom('cancelation_events')
    .selectAll()
    .where('cancelation_id', '=', cancelationId)
    .orderBy('id')
    .execute();
  return rows.map(eventView);
}
