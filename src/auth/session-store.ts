import type { Kysely } from 'kysely';
import { precompiled, type QueryRunner } from '../db/precompiled.js';
import type { Database } from '../schema.js';
import type { OriginTimes } from './session-policy.js';
import type { SessionPeople, SessionRecord } from './session-views.js';
import { hashToken, newToken } from './tokens.js';

export interface StoredSession extends SessionRecord, OriginTimes {
  readonly token_hash: string;
  readonly application_id: number;
  readonly revoked_at: Date | null;
  readonly revoked_reason: string | null;
}

/**
 * One session with its application, its origin's times (XSO) and the user's role records: what
 * authenticating a request needs, in one statement that runs prepared. Names (`SessionPeople`)
 * are read apart, only for the full view: two joins of users cost a third of the lookup.
 */
function sessionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .leftJoin('sessions as origin', 'origin.id', 's.origin_session_id')
    .select((eb) => [
      's.id',
      's.token_hash',
      's.user_id',
      's.application_id',
      'a.slug as application_slug',
      'a.role',
      's.remember_me',
      's.acting_user_id',
      's.origin_session_id',
      'origin.revoked_at as origin_revoked_at',
      'origin.created_at as origin_created_at',
      'origin.last_used_at as origin_last_used_at',
      'origin.remember_me as origin_remember_me',
      's.redirect_url',
      's.created_at',
      's.last_used_at',
      's.revoked_at',
      's.revoked_reason',
      eb.selectFrom('clients as c').select('c.id').whereRef('c.user_id', '=', 's.user_id').as('client_id'),
      eb
        .selectFrom('employees as e')
        .select('e.id')
        .whereRef('e.user_id', '=', 's.user_id')
        .as('employee_id'),
      eb.selectFrom('liaisons as l').select('l.id').whereRef('l.user_id', '=', 's.user_id').as('liaison_id'),
    ]);
}

// Compiled once; the statement each request makes (see PipelinedReads for where it runs).
const sessionByTokenHash = precompiled<'tokenHash', StoredSession>((db, param) =>
  sessionQuery(db).where('s.token_hash', '=', param('tokenHash')),
);

/** The lookup every authenticated request makes. */
export async function findSessionByTokenHash(
  runner: QueryRunner,
  tokenHash: string,
): Promise<StoredSession | undefined> {
  return (await sessionByTokenHash(runner, { tokenHash }))[0];
}

export function findSessionById(db: Kysely<Database>, id: number): Promise<StoredSession | undefined> {
  return sessionQuery(db).where('s.id', '=', id).executeTakeFirst();
}

export async function findFullSessionById(
  db: Kysely<Database>,
  id: number,
): Promise<(StoredSession & SessionPeople) | undefined> {
  const session = await findSessionById(db, id);
  return session && withPeople(db, session);
}

/** The session with its user's and acting user's names, for the full view. */
export async function withPeople<S extends SessionRecord>(
  db: Kysely<Database>,
  session: S,
): Promise<S & SessionPeople> {
  const ids = session.acting_user_id === null ? [session.user_id] : [session.user_id, session.acting_user_id];
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'first_name', 'last_name'])
    .where('id', 'in', ids)
    .execute();
  const user = users.find((u) => u.id === session.user_id)!;
  const actor = users.find((u) => u.id === session.acting_user_id);
  return {
    ...session,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    acting_email: actor?.email ?? null,
    acting_first_name: actor?.first_name ?? null,
    acting_last_name: actor?.last_name ?? null,
  };
}

export interface NewSession {
  readonly userId: number;
  readonly applicationId: number;
  readonly rememberMe: boolean;
  readonly now: Date;
  readonly actingUserId?: number | null;
  /** The session this one is handed off from (XSO). */
  readonly originSessionId?: number | null;
  readonly redirectUrl?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

/** Creates a session and returns its token: the only time the token exists outside the caller. */
export async function createSession(
  db: Kysely<Database>,
  s: NewSession,
): Promise<{ id: number; token: string }> {
  const token = newToken('ps');
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: s.userId,
      application_id: s.applicationId,
      remember_me: s.rememberMe,
      acting_user_id: s.actingUserId ?? null,
      origin_session_id: s.originSessionId ?? null,
      redirect_url: s.redirectUrl ?? null,
      ip: s.ip ?? null,
      user_agent: s.userAgent?.slice(0, 512) ?? null,
      created_at: s.now,
      last_used_at: s.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** Revokes the user's live sessions, optionally sparing one; returns how many ended. */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: number,
  reason: string,
  now: Date,
  exceptSessionId?: number,
): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
