import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApplicationToken } from '../../src/auth/applications.js';
import { createUser, PASSWORD, signIn, signedIn, type TestUser } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';
import { CAPTURE_URL, handOff, redeem } from '../helpers/xso.js';

/**
 * A hand-off (XSO) session acts for the client, not as the account's owner: the employee or
 * liaison holding it may not set or change the client's password, and sees and revokes only
 * that session, so nobody keeps a client's account after their own session ends.
 */
let server: TestServer;
let appToken: string;
let employee: TestUser & { token: string };
beforeAll(async () => {
  server = await startTestServer({ config: { captureUrl: CAPTURE_URL } });
  appToken = await issueApplicationToken(server.app.context.db, 'capture');
  employee = await signedIn(server, 'employee');
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;

/** A capture session of the client, opened by the employee's hand-off. */
async function handedOff(client: TestUser): Promise<{ token: string; id: number }> {
  const res = await redeem(
    server,
    appToken,
    await handOff(server, employee.token, { client_id: client.clientId! }),
  );
  expect(res.body.session.acting_user_id).toBe(employee.userId);
  return { token: res.body.session.token, id: res.body.session.id };
}

const updatePassword = (token: string, params: Record<string, string>) =>
  server.call('POST', '/api/v1/users/update_password', {
    body: encodeSensitive({ token, ...params }),
    contentType: 'text/plain',
  });
const listSessions = (token: string) => server.call('GET', '/api/v1/sessions/list', { query: { token } });
const destroy = (token: string, params: Record<string, unknown> = {}) =>
  server.call('POST', '/api/v1/sessions/destroy', { json: { token, ...params } });
const passwordHashOf = async (userId: number) =>
  (await db().selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow())
    .password_hash;

describe('a hand-off session', () => {
  it('may not set a password for a client who has none', async () => {
    const client = await createUser(db(), ['client'], { password: null });
    const session = await handedOff(client);
    const res = await updatePassword(session.token, { new_password: 'the employee keeps this one' });
    expect(res.http).toBe(403);
    expect(res.body).toMatchObject({
      status: 'hand-off-not-allowed',
      errors: [{ param: 'new_password', status: 'hand-off-not-allowed' }],
    });
    expect(await passwordHashOf(client.userId)).toBeNull();
  });

  it('may not change the password, even given the current one', async () => {
    const client = await createUser(db(), ['client']);
    const before = await passwordHashOf(client.userId);
    const session = await handedOff(client);
    const res = await updatePassword(session.token, {
      current_password: PASSWORD,
      new_password: 'another password entirely',
    });
    expect(res.body).toMatchObject({ status: 'hand-off-not-allowed', errors: [{ param: 'new_password' }] });
    expect(await passwordHashOf(client.userId)).toBe(before);
    // The owner still can.
    const own = await signIn(server, client.email, 'planoauth');
    expect(
      (await updatePassword(own, { current_password: PASSWORD, new_password: 'the owner decides' })).body
        .status,
    ).toBe('action-successful');
  });

  it('lists only itself, while the owner sees every session', async () => {
    const client = await createUser(db(), ['client']);
    const own = await signIn(server, client.email, 'planoauth');
    const session = await handedOff(client);
    const listed = (await listSessions(session.token)).body.data.sessions;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: session.id, current: true, acting_user_id: employee.userId });
    const ownList = (await listSessions(own)).body.data.sessions.map((s: { id: number }) => s.id);
    expect(ownList).toHaveLength(2);
    expect(ownList).toContain(session.id);
  });

  it('may not revoke the other sessions, all at once or by id', async () => {
    const client = await createUser(db(), ['client']);
    const own = await signIn(server, client.email, 'planoauth');
    const ownId = (await listSessions(own)).body.data.sessions[0].id;
    const session = await handedOff(client);

    const all = await destroy(session.token, { all_others: true });
    expect(all.http).toBe(403);
    expect(all.body).toMatchObject({ status: 'hand-off-not-allowed', errors: [{ param: 'all_others' }] });
    const one = await destroy(session.token, { id: ownId });
    expect(one.body).toMatchObject({ status: 'hand-off-not-allowed', errors: [{ param: 'id' }] });
    expect((await server.call('GET', '/api/v1/sessions/show', { query: { token: own } })).body.status).toBe(
      'action-successful',
    );
  });

  it('revokes itself', async () => {
    const client = await createUser(db(), ['client']);
    const session = await handedOff(client);
    expect((await destroy(session.token, { id: session.id })).body).toMatchObject({ data: { revoked: 1 } });
    const again = await handedOff(client);
    expect((await destroy(again.token)).body).toMatchObject({ data: { revoked: 1 } });
    expect(
      (await server.call('GET', '/api/v1/sessions/show', { query: { token: again.token } })).body.status,
    ).toBe('invalid-token');
  });

  it('is not a client opening CaptuRE for themselves: that session is the owner’s', async () => {
    const own = await signedIn(server, 'client');
    const res = await redeem(
      server,
      appToken,
      await handOff(server, own.token, { client_id: own.clientId! }),
    );
    expect(res.body.session.acting_user_id).toBeNull();
    expect((await listSessions(res.body.session.token)).body.data.sessions.length).toBe(2);
  });
});

describe('the documentation of those routes', () => {
  it('says what a hand-off session may not do', async () => {
    for (const path of ['users/update_password', 'sessions/list', 'sessions/destroy']) {
      const page = await server.call('GET', `/documentation/api/v1/${path}`);
      expect(String(page.body), path).toMatch(/hand-off \(XSO\) session/);
    }
    const destroyPage = String((await server.call('GET', '/documentation/api/v1/sessions/destroy')).body);
    expect(destroyPage).toContain('hand-off-not-allowed');
  });
});
