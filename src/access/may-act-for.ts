import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';

/**
 * The one rule of who may act for a client: an employee for any client, a liaison for the clients
 * linked to them (liaison_clients), a client only for themselves.
 */
export async function mayActFor(db: Kysely<Database>, caller: RoleActor, clientId: number): Promise<boolean> {
  switch (caller.kind) {
    case 'employee':
      return true;
    case 'client':
      return caller.clientId === clientId;
    case 'liaison': {
      const link = await db
        .selectFrom('liaison_clients')
        .select('client_id')
        .where('liaison_id', '=', caller.liaisonId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return link !== undefined;
    }
  }
}

/**
 * Refuses, with `client-access-denied` (403) naming the param, a caller who may not act for the
 * client. Checked before the client's existence, so a client id that does not exist answers the
 * same to everyone but employees (who may act for any client, and learn it does not exist).
 */
export async function assertMayActFor(
  db: Kysely<Database>,
  caller: RoleActor,
  clientId: number,
  param = 'client_id',
): Promise<void> {
  if (await mayActFor(db, caller, clientId)) return;
  const why =
    caller.kind === 'liaison'
      ? `client ${clientId} is not one of this liaison's clients`
      : `a client may act only for themselves, not for client ${clientId}`;
  throw new ApiError('client-access-denied', `You may not act for client ${clientId}.`, [
    { param, status: 'client-access-denied', message: why },
  ]);
}

/**
 * The client a route acts for (a `client_id` param): refused as `assertMayActFor` says, then
 * `invalid-param` when it does not exist (which only an employee can reach).
 */
export async function clientToActFor(
  db: Kysely<Database>,
  caller: RoleActor,
  clientId: number,
  param = 'client_id',
): Promise<{ id: number; user_id: number }> {
  await assertMayActFor(db, caller, clientId, param);
  const client = await db
    .selectFrom('clients')
    .select(['id', 'user_id'])
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw ApiError.invalidParam(param, `${param} ${clientId} does not exist`);
  return client;
}
