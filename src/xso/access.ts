import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RoleAuth } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';

/**
 * Whether the caller may act for the client: an employee for any client, a liaison for the clients
 * linked to them, a client for themselves. Checked before the client's existence, so only employees
 * learn whether a client id exists.
 */
export async function assertMayActFor(db: Kysely<Database>, auth: RoleAuth, clientId: number): Promise<void> {
  if (auth.kind === 'employee') return;
  if (auth.kind === 'client' && auth.clientId === clientId) return;
  if (auth.kind === 'liaison') {
    const link = await db
      .selectFrom('liaison_clients')
      .select('client_id')
      .where('liaison_id', '=', auth.liaisonId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (link) return;
  }
  const why =
    auth.kind === 'liaison'
      ? `client ${clientId} is not one of this liaison's clients`
      : `a client may act only for themselves, not for client ${clientId}`;
  throw new ApiError('client-access-denied', `You may not act for client ${clientId}.`, [
    { param: 'client_id', status: 'client-access-denied', message: why },
  ]);
}

export async function findClient(db: Kysely<Database>, clientId: number) {
  const client = await db
    .selectFrom('clients')
    .select(['id', 'user_id'])
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw ApiError.invalidParam('client_id', `client_id ${clientId} does not exist`);
  return client;
}
