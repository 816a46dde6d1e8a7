import { ApiError } from '../protocol/errors.js';
import type { SignedInAuth } from '../protocol/auth-state.js';

/**
 * A hand-off (XSO) session acts for a client, not as the account's owner: someone else (an
 * employee, a liaison) holds it, named by `acting_user_id`. It may not change the account's
 * password (nor set one where none exists) or email, and sees and revokes only itself; otherwise
 * the actor could keep the account after their own session ends. Every route that touches those
 * calls this, naming the param that asked for it.
 */
export function isHandOff(auth: Pick<SignedInAuth, 'actingUserId'>): boolean {
  return auth.actingUserId !== null;
}

export function assertAccountOwner(
  auth: Pick<SignedInAuth, 'actingUserId'>,
  param: string,
  /** What the param would do, to finish "may not …": "change the password". */
  action: string,
): void {
  if (!isHandOff(auth)) return;
  const message = `${param}: a hand-off (XSO) session acts for the client, not as the account's owner, and may not ${action}`;
  throw new ApiError(
    'hand-off-not-allowed',
    `This session was handed off to act for the client; it may not ${action}. Sign in as the account's owner to do so.`,
    [{ param, status: 'hand-off-not-allowed', message }],
  );
}
