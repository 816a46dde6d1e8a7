import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  findFullSessionById,
  findSessionByTokenHash,
  revokeUserSessions,
  withPeople,
} from '../../src/auth/session-store.js';
import { hashToken } from '../../src/auth/tokens.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createUser } from '../helpers/auth.js';
import { openTestDatabase } from '../helpers/database.js';

// The per-request lookup reads no names; the full view adds them with `withPeople`.
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

describe('findSessionByTokenHash', () => {
  it('reads a plain session with its application and role records, and names only when asked', async () => {
    const user = await createUser(db(), ['employee', 'liaison']);
    const now = new Date('2026-11-20T10:00:00.000Z');
    const { id, token } = await createSession(db(), {
      userId: user.userId,
      applicationId: await applicationId('planoorder'),
      rememberMe: false,
      now,
    });
    const found = await findSessionByTokenHash(db(), hashToken(token));
    expect(found).toMatchObject({
      id,
      user_id: user.userId,
      application_slug: 'planoorder',
      role: 'employee',
      employee_id: user.employeeId,
      liaison_id: user.liaisonId,
      client_id: null,
      created_at: now,
      origin_session_id: null,
      origin_revoked_at: null,
      revoked_at: null,
    });
    expect(found).not.toHaveProperty('email');
    const full = await withPeople(db(), found!);
    expect(full).toMatchObject({ email: user.email, acting_email: null, acting_first_name: null });
    expect(full).toEqual(await findFullSessionById(db(), id));
  });

  it('reads a handed-off session with its origin times after the origin is revoked, and the actor by name', async () => {
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

    const found = await findSessionByTokenHash(db(), hashToken(handedOff.token));
    expect(found).toMatchObject({
      acting_user_id: employee.userId,
      origin_session_id: origin.id,
      origin_revoked_at: now,
      origin_created_at: now,
      origin_remember_me: true,
      client_id: client.clientId,
      redirect_url: 'https://capture.example/step-1',
    });
    expect(await withPeople(db(), found!)).toMatchObject({
      email: client.email,
      acting_email: employee.email,
    });
  });

  it('finds nothing for an unknown token', async () => {
    expect(await findSessionByTokenHash(db(), hashToken('ps_unknown'))).toBeUndefined();
  });
});
