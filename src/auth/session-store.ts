import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OriginTimes } from './session-policy.js';
import type { SessionRecord } from './session-views.js';
import { hashToken, newToken } from './tokens.js';

export interface StoredSession extends SessionRecord, OriginTimes {
  readonly token_hash: string;
  readonly application_id: number;
  readonly revoked_at: Date | null;
  readonly revoked_reason: string | null;
}

/**
 * One session with its user, application and role records, in one query. Requests look sessions
 * up by token through `session_by_token_hash` (migration 0007), the same query with its plan kept.
 */
function sessionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .leftJoin('users as actor', 'actor.id', 's.acting_user_id')
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
      'actor.email as acting_email',
      'actor.first_name as acting_first_name',
      'actor.last_name as acting_last_name',
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
      'u.email',
      'u.first_name',
      'u.last_name',
      eb.selectFrom('clients as c').select('c.id').whereRef('c.user_id', '=', 's.user_id').as('client_id'),
      eb
        .selectFrom('employees as e')
        .select('e.id')
        .whereRef('e.user_id', '=', 's.user_id')
        .as('employee_id'),
      eb.selectFrom('liaisons as l').select('l.id').whereRef('l.user_id', '=', 's.user_id').as('liaison_id'),
    ]);
}

/** The lookup every authenticated request makes. */
export async function findSessionByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<StoredSession | undefined> {
  const { rows } = await sql<StoredSession>`select * from session_by_token_hash(${tokenHash})`.execute(db);
  return rows[0];
}

export function findSessionById(db: Kysely<Database>, id: number): Promise<StoredSession | undefined> {
  return sessionQuery(db).where('s.id', '=', id).executeTakeFirst();
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
