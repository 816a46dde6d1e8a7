import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { QueryRunner } from '../db/precompiled.js';
import type { Database } from '../db/schema.js';
import type { Authenticator } from '../http/pipeline.js';
import { ApiError } from '../protocol/errors.js';
import type { RouteRecord } from '../protocol/route.js';
import { expiredBecause, needsTouch, originEndedBecause } from './session-policy.js';
import { findSessionByTokenHash, withPeople, type StoredSession } from './session-store.js';
import { renderSession } from './session-views.js';
import { hashToken, sameDigest } from './tokens.js';
import type { AuthState, Role } from './types.js';

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
  ) {}

  async authenticate(route: RouteRecord, params: Record<string, unknown>): Promise<AuthState> {
    const token = params.token;
    if (typeof token !== 'string') throw ApiError.missingParam('token');
    const digest = hashToken(token);
    if (route.auth.kind === 'application') return this.authenticateApplication(digest);

    const session = await findSessionByTokenHash(this.reads, digest);
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
        : renderSession(record, 'default');
    const roleId = roleIdOf(record, application.role);
    const state: AuthState = {
      userId: session.user_id,
      sessionId: session.id,
      applicationId: application.application_id,
      applicationSlug: application.application_slug,
      role: roleId === null ? null : application.role,
      clientId: session.client_id,
      employeeId: session.employee_id,
      liaisonId: session.liaison_id,
      actingUserId: session.acting_user_id,
      session: current,
      sessionPayload,
    };
    if (route.auth.kind === 'roles') authorizeRole(route, state, application.role, sessionPayload);
    return state;
  }

  private async authenticateApplication(digest: string): Promise<AuthState> {
    const app = await this.db
      .selectFrom('applications')
      .select(['id', 'slug', 'role', 'token_hash'])
      .where('token_hash', '=', digest)
      .executeTakeFirst();
    if (!app?.token_hash || !sameDigest(app.token_hash, digest)) throw invalidToken('unknown');
    return {
      userId: null,
      sessionId: null,
      applicationId: app.id,
      applicationSlug: app.slug,
      role: null,
      clientId: null,
      employeeId: null,
      liaisonId: null,
      actingUserId: null,
      session: null,
      sessionPayload: null,
    };
  }

  /** The request's `application` picks the role; without it, the application the session began in. */
  private async applicationFor(session: StoredSession, slug: unknown) {
    const current = {
      application_id: session.application_id,
      application_slug: session.application_slug,
      role: session.role,
    };
    if (typeof slug !== 'string' || slug === session.application_slug) return current;
    const app = await this.db
      .selectFrom('applications')
      .select(['id as application_id', 'slug as application_slug', 'role'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!app) throw ApiError.invalidParam('application', `application ${slug} is not registered`);
    return app;
  }

  private async touch(sessionId: number, now: Date): Promise<Date> {
    await this.db.updateTable('sessions').set({ last_used_at: now }).where('id', '=', sessionId).execute();
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

function roleIdOf(
  s: { client_id: number | null; employee_id: number | null; liaison_id: number | null },
  role: Role,
): number | null {
  return role === 'client' ? s.client_id : role === 'employee' ? s.employee_id : s.liaison_id;
}

function authorizeRole(route: RouteRecord, state: AuthState, appRole: Role, session: unknown): void {
  if (route.auth.kind !== 'roles') return;
  if (state.clientId === null && state.employeeId === null && state.liaisonId === null) {
    throw new ApiError(
      'client-required',
      'The user has no client, employee or liaison record; register as a client with /api/v1/users/client_register.',
      [],
      null,
      session,
    );
  }
  if (state.role === null) {
    throw new ApiError(
      'role-required',
      `The user has no ${appRole} record for application ${state.applicationSlug}.`,
      [],
      null,
      session,
    );
  }
  if (!route.auth.roles.includes(state.role)) {
    throw new ApiError('permission-denied', `A ${state.role} may not call ${route.path}.`, [], null, session);
  }
}
