/**
 * Who is calling, one type per kind of caller. The authenticator (src/auth/) builds these values;
 * they live here so route records can derive a handler's `ctx.auth` from its AuthRequirement
 * without protocol/ depending on src/auth/.
 */

export const ROLES = ['client', 'employee', 'liaison'] as const;
/** The role a request acts as; the request's application picks it. */
export type Role = (typeof ROLES)[number];

/**
 * What an employee may do beyond the employee role (`employee_permissions`): `admin` opens the
 * operations routes (route switches, applications, the email outbox, cancelation settings) and /console.
 */
export const PERMISSIONS = ['admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What every authenticated request reads: one session row with its application and the user's role
 * records. Names are left to `SessionPeople` (src/auth/session-views.ts), which only the full view shows.
 */
export interface SessionRecord {
  readonly id: number;
  readonly user_id: number;
  readonly application_slug: string;
  readonly role: Role;
  readonly remember_me: boolean;
  readonly acting_user_id: number | null;
  readonly origin_session_id: number | null;
  readonly redirect_url: string | null;
  readonly created_at: Date;
  readonly last_used_at: Date;
  readonly client_id: number | null;
  readonly employee_id: number | null;
  readonly liaison_id: number | null;
}

/** What every signed-in caller has, whatever role it acts as. */
interface SignedInFields {
  readonly userId: number;
  readonly sessionId: number;
  /** The application of the request (its `application` param, else the session's own). */
  readonly applicationId: number;
  readonly applicationSlug: string;
  /** Set when someone else acts on the user's behalf (XSO hand-off). */
  readonly actingUserId: number | null;
  /** The session as the lookup found it (in its own application), with every role id the user holds. */
  readonly session: SessionRecord;
  /** The `session` object of the envelope, in the requested view. */
  readonly sessionPayload: unknown;
}

/** A client acting through an application whose role is client (PlanoAuth, CaptuRE). */
export interface ClientAuth extends SignedInFields {
  readonly kind: 'client';
  readonly clientId: number;
}

/** An employee of Plano Media (PlanoOrder). */
export interface EmployeeAuth extends SignedInFields {
  readonly kind: 'employee';
  readonly employeeId: number;
}

/** A liaison, acting for the clients linked to them (PlanoX2). */
export interface LiaisonAuth extends SignedInFields {
  readonly kind: 'liaison';
  readonly liaisonId: number;
}

/**
 * Signed in, without the role the request's application acts as (for example a user with no role
 * record yet, about to register as a client). Only `auth: { kind: 'user' }` routes see this kind.
 */
export interface UserAuth extends SignedInFields {
  readonly kind: 'user';
}

/** An application's own API token (server-to-server calls, such as CaptuRE redeeming a hand-off). */
export interface ApplicationAuth {
  readonly kind: 'application';
  readonly applicationId: number;
  readonly applicationSlug: string;
}

/** A signed-in user acting as one of the roles. */
export type RoleAuth = ClientAuth | EmployeeAuth | LiaisonAuth;
/** Any signed-in user, with or without the application's role. */
export type SignedInAuth = RoleAuth | UserAuth;
/** Anyone who passed authentication. */
export type AuthState = SignedInAuth | ApplicationAuth;
type ActorFields = 'kind' | 'userId' | 'actingUserId' | 'applicationSlug';

/**
 * What access rules and services read of a caller acting as a role: its kind and role id, its
 * user, who acts on its behalf and its application. Every RoleAuth is one; so is an actor made
 * without a request (the demo seed, a background job), which has no session.
 */
export type RoleActor =
  | Pick<ClientAuth, ActorFields | 'clientId'>
  | Pick<EmployeeAuth, ActorFields | 'employeeId'>
  | Pick<LiaisonAuth, ActorFields | 'liaisonId'>;
/** What the audit trail reads of whoever made a change: a RoleActor, a `user` caller, an application. */
export type AuditActor =
  RoleActor | Pick<UserAuth, ActorFields> | Pick<ApplicationAuth, 'kind' | 'applicationSlug'>;

/** The caller of a route open to these roles: `AuthOfRole<'employee' | 'liaison'>`. */
export type AuthOfRole<R extends Role> = Extract<RoleAuth, { readonly kind: R }>;

/** The envelope's `session` for a caller: an application token has none. */
export function sessionPayloadOf(auth: AuthState | null): unknown {
  return auth === null || auth.kind === 'application' ? null : auth.sessionPayload;
}
