import type { SessionRecord } from './session-views.js';

export const ROLES = ['client', 'employee', 'liaison'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, once the request's token has been checked. */
export interface AuthState {
  readonly userId: number | null;
  /** The session behind the token; null when the token is an application's own. */
  readonly sessionId: number | null;
  readonly applicationId: number | null;
  readonly applicationSlug: string | null;
  /** The role the request acts as, picked by its application. */
  readonly role: Role | null;
  /** The role records the user holds (client id, employee id, liaison id). */
  readonly clientId: number | null;
  readonly employeeId: number | null;
  readonly liaisonId: number | null;
  /** Set when someone else acts on the user's behalf (XSO). */
  readonly actingUserId: number | null;
  /** The session as the lookup found it (its own application); null for an application token. */
  readonly session: SessionRecord | null;
  /** The `session` object of the envelope, in the requested view. */
  readonly sessionPayload: unknown;
}
