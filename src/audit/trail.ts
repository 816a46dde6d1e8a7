import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { AuditActor } from '../protocol/auth-state.js';
import { field } from '../protocol/reply.js';
import type { AuditAction, AuditedEntity } from './tables.js';

type Fields = Readonly<Record<string, unknown>>;

export interface Change {
  readonly entityType: AuditedEntity;
  readonly entityId: number;
  readonly action: AuditAction;
  /** The fields as they were (null for a create); only the changed ones is enough for an update. */
  readonly before: Fields | null;
  /** The fields as they are now (null for a delete). */
  readonly after: Fields | null;
  /** When it happened: the request's `ctx.clock.now()`. */
  readonly at: Date;
}

/**
 * Appends one entry to the audit trail, naming who made the change (user, acting user, application).
 * Call it with the transaction that makes the change, so a rolled-back change leaves no entry and
 * a committed one always has its entry.
 */
export async function recordChange(
  trx: Transaction<Database>,
  actor: AuditActor,
  change: Change,
): Promise<void> {
  const signedIn = actor.kind !== 'application';
  await trx
    .insertInto('audit_events')
    .values({
      entity_type: change.entityType,
      entity_id: change.entityId,
      action: change.action,
      actor_user_id: signedIn ? actor.userId : null,
      acting_user_id: signedIn ? actor.actingUserId : null,
      application: actor.applicationSlug,
      occurred_at: change.at,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
    })
    .execute();
}

/**
 * The fields that differ between two views of a record, each side holding only those; null when
 * nothing changed (then there is nothing to record). `ignore` leaves out bookkeeping fields.
 */
export function changedFields<T extends Fields>(
  before: T,
  after: T,
  ignore: readonly (keyof T)[] = ['updated_at'],
): { keys: (keyof T & string)[]; before: Partial<T>; after: Partial<T> } | null {
  const keys = (Object.keys(after) as (keyof T & string)[]).filter(
    (key) => !ignore.includes(key) && !sameValue(before[key], after[key]),
  );
  if (keys.length === 0) return null;
  const pick = (fields: T) => Object.fromEntries(keys.map((k) => [k, fields[k]])) as Partial<T>;
  return { keys, before: pick(before), after: pick(after) };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One record's trail, oldest first, as the API shows it. */
export async function auditHistory(db: Kysely<Database>, entityType: AuditedEntity, entityId: number) {
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map(eventView);
}

/** A history entry as the API shows it (audit events and cancelation events alike). */
/** An entry of a history as replies show it (`eventView`), its actions named by the caller. */
export function eventField(actions: readonly string[]) {
  return field.object({
    id: field.integer({ example: 913 }),
    action: field.string({ possibleValues: actions, description: 'What was done.' }),
    actor_user_id: field.integer({
      nullable: true,
      example: 42,
      description: 'The signed-in user who did it.',
    }),
    acting_user_id: field.integer({
      nullable: true,
      example: null,
      description: 'Who acted on their behalf (XSO), or null.',
    }),
    application: field.string({
      nullable: true,
      example: 'planoorder',
      description: 'Application it was done in.',
    }),
    occurred_at: field.datetime(),
    before: field.json({ description: 'The changed fields before (null for a creation).' }),
    after: field.json({ description: 'The changed fields after.' }),
  });
}

export function eventView<A extends string>(e: {
  id: number;
  action: A;
  actor_user_id: number | null;
  acting_user_id: number | null;
  application: string | null;
  occurred_at: Date;
  before: unknown;
  after: unknown;
}) {
  return {
    id: e.id,
    action: e.action,
    actor_user_id: e.actor_user_id,
    acting_user_id: e.acting_user_id,
    application: e.application,
    occurred_at: e.occurred_at.toISOString(),
    before: e.before,
    after: e.after,
  };
}
