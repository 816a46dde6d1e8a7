import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashToken, newToken } from './tokens.js';

/**
 * Issues a new API token for an application (for its back end's server-to-server calls, such as
 * CaptuRE redeeming a hand-off code) and returns it: the only time it exists outside the caller.
 * Only its SHA-256 is stored; issuing again replaces the previous token, which stops working.
 */
export async function issueApplicationToken(db: Kysely<Database>, slug: string): Promise<string> {
  const token = newToken('pa');
  const result = await db
    .updateTable('applications')
    .set({ token_hash: hashToken(token) })
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new Error(`No application has the slug ${slug}`);
  return token;
}
