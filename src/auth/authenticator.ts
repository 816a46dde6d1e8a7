import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { QueryRunner } from '../db/precompiled.js';
import type { Database } from '../schema.js';
import type { Authenticator } from '../http/pipeline.js';
import type { ApplicationAuth, AuthState, Role, SessionRecord } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import type { RouteRecord } from '../protocol/route.js';
import { applicationParam } from './applications.js';
import type { SessionCache } from './session-cache.js';
import { holdsPermission } from './permissions.js';
import { expiredBecause, needsTouch, originEndedBecause } from './session-policy.js';
import { findSessionByTokenHash, withPeople, type StoredSession } from './session-store.js';
import { defaultViewOf, renderSession } from './session-views.js';
import { hashToken, sameDigest } from './tokens.js';

/**
 * Turns a request's `token` (and `application`, `session_view`) into who is calling, or the
 * documented status explaining why not.
 */
export class TokenAuthenticator implements Authenticator {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Where the session lookup runs: `DatabaseHandle.reads`. */
    private readonly reads: QueryRunner,
    private readonly cache: SessionCache,
  ) {}

  async authenticate(route: RouteRecord, params: Record<string, unknown>): Promise<AuthState> {
    const token = params.token;
    if (typeof token !== 'string') throw ApiError.missingParam('token');
    const digest = hashToken(token);
    if (route.auth.kind === 'application') return this.authenticateApplication(digest);

    const session = await this.lookup(digest);
    if (!session || !sameDigest(session.token_hash, digest)) throw invalidToken('unknown');
    if (session.revoked_at) throw invalidToken(session.revoked_reason ?? 'revoked');

    const now = this.clock.now();
    const expired = expiredBecause(session, now);
    if (expired) {
      throw new ApiError(
        'session-expired',
        expired === 'absolute'
          ? 'The session is older than seven days; sign in again.'
          : 'The session has not been used in 72 hours; sign in again.',
        [],
        { reason: expired },
      );
    }
    const originEnded = originEndedBecause(session, now);
    if (originEnded) throw invalidToken(originEnded);
    // Spreads only on the rare paths: once a minute per session, and when `application` switches role.
    const current = needsTouch(session, now)
      ? { ...session, last_used_at: await this.touch(session.id, now) }
      : session;
    const application = await this.applicationFor(session, params.application);
    const record =
      application.application_id === session.application_id ? current : { ...current, ...application };
    const sessionPayload =
      params.session_view === 'full'
        ? renderSession(await withPeople(this.db, record), 'full')
        : record === session
          ? defaultViewOf(session)
          : renderSession(record, 'default');
    const caller = callerOf(route, record, current, sessionPayload);
    if (route.auth.kind === 'roles' && route.auth.permission !== undefined) {
      const permission = route.auth.permission;
      if (caller.kind !== 'employee' || !(await holdsPermission(this.db, caller.employeeId, permission))) {
        throw new ApiError(
          'permission-denied',
          `${route.path} needs an employee holding the ${permission} permission.`,
          [],
          null,
          sessionPayload,
        );
      }
    }
    return caller;
  }

  /** The cache first (see SessionCache for why that is safe), then the database. */
  private async lookup(digest: string): Promise<StoredSession | undefined> {
    const cached = this.cache.get(digest);
    if (cached) return cached;
    const ticket = this.cache.ticket();
    const session = await findSessionByTokenHash(this.reads, digest);
    if (session) this.cache.store(digest, session, ticket);
    return session;
  }

  private async authenticateApplication(digest: string): Promise<ApplicationAuth> {
    const app = await this.db
      .selectFrom('applications')
      .select(['id', 'slug', 'role', 'token_hash'])
      .where('token_hash', '=', digest)
      .executeTakeFirst();
    if (!app?.token_hash || !sameDigest(app.token_hash, digest)) throw invalidToken('unknown');
    return { kind: 'application', applicationId: app.id, applicationSlug: app.slug };
  }

  /** The request's `application` picks the role; without it, the application the session began in. */
  private async applicationFor(session: StoredSession, slug: unknown) {
    const current = {
      application_id: session.application_id,
      application_slug: session.application_slug,
      role: session.role,
    };
    if (typeof slug !== 'string' || slug === session.application_slug) return current;
    const app = await applicationParam(this.db, slug);
    return { application_id: app.id, application_slug: app.slug, role: app.role };
  }

  private async touch(sessionId: number, now: Date): Promise<Date> {
    await this.db.updateTable('sessions').set({ last_used_at: now }).where('id', '=', sessionId).execute();
    this.cache.forgetSession(sessionId);
    return now;
  }
}

