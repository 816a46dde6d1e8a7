import { expiryOf } from './session-policy.js';
import type { Role } from './types.js';

export type SessionView = 'default' | 'full';

/** Everything the views are made from: one session row joined with its user, application and roles. */
export interface SessionRecord {
  readonly id: number;
  readonly user_id: number;
  readonly application_slug: string;
  readonly role: Role;
  readonly remember_me: boolean;
  readonly acting_user_id: number | null;
  /** The acting user's name and email (joined), when someone acts on the user's behalf. */
  readonly acting_email: string | null;
  readonly acting_first_name: string | null;
  readonly acting_last_name: string | null;
  readonly origin_session_id: number | null;
  readonly redirect_url: string | null;
  readonly created_at: Date;
  readonly last_used_at: Date;
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly client_id: number | null;
  readonly employee_id: number | null;
  readonly liaison_id: number | null;
}

/** The envelope's `session` object. The token appears only in the reply that created the session. */
export function renderSession(s: SessionRecord, view: SessionView = 'default', token?: string): object {
  const base = {
    id: s.id,
    ...(token ? { token } : {}),
    user_id: s.user_id,
    application: s.application_slug,
    role: s.role,
    remember_me: s.remember_me,
    acting_user_id: s.acting_user_id,
    created_at: s.created_at.toISOString(),
    last_used_at: s.last_used_at.toISOString(),
    ...isoExpiry(s),
  };
  if (view === 'default') return base;
  return {
    ...base,
    redirect_url: s.redirect_url,
    user: { id: s.user_id, email: s.email, first_name: s.first_name, last_name: s.last_name },
    acting_user: actingUserOf(s),
    origin_session_id: s.origin_session_id,
    roles: { client_id: s.client_id, employee_id: s.employee_id, liaison_id: s.liaison_id },
  };
}

/** Who acts on the user's behalf (XSO), or null when the user acts for themselves. */
export function actingUserOf(s: SessionRecord) {
  if (s.acting_user_id === null) return null;
  return {
    id: s.acting_user_id,
    email: s.acting_email,
    first_name: s.acting_first_name,
    last_name: s.acting_last_name,
  };
}

function isoExpiry(s: SessionRecord) {
  const { expires_at, idle_expires_at } = expiryOf(s);
  return {
    expires_at: expires_at?.toISOString() ?? null,
    idle_expires_at: idle_expires_at?.toISOString() ?? null,
  };
}
