import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const showUser = (query: Record<string, string>) => server.call('GET', '/api/v1/users/show', { query });

describe('users/show', () => {
  it('returns the signed-in user’s account and role records, never the password hash', async () => {
    const user = await createUser(server.app.context.db, ['employee', 'liaison']);
    const token = await signIn(server, user.email, 'planoorder');
    const res = await showUser({ token });
    expect(res.http).toBe(200);
    expect(res.body).toMatchObject({
      status: 'action-successful',
      data: {
        user: {
          id: user.userId,
          email: user.email,
          first_name: 'Test',
          phone: null,
          password_changed_at: null,
        },
        roles: { client_id: null, employee_id: user.employeeId, liaison_id: user.liaisonId },
      },
      session: { user_id: user.userId, application: 'planoorder' },
    });
    expect(Date.parse(res.body.data.user.created_at)).not.toBeNaN();
    expect(JSON.stringify(res.body)).not.toContain('password_hash');
  });

  it('shows the envelope session in the view asked for: names and roles only in the full view', async () => {
    const user = await createUser(server.app.context.db, ['employee']);
    const token = await signIn(server, user.email, 'planoorder');
    const plain = await showUser({ token });
    expect(plain.body.session).not.toHaveProperty('user');
    const full = await showUser({ token, session_view: 'full' });
    expect(full.body.session).toMatchObject({
      user: { id: user.userId, email: user.email, first_name: 'Test' },
      acting_user: null,
      roles: { client_id: null, employee_id: user.employeeId, liaison_id: null },
    });
  });

  it('answers a user with no role records too, so they can see who they are before registering', async () => {
    const user = await createUser(server.app.context.db, []);
    const token = await signIn(server, user.email, 'planoauth');
    const res = await showUser({ token });
    expect(res.body).toMatchObject({
      status: 'action-successful',
      data: { user: { id: user.userId }, roles: { client_id: null, employee_id: null, liaison_id: null } },
    });
  });

  it('answers an unknown token with invalid-token and no account', async () => {
    const someone = await signedIn(server, 'client');
    const res = await showUser({ token: 'ps_' + 'A'.repeat(43) });
    expect(res.http).toBe(401);
    expect(res.body).toMatchObject({
      status: 'invalid-token',
      data: { reason: 'unknown' },
      errors: [{ param: 'token' }],
    });
    expect(JSON.stringify(res.body)).not.toContain(someone.email);
  });
});
