import type { Kysely } from 'kysely';
import { clientToActFor } from '../access/may-act-for.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import type { Database } from '../schema.js';

/**
 * The client a payment or checkout route acts for: a client acts for themselves (the param may be
 * left out); employees and liaisons name the client, refused unless they may act for it.
 */
export async function actingClient(
  db: Kysely<Database>,
  caller: RoleActor,
  clientId: number | undefined,
  param: string,
): Promise<{ id: number; user_id: number }> {
  const id = clientId ?? (caller.kind === 'client' ? caller.clientId : undefined);
  if (id === undefined)
    throw ApiError.missingParam(param, `${param} is required when acting as ${caller.kind}`);
  return clientToActFor(db, caller, id, param);
}
