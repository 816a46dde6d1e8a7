import type { Kysely, Transaction } from 'kysely';
import { expiredBecause, originEndedBecause } from '../auth/session-policy.js';
import {
  createSession,
  findFullSessionById,
  findSessionById,
  type StoredSession,
} from '../auth/session-store.js';
import type { SessionPeople } from '../auth/session-views.js';
import { hashToken } from '../auth/tokens.js';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import type { DeepLink } from './deep-link.js';

export interface Redeemed {
  readonly grantId: number;
  readonly clientId: number;
  readonly link: DeepLink;
  readonly session: StoredSession & SessionPeople;
  readonly token: string;
}

/**
 * Exchanges a hand-off code, once, for a new session of the client in the application the code was
 * issued for. Claiming the code and opening the session happen in one transaction: the claim is a
 * conditional UPDATE, so of two concurrent redeems exactly one matches the row and the other sees it
 * already redeemed (PostgreSQL re-checks the WHERE clause after the first commits).
 */
export async function redeemGrant(
  db: Kysely<Database>,
  r: { code: string; applicationId: number; now: Date },
): Promise<Redeemed> {
  const codeHash = hashToken(r.code);
  return db.transaction().execute(async (trx) => {
    const grant = await trx
      .updateTable('xso_grants')
      .set({ redeemed_at: r.now })
      .where('code_hash', '=', codeHash)
      .where('application_id', '=', r.applicationId)
      .where('redeemed_at', 'is', null)
      .where('expires_at', '>', r.now)
      .returningAll()
      .executeTakeFirst();
    if (!grant) throw await whyNotRedeemable(trx, codeHash, r.applicationId);

    const originEnded = whyEnded(await findSessionById(trx, grant.origin_session_id), r.now);
    if (originEnded) {
      // Throwing rolls the claim back; the code stays void because its origin cannot come back.
      throw new ApiError(
        'xso-origin-revoked',
        'The session that asked for this hand-off has ended; nothing was issued.',
        [
          {
            param: 'code',
            status: 'xso-origin-revoked',
            message: `the originating session ended (${originEnded})`,
          },
        ],
        { reason: originEnded },
      );
    }

    const client = await trx
      .selectFrom('clients')
      .select('user_id')
      .where('id', '=', grant.client_id)
      .executeTakeFirstOrThrow();
    const { id, token } = await createSession(trx, {
      userId: client.user_id,
      applicationId: grant.application_id,
      rememberMe: false,
      now: r.now,
      // A client opening CaptuRE for themselves is nobody acting on their behalf.
      actingUserId: grant.acting_user_id === client.user_id ? null : grant.acting_user_id,
      originSessionId: grant.origin_session_id,
      ip: grant.ip,
      userAgent: grant.user_agent,
    });
    await trx.updateTable('xso_grants').set({ redeemed_session_id: id }).where('id', '=', grant.id).execute();
    return {
      grantId: grant.id,
      clientId: grant.client_id,
      link: { step_1: grant.step_1, order_id: grant.order_id, tour_id: grant.tour_id },
      session: (await findFullSessionById(trx, id))!,
      token,
    };
  });
}

/** Why the session a hand-off was asked from has ended, or null while it lives. */
function whyEnded(origin: StoredSession | undefined, now: Date): string | null {
  if (!origin || origin.revoked_at !== null) return 'revoked';
  return expiredBecause(origin, now) ?? originEndedBecause(origin, now);
}

/**
 * Why a code could not be claimed. A code issued for another application reads as unknown, so an
 * application learns nothing about codes that are not its own.
 */
async function whyNotRedeemable(
  trx: Transaction<Database>,
  codeHash: string,
  applicationId: number,
): Promise<ApiError> {
  const grant = await trx
    .selectFrom('xso_grants')
    .select(['application_id', 'redeemed_at'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  const fail = (status: 'xso-code-invalid' | 'xso-code-used' | 'xso-code-expired', message: string) =>
    new ApiError(status, `${message}; nothing was issued.`, [{ param: 'code', status, message }]);
  if (!grant || grant.application_id !== applicationId) {
    return fail('xso-code-invalid', 'code is not a hand-off code for this application');
  }
  if (grant.redeemed_at !== null) return fail('xso-code-used', 'code has already been redeemed');
  return fail('xso-code-expired', 'code has expired');
}