const TOKEN_REJECTIONS: Record<string, string> = {
  unknown: 'not recognised',
  'origin-revoked': 'revoked: the session it was handed off from has been revoked',
  'origin-expired': 'revoked: the session it was handed off from has expired',
};

function invalidToken(reason: string): ApiError {
  return new ApiError(
    'invalid-token',
    'The token is not a live session or application token.',
    [
      {
        param: 'token',
        status: 'invalid-token',
        message: `token is ${TOKEN_REJECTIONS[reason] ?? `revoked (${reason})`}`,
      },
    ],
    { reason },
  );
}

/**
 * The caller of the kind the request acts as: the role the request's application picks, when the
 * user holds it; otherwise `user` on routes for any signed-in user, and the documented refusal on
 * routes for roles. One object literal per kind (this runs on every authenticated request).
 */
function callerOf(
  route: RouteRecord,
  /** The session in the request's application (its role, application id and slug). */
  record: SessionRecord & { readonly application_id: number },
  /** The session in its own application, as `ctx.auth.session`. */
  session: SessionRecord,
  sessionPayload: unknown,
): AuthState {
  const role = record.role;
  const roleId = roleIdOf(record, role);
  if (route.auth.kind === 'roles') authorizeRole(route, route.auth.roles, record, roleId, sessionPayload);
  const { user_id: userId, id: sessionId, application_id: applicationId } = record;
  const applicationSlug = record.application_slug;
  const actingUserId = record.acting_user_id;
  if (roleId === null) {
    return {
      kind: 'user',
      userId,
      sessionId,
      applicationId,
      applicationSlug,
      actingUserId,
      session,
      sessionPayload,
    };
  }
  switch (role) {
    case 'client':
      return {
        kind: 'client',
        clientId: roleId,
        userId,
        sessionId,
        applicationId,
        applicationSlug,
        actingUserId,
        session,
        sessionPayload,
      };
    case 'employee':
      return {
        kind: 'employee',
        employeeId: roleId,
        userId,
        sessionId,
        applicationId,
        applicationSlug,
        actingUserId,
        session,
        sessionPayload,
      };
    case 'liaison':
      return {
        kind: 'liaison',
        liaisonId: roleId,
        userId,
        sessionId,
        applicationId,
        applicationSlug,
        actingUserId,
        session,
        sessionPayload,
      };
  }
}

function roleIdOf(
  s: { client_id: number | null; employee_id: number | null; liaison_id: number | null },
  role: Role,
): number | null {
  return role === 'client' ? s.client_id : role === 'employee' ? s.employee_id : s.liaison_id;
}

/** Routes for roles: a user with no role at all, without the application's role, or in another role. */
function authorizeRole(
  route: RouteRecord,
  roles: readonly Role[],
  record: SessionRecord,
  roleId: number | null,
  session: unknown,
): void {
  if (record.client_id === null && record.employee_id === null && record.liaison_id === null) {
    throw new ApiError(
      'client-required',
      'The user has no client, employee or liaison record; register as a client with /api/v1/users/client_register.',
      [],
      null,
      session,
    );
  }
  if (roleId === null) {
    throw new ApiError(
      'role-required',
      `The user has no ${record.role} record for application ${record.application_slug}.`,
      [],
      null,
      session,
    );
  }
  if (!roles.includes(record.role)) {
    throw new ApiError(
      'permission-denied',
      `A ${record.role} may not call ${route.path}.`,
      [],
      null,
      session,
    );
  }
}
