import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { applicationParam } from '../auth/applications.js';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import { permissionDenied } from '../access/visibility.js';
import { isEmployee, type Actor } from './access.js';

/**
 * Record-keeping params (who, when, where) that only employees may set, for example to record a
 * cancelation a client phoned in yesterday. Everyone else gets the defaults: now, themselves, the
 * application of the request.
 */
export function assertEmployeeOnly<T extends object>(
  actor: Actor,
  input: T,
  names: readonly (keyof T & string)[],
): void {
  if (isEmployee(actor)) return;
  const given = names.find((name) => input[name] !== undefined);
  if (given) throw permissionDenied(given, `only an employee may set ${given}`);
}

/**
 * `canceled_by` / `reinstated_by`: a user id ("12") or an email address of an existing user.
 * Returns the user id stored on the cancelation.
 */
export async function resolveUserRef(db: Kysely<Database>, paramName: string, ref: string): Promise<number> {
  const trimmed = ref.trim();
  let query = db.selectFrom('users').select('id');
  if (/^\d{1,10}$/.test(trimmed) && Number(trimmed) <= 2_147_483_647) {
    query = query.where('id', '=', Number(trimmed));
  } else if (trimmed.includes('@')) {
    query = query.where((eb) => eb(eb.fn('lower', ['email']), '=', trimmed.toLowerCase()));
  } else {
    throw ApiError.invalidParam(paramName, `${paramName} must be a user id or an email address`);
  }
  const user = await query.executeTakeFirst();
  if (!user) throw ApiError.invalidParam(paramName, `${paramName} ${trimmed} is not a user`);
  return user.id;
}

/** `canceled_in`: the slug of a registered application. */
export async function resolveApplicationRef(
  db: Kysely<Database>,
  paramName: string,
  slug: string,
): Promise<string> {
  return (await applicationParam(db, slug, paramName)).slug;
}

/**
 * What makes two create requests "the same" for an idempotency key: the caller and every param
 * they passed (absent ones left out), independent of key order.
 */
export function fingerprintOf(actor: Actor, params: Record<string, unknown>): string {
  const given = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([actor.userId, given]))
    .digest('hex');
}
