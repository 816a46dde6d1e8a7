import { DAY, HOUR, MINUTE } from '../clock.js';

/** A session ends 7 days after it began, or after 72 hours unused, unless the user chose remember_me. */
export const SESSION_ABSOLUTE_MS = 7 * DAY;
export const SESSION_IDLE_MS = 72 * HOUR;
/** last_used_at is written at most this often, so reads do not each cost a write. */
export const TOUCH_INTERVAL_MS = MINUTE;

export interface SessionTimes {
  readonly created_at: Date;
  readonly last_used_at: Date;
  readonly remember_me: boolean;
}

export type ExpiryReason = 'absolute' | 'idle';

export function expiryOf(session: SessionTimes): { expires_at: Date | null; idle_expires_at: Date | null } {
  if (session.remember_me) return { expires_at: null, idle_expires_at: null };
  return {
    expires_at: new Date(session.created_at.getTime() + SESSION_ABSOLUTE_MS),
    idle_expires_at: new Date(session.last_used_at.getTime() + SESSION_IDLE_MS),
  };
}

/** Why the session has ended at `now`, or null while it is alive. */
export function expiredBecause(session: SessionTimes, now: Date): ExpiryReason | null {
  const { expires_at, idle_expires_at } = expiryOf(session);
  if (expires_at && now >= expires_at) return 'absolute';
  if (idle_expires_at && now >= idle_expires_at) return 'idle';
  return null;
}

export function needsTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.last_used_at.getTime() >= TOUCH_INTERVAL_MS;
}

/** The session a handed-off (XSO) session came from, as far as its own end matters. */
export interface OriginTimes {
  readonly origin_session_id: number | null;
  readonly origin_revoked_at: Date | null;
  readonly origin_created_at: Date | null;
  readonly origin_last_used_at: Date | null;
  readonly origin_remember_me: boolean | null;
}

export type OriginEndReason = 'origin-revoked' | 'origin-expired';

/**
 * A handed-off session acts on someone's authority, so it ends when the session that authority
 * came from ends: revoked (signed out, password changed) or expired. Null while it lives, or for a
 * session that was not handed off.
 */
export function originEndedBecause(s: OriginTimes, now: Date): OriginEndReason | null {
  if (s.origin_session_id === null) return null;
  if (s.origin_created_at === null || s.origin_last_used_at === null) return 'origin-revoked';
  if (s.origin_revoked_at !== null) return 'origin-revoked';
  const origin = {
    created_at: s.origin_created_at,
    last_used_at: s.origin_last_used_at,
    remember_me: s.origin_remember_me ?? false,
  };
  return expiredBecause(origin, now) === null ? null : 'origin-expired';
}
