import type { Kysely } from 'kysely';
import { permissionDenied, visibleRecord, type RecordRef } from '../access/visibility.js';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import type { Cancelable } from './cancelables.js';
import type { CancelableType } from './tables.js';

/**
 * Who is making a cancelation change, as the rules and the history see them: the route's caller
 * (its user, role id, acting user and application; `applicationSlug` is the default `canceled_in`).
 */
export type Actor = RoleActor;

export const isEmployee = (actor: Actor): actor is Extract<Actor, { kind: 'employee' }> =>
  actor.kind === 'employee';

/** Clients cancel only orders; employees and liaisons any type (checked before the record is read). */
export function assertMayCancelType(actor: Actor, type: CancelableType): void {
  if (actor.kind === 'client' && type !== 'order') {
    throw permissionDenied('cancelable_type', 'a client may cancel only orders');
  }
}

/**
 * The record to cancel, if the actor may cancel it: employees anything, liaisons their clients'
 * records, clients their own orders (the status rule for clients is `assertClientMayCancelInStatus`).
 * Another client's record and one that does not exist answer alike (`permission-denied`).
 */
export function cancelableFor(
  db: Kysely<Database>,
  actor: Actor,
  target: Cancelable | undefined,
  ref: { type: CancelableType; id: number },
): Promise<Cancelable> {
  return visibleRecord(db, actor, target, (t) => t.clientId, {
    param: 'cancelable_id',
    label: `${ref.type} ${ref.id}`,
    status: 'permission-denied',
  });
}

/**
 * How routes name a cancelation by id: employees see every cancelation, clients those of their own
 * records, liaisons their clients'; any other id answers `permission-denied`, existing or not.
 */
export function cancelationRef(id: number): RecordRef {
  return { param: 'id', label: `cancelation ${id}`, status: 'permission-denied' };
}

/** The admin-managed list of statuses in which a client may still cancel (cancelable_statuses). */
export async function assertClientMayCancelInStatus(db: Kysely<Database>, target: Cancelable): Promise<void> {
  const rows = await db
    .selectFrom('cancelable_statuses')
    .select('status')
    .where('cancelable_type', '=', target.type)
    .orderBy('status')
    .execute();
  const allowed = rows.map((r) => r.status);
  if (allowed.includes(target.status)) return;
  throw new ApiError(
    'status-not-cancelable',
    `The ${target.type} is ${target.status}; a client may cancel it only while it is ${allowed.join(', ') || '(no status)'}.`,
    [
      {
        param: 'cancelable_id',
        status: 'status-not-cancelable',
        message: `the ${target.type} is ${target.status}`,
      },
    ],
    { status: target.status, cancelable_statuses: allowed },
  );
}
