import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The email rule lives with the param formats (`format: 'email'`); registration checks it too. */
export { EMAIL_MAX_LENGTH, isEmail } from '../protocol/formats.js';

/** Emails are unique regardless of case; the user's own spelling is kept. */
export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'first_name', 'last_name'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export interface RoleIds {
  client_id: number | null;
  employee_id: number | null;
  liaison_id: number | null;
}

export async function roleIdsOf(db: Kysely<Database>, userId: number): Promise<RoleIds> {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('clients as c', 'c.user_id', 'u.id')
    .leftJoin('employees as e', 'e.user_id', 'u.id')
    .leftJoin('liaisons as l', 'l.user_id', 'u.id')
    .select(['c.id as client_id', 'e.id as employee_id', 'l.id as liaison_id'])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return row;
}

/** PostgreSQL's unique_violation, raised alike by pg and PGlite. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
