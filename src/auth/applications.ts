import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Role } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import { hashToken, newToken } from './tokens.js';

export interface Application {
  readonly id: number;
  readonly slug: string;
  /** The role a request made through this application acts as. */
  readonly role: Role;
}

/** The one lookup of an application by its slug (planoauth, planoorder, planox2, capture, …). */
export function findApplication(db: Kysely<Database>, slug: string): Promise<Application | undefined> {
  return db
    .selectFrom('applications')
    .select(['id', 'slug', 'role'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** The application a param names, or `invalid-param` naming that param. */
export async function applicationParam(
  db: Kysely<Database>,
  slug: string,
  param = 'application',
): Promise<Application> {
  const app = await findApplication(db, slug);
  if (!app) throw ApiError.invalidParam(param, `${param} ${slug} is not a registered application`);
  return app;
}

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
