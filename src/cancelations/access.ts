import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EmployeeAuth, LiaisonAuth, RoleAuth } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import type { Cancelable } from './cancelables.js';

/**
 * Who is making a cancelation change, as the rules and the history see them: the route's caller
 * (its user, role id, acting user and application; `applicationSlug` is the default `canceled_in`).
 */
export type Actor = RoleAuth;

export const isEmployee = (actor: Actor): actor is EmployeeAuth => actor.kind === 'employee';

/**
 * Employees may cancel anything; liaisons anything of their clients; clients only their own
 * orders (the status rule for clients is `assertClientMayCancelInStatus`).
 */
export async function assertMayCancel(db: Kysely<Database>, actor: Actor, target: Cancelable): Promise<void> {
  if (actor.kind === 'employee') return;
  if (actor.kind === 'client') {
    if (target.type !== 'order') throw denied('cancelable_type', 'a client may cancel only orders');
    if (target.clientId !== actor.clientId) throw denied('cancelable_id', 'the order is not yours');
    return;
  }
  if (!(await liaisonActsFor(db, actor, target.clientId))) {
    throw denied('cancelable_id', `the ${target.type} does not belong to one of your clients`);
  }
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

/** Who may read a cancelation: employees all, clients their own, liaisons their clients'. */
export async function assertMaySee(
  db: Kysely<Database>,
  actor: Actor,
  cancelation: { client_id: number },
): Promise<void> {
  if (actor.kind === 'employee') return;
  if (actor.kind === 'client' && cancelation.client_id === actor.clientId) return;
  if (actor.kind === 'liaison' && (await liaisonActsFor(db, actor, cancelation.client_id))) return;
  throw denied('id', 'the cancelation is not one of yours');
}

/** How a list is narrowed to what the actor may see. */
export type Visibility =
  | { readonly kind: 'all' }
  | { readonly kind: 'client'; readonly clientId: number }
  | { readonly kind: 'liaison'; readonly liaisonId: number };

export function visibilityOf(actor: Actor): Visibility {
  if (actor.kind === 'employee') return { kind: 'all' };
  if (actor.kind === 'client') return { kind: 'client', clientId: actor.clientId };
  return { kind: 'liaison', liaisonId: actor.liaisonId };
}

export function denied(param: string, message: string): ApiError {
  return new ApiError('permission-denied', `Not allowed: ${message}.`, [
    { param, status: 'permission-denied', message },
  ]);
}

async function liaisonActsFor(db: Kysely<Database>, actor: LiaisonAuth, clientId: number): Promise<boolean> {
  const row = await db
    .selectFrom('liaison_clients')
    .select('client_id')
    .where('liaison_id', '=', actor.liaisonId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row !== undefined;
}
