import type {
  ClientAuth,
  EmployeeAuth,
  LiaisonAuth,
  RoleAuth,
  SessionRecord,
} from '../../src/protocol/auth-state.js';
import type { TestUser } from './auth.js';

const APPLICATIONS = {
  client: { id: 1, slug: 'planoauth' },
  employee: { id: 2, slug: 'planoorder' },
  liaison: { id: 3, slug: 'planox2' },
} as const;

/**
 * The caller a route would see for this user acting as this role, for service-level tests that
 * need a caller without an HTTP request (the session fields are placeholders).
 */
export function callerFor(user: TestUser, kind: 'client'): ClientAuth;
export function callerFor(user: TestUser, kind: 'employee'): EmployeeAuth;
export function callerFor(user: TestUser, kind: 'liaison'): LiaisonAuth;
export function callerFor(
  user: TestUser,
  kind: RoleAuth['kind'],
  extra?: { actingUserId?: number | null },
): RoleAuth;
export function callerFor(
  user: TestUser,
  kind: RoleAuth['kind'],
  extra: { actingUserId?: number | null } = {},
): RoleAuth {
  const app = APPLICATIONS[kind];
  const at = new Date('2026-01-01T00:00:00Z');
  const session: SessionRecord = {
    id: 0,
    user_id: user.userId,
    application_slug: app.slug,
    role: kind,
    remember_me: false,
    acting_user_id: extra.actingUserId ?? null,
    origin_session_id: null,
    redirect_url: null,
    created_at: at,
    last_used_at: at,
    client_id: user.clientId,
    employee_id: user.employeeId,
    liaison_id: user.liaisonId,
  };
  const base = {
    userId: user.userId,
    sessionId: 0,
    applicationId: app.id,
    applicationSlug: app.slug,
    actingUserId: extra.actingUserId ?? null,
    session,
    sessionPayload: null,
  };
  const id = (value: number | null) => {
    if (value === null) throw new Error(`the test user has no ${kind} record`);
    return value;
  };
  switch (kind) {
    case 'client':
      return { kind, clientId: id(user.clientId), ...base };
    case 'employee':
      return { kind, employeeId: id(user.employeeId), ...base };
    case 'liaison':
      return { kind, liaisonId: id(user.liaisonId), ...base };
  }
}
