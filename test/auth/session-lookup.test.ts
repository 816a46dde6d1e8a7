import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  findSessionById,
  findSessionByTokenHash,
  revokeUserSessions,
} from '../../src/auth/session-store.js';
import { hashToken } from '../../src/auth/tokens.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createUser } from '../helpers/auth.js';
import { openTestDatabase } from '../helpers/database.js';

// The per-request lookup is a SQL function (migration 0007); the other reads go through Kysely.
// Both must describe a session the same way, or authentication and sessions/show would disagree.
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle?.close());

const db = () => handle.db;
async function applicationId(slug: string): Promise<number> {
  const app = await db()
    .selectFrom('applications')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return app.id;
}

describe('session_by_token_hash', () => {
  it('returns the same record as the Kysely query for a plain session', async () => {
    const user = await createUser(db(), ['employee', 'liaison']);
    const now = new Date('2026-11-20T10:00:00.000Z');
    const { id, token } = await createSession(db(), {
      userId: user.userId,
      applicationId: await applicationId('planoorder'),
      rememberMe: false,
      now,
    });
    const viaFunction = await findSessionByTokenHash(db(), hashToken(token));
    expect(viaFunction).toEqual(await findSessionById(db(), id));
    expect(viaFunction).toMatchObject({
      id,
      user_id: user.userId,
      application_slug: 'planoorder',
      role: 'employee',
      employee_id: user.employeeId,
      liaison_id: user.liaisonId,
      client_id: null,
      created_at: now,
      origin_session_id: null,
    });
  });

  it('returns the same record for a handed-off session acting for someone, after its origin is revoked', async () => {
    const employee = await createUser(db(), ['employee']);
    const client = await createUser(db(), ['client']);
    const now = new Date('2026-11-20T10:00:00.000Z');
    const origin = await createSession(db(), {
      userId: employee.userId,
      applicationId: await applicationId('planoorder'),
      rememberMe: true,
      now,
    });
    const handedOff = await createSession(db(), {
      userId: client.userId,
      applicationId: await applicationId('capture'),
      rememberMe: false,
      now,
      actingUserId: employee.userId,
      originSessionId: origin.id,
      redirectUrl: 'https://capture.example/step-1',
    });
    await revokeUserSessions(db(), employee.userId, 'signed-out', now);

    const viaFunction = await findSessionByTokenHash(db(), hashToken(handedOff.token));
    expect(viaFunction).toEqual(await findSessionById(db(), handedOff.id));
    expect(viaFunction).toMatchObject({
      acting_user_id: employee.userId,
      acting_email: employee.email,
      origin_session_id: origin.id,
      origin_revoked_at: now,
      origin_remember_me: true,
      client_id: client.clientId,
      redirect_url: 'https://capture.example/step-1',
    });
  });

  it('finds nothing for an unknown token', async () => {
    expect(await findSessionByTokenHash(db(), hashToken('ps_unknown'))).toBeUndefined();
  });
});
