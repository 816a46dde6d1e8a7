import type { Kysely } from 'kysely';
import { newToken, hashToken } from '../auth/tokens.js';
import { SECOND } from '../clock.js';
import type { Database } from '../schema.js';
import type { DeepLink } from './deep-link.js';

/** How long a hand-off code can be redeemed: long enough for one redirect and one back-end call. */
export const XSO_CODE_TTL_MS = 60 * SECOND;

/** The application CaptuRE hand-offs are issued for. */
export const CAPTURE_APPLICATION = 'capture';

export interface NewGrant {
  readonly actingUserId: number;
  readonly originSessionId: number;
  readonly clientId: number;
  readonly applicationId: number;
  readonly link: DeepLink;
  readonly now: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/**
 * Stores a hand-off grant and returns its code: 256 random bits, the only time the code exists
 * outside the caller. Only its SHA-256 is kept.
 */
export async function issueGrant(
  db: Kysely<Database>,
  g: NewGrant,
): Promise<{ id: number; code: string; expiresAt: Date }> {
  const code = newToken('px');
  const expiresAt = new Date(g.now.getTime() + XSO_CODE_TTL_MS);
  const row = await db
    .insertInto('xso_grants')
    .values({
      code_hash: hashToken(code),
      acting_user_id: g.actingUserId,
      origin_session_id: g.originSessionId,
      client_id: g.clientId,
      application_id: g.applicationId,
      step_1: g.link.step_1,
      order_id: g.link.order_id,
      tour_id: g.link.tour_id,
      ip: g.ip,
      user_agent: g.userAgent?.slice(0, 512) ?? null,
      created_at: g.now,
      expires_at: expiresAt,
      redeemed_at: null,
      redeemed_session_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, code, expiresAt };
}

/**
 * Who a hand-off asked from this session really comes from. A session that was itself handed off
 * passes on its origin and its acting user, so a chain of hand-offs still ends with the first
 * session and still names the person who started it.
 */
export async function delegationRootOf(
  db: Kysely<Database>,
  sessionId: number,
): Promise<{ originSessionId: number; actingUserId: number }> {
  const s = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'acting_user_id', 'origin_session_id'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return { originSessionId: s.origin_session_id ?? s.id, actingUserId: s.acting_user_id ?? s.user_id };
}
