import { expiryOf } from './session-policy.js';
import type { SessionRecord } from '../protocol/auth-state.js';

export type SessionView = 'default' | 'full';

/** The record itself lives beside the callers that carry it (protocol/auth-state.ts). */
export type { SessionRecord };

/** The user's name and email, and the acting user's when someone acts on the user's behalf (XSO). */
export interface SessionPeople {
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly acting_email: string | null;
  readonly acting_first_name: string | null;
  readonly acting_last_name: string | null;
}

export type FullSessionRecord = SessionRecord & SessionPeople;

/**
 * The envelope's `session` object. The token appears only in the reply that created the session.
 * Built without `{ ...base, more }` spreads: it runs on every authenticated request.
 */
export function renderSession(s: SessionRecord, view: 'default', token?: string): object;
export function renderSession(s: FullSessionRecord, view: SessionView, token?: string): object;
export function renderSession(
  s: SessionRecord | FullSessionRecord,
  view: SessionView,
  token?: string,
): object {
  const { expires_at, idle_expires_at } = expiryOf(s);
  const base: Record<string, unknown> = { id: s.id };
  if (token) base.token = token;
  base.user_id = s.user_id;
  base.application = s.application_slug;
  base.role = s.role;
  base.remember_me = s.remember_me;
  base.acting_user_id = s.acting_user_id;
  base.created_at = s.created_at.toISOString();
  base.last_used_at = s.last_used_at.toISOString();
  base.expires_at = expires_at?.toISOString() ?? null;
  base.idle_expires_at = idle_expires_at?.toISOString() ?? null;
  if (view === 'default') return base;
  const full = s as FullSessionRecord;
  base.redirect_url = s.redirect_url;
  base.user = { id: s.user_id, email: full.email, first_name: full.first_name, last_name: full.last_name };
  base.acting_user = actingUserOf(full);
  base.origin_session_id = s.origin_session_id;
  base.roles = { client_id: s.client_id, employee_id: s.employee_id, liaison_id: s.liaison_id };
  return base;
}

/** Who acts on the user's behalf (XSO), or null when the user acts for themselves. */
export function actingUserOf(s: FullSessionRecord) {
  if (s.acting_user_id === null) return null;
  return {
    id: s.acting_user_id,
    email: s.acting_email,
    first_name: s.acting_first_name,
    last_name: s.acting_last_name,
  };
}
