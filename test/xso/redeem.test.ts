import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApplicationToken } from '../../src/auth/applications.js';
import { hashToken } from '../../src/auth/tokens.js';
import { DAY, HOUR, SECOND } from '../../src/clock.js';
import { createUser, signedIn, type TestUser } from '../helpers/auth.js';
import { columnsContaining } from '../helpers/database-scan.js';
import { createOrder, createTour } from '../helpers/orders.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';
import { CAPTURE_URL, captureClient, codeOf, handOff, redeem } from '../helpers/xso.js';

let server: TestServer;
let appToken: string;
let client: TestUser & { token: string; clientId: number };
beforeAll(async () => {
  server = await startTestServer({ config: { captureUrl: CAPTURE_URL } });
  appToken = await issueApplicationToken(server.app.context.db, 'capture');
  const c = await signedIn(server, 'client');
  client = { ...c, clientId: c.clientId! };
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;
const show = (token: string, view = 'full') =>
  server.call('GET', '/api/v1/sessions/show', { query: { token, session_view: view } });
const destroy = (token: string) => server.call('POST', '/api/v1/sessions/destroy', { json: { token } });
/** Sessions opened from hand-offs of this client: what "nothing was issued" is checked against. */
const captureSessions = async () =>
  (
    await db()
      .selectFrom('sessions as s')
      .innerJoin('applications as a', 'a.id', 's.application_id')
      .select(db().fn.countAll<number>().as('n'))
      .where('a.slug', '=', 'capture')
      .executeTakeFirstOrThrow()
  ).n;

const expectNothingIssued = async (res: Awaited<ReturnType<typeof redeem>>, before: number) => {
  expect(res.body.session).toBeNull();
  expect(JSON.stringify(res.body)).not.toMatch(/ps_/);
  expect(Number(await captureSessions())).toBe(Number(before));
};

describe('xso/redeem', () => {
  it('exchanges an employee’s code for a capture session of the client, naming the employee', async () => {
    const employee = await signedIn(server, 'employee');
    const tour = await createTour(db(), client.clientId);
    const code = await handOff(server, employee.token, { client_id: client.clientId, tour_id: tour });
    const res = await redeem(server, appToken, code);
    expect(res.http).toBe(200);
    expect(res.body).toMatchObject({
      status: 'action-successful',
      data: {
        client_id: client.clientId,
        user_id: client.userId,
        acting_user: { id: employee.userId, email: employee.email },
        deep_link: { target: 'step_2', step_1: false, order_id: null, tour_id: tour },
      },
      session: {
        user_id: client.userId,
        application: 'capture',
        role: 'client',
        acting_user_id: employee.userId,
        remember_me: false,
      },
    });
    const token = res.body.session.token;
    expect(token).toMatch(/^ps_[A-Za-z0-9_-]{43}$/);

    // The new session works, acts as the client, and its views show who acts on their behalf.
    const shown = await show(token);
    expect(shown.body.status).toBe('action-successful');
    const origin = await db()
      .selectFrom('sessions')
      .select('id')
      .where('token_hash', '=', hashToken(employee.token))
      .executeTakeFirstOrThrow();
    expect(shown.body.data.session).toMatchObject({
      user: { id: client.userId, email: client.email },
      roles: { client_id: client.clientId },
      acting_user_id: employee.userId,
      acting_user: { id: employee.userId, email: employee.email, first_name: 'Test' },
      origin_session_id: origin.id,
    });
    expect((await show(token, 'default')).body.data.session.acting_user_id).toBe(employee.userId);
    expect((await show(token, 'default')).body.data.session).not.toHaveProperty('acting_user');

    const grant = await db()
      .selectFrom('xso_grants')
      .selectAll()
      .where('code_hash', '=', hashToken(code))
      .executeTakeFirstOrThrow();
    expect(grant.redeemed_at?.getTime()).toBe(server.clock.now().getTime());
    expect(grant.redeemed_session_id).toBe(shown.body.data.session.id);
  });

  it('names the liaison who acted, and nobody when the client opened CaptuRE for themselves', async () => {
    const liaison = await signedIn(server, 'liaison');
    await db()
      .insertInto('liaison_clients')
      .values({ liaison_id: liaison.liaisonId!, client_id: client.clientId })
      .execute();
    const byLiaison = await redeem(
      server,
      appToken,
      await handOff(server, liaison.token, { client_id: client.clientId, step_1: true }),
    );
    expect(byLiaison.body.session.acting_user_id).toBe(liaison.userId);
    expect(byLiaison.body.data.deep_link.target).toBe('step_1');

    const order = await createOrder(db(), client.clientId);
    const bySelf = await redeem(
      server,
      appToken,
      await handOff(server, client.token, { client_id: client.clientId, order_id: order }),
      { session_view: 'full' },
    );
    expect(bySelf.body.data).toMatchObject({
      acting_user: null,
      deep_link: { target: 'order', order_id: order },
    });
    expect(bySelf.body.session).toMatchObject({
      user_id: client.userId,
      acting_user_id: null,
      acting_user: null,
    });
  });

  it('stores neither the code nor the new session token in plaintext', async () => {
    const employee = await signedIn(server, 'employee');
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    const res = await redeem(server, appToken, code);
    expect(await columnsContaining(db(), code)).toEqual([]);
    expect(await columnsContaining(db(), res.body.session.token)).toEqual([]);
    expect(await columnsContaining(db(), appToken)).toEqual([]);
  });

  it('redeems a code once: a second redeem answers xso-code-used and issues nothing', async () => {
    const employee = await signedIn(server, 'employee');
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    expect((await redeem(server, appToken, code)).body.status).toBe('action-successful');
    const before = await captureSessions();
    const again = await redeem(server, appToken, code);
    expect(again.http).toBe(400);
    expect(again.body).toMatchObject({
      status: 'xso-code-used',
      errors: [{ param: 'code', status: 'xso-code-used' }],
    });
    await expectNothingIssued(again, before);
  });

  it('issues exactly one session when the same code is redeemed concurrently', async () => {
    const employee = await signedIn(server, 'employee');
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    const before = Number(await captureSessions());
    const results = await Promise.all(Array.from({ length: 8 }, () => redeem(server, appToken, code)));
    const statuses = results.map((r) => r.body.status).sort();
    expect(statuses.filter((s) => s === 'action-successful')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'xso-code-used')).toHaveLength(7);
    expect(Number(await captureSessions())).toBe(before + 1);
  });

  it('honours a code for 60 seconds: valid at 59.999 s, xso-code-expired at 60 s', async () => {
    const employee = await signedIn(server, 'employee');
    const early = await handOff(server, employee.token, { client_id: client.clientId });
    const late = await handOff(server, employee.token, { client_id: client.clientId });
    server.clock.advance(60 * SECOND - 1);
    expect((await redeem(server, appToken, early)).body.status).toBe('action-successful');
    server.clock.advance(1);
    const before = await captureSessions();
    const res = await redeem(server, appToken, late);
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({ status: 'xso-code-expired', errors: [{ param: 'code' }] });
    await expectNothingIssued(res, before);
  });

  it('answers xso-code-invalid to a code it never issued', async () => {
    const before = await captureSessions();
    const res = await redeem(server, appToken, 'px_' + 'A'.repeat(43));
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({ status: 'xso-code-invalid', errors: [{ param: 'code' }] });
    await expectNothingIssued(res, before);
  });

  it('lets only the target application redeem: another application’s token reads the code as invalid', async () => {
    const employee = await signedIn(server, 'employee');
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    const planoorderToken = await issueApplicationToken(db(), 'planoorder');
    const before = await captureSessions();
    const res = await redeem(server, planoorderToken, code);
    expect(res.body.status).toBe('xso-code-invalid');
    await expectNothingIssued(res, before);
    // The attempt did not burn the code for its rightful application.
    expect((await redeem(server, appToken, code)).body.status).toBe('action-successful');
  });

  it('refuses session tokens and unknown tokens with invalid-token', async () => {
    const employee = await signedIn(server, 'employee');
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    expect((await redeem(server, employee.token, code)).body.status).toBe('invalid-token');
    expect((await redeem(server, 'pa_unknown', code)).body.status).toBe('invalid-token');
    expect((await redeem(server, appToken, code)).body.status).toBe('action-successful');
  });

  it('takes its params only as a base64 body, so the code stays out of URLs', async () => {
    const employee = await signedIn(server, 'employee');
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    const inQuery = await server.call('POST', '/api/v1/xso/redeem', { query: { token: appToken, code } });
    expect(inQuery.body.status).toBe('no-params-decoded');
    const plainJson = await server.call('POST', '/api/v1/xso/redeem', { json: { token: appToken, code } });
    expect(plainJson.body.status).toBe('invalid-encoded-params');
    const missing = await server.call('POST', '/api/v1/xso/redeem', {
      body: encodeSensitive({ token: appToken }),
      contentType: 'text/plain',
    });
    expect(missing.body).toMatchObject({ status: 'missing-param', errors: [{ param: 'code' }] });
  });
});

describe('xso: revocation cascade', () => {
  it('voids an outstanding code when its origin session is signed out', async () => {
    const employee = await signedIn(server, 'employee');
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    expect((await destroy(employee.token)).body.status).toBe('action-successful');
    const before = await captureSessions();
    const res = await redeem(server, appToken, code);
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({ status: 'xso-origin-revoked', data: { reason: 'revoked' } });
    await expectNothingIssued(res, before);
  });

  it('voids an outstanding code when its origin session expires before it is redeemed', async () => {
    const employee = await signedIn(server, 'employee');
    // Keep the session in use until 30 s before its 7-day absolute end, then hand off.
    for (let used = 0; used < 2; used += 1) {
      server.clock.advance(71 * HOUR);
      expect((await show(employee.token)).body.status).toBe('action-successful');
    }
    server.clock.advance(7 * DAY - 142 * HOUR - 30 * SECOND);
    const code = await handOff(server, employee.token, { client_id: client.clientId });
    server.clock.advance(31 * SECOND);
    const before = await captureSessions();
    const res = await redeem(server, appToken, code);
    expect(res.body).toMatchObject({ status: 'xso-origin-revoked', data: { reason: 'absolute' } });
    await expectNothingIssued(res, before);
  });

  it('ends the capture session when its origin session is signed out', async () => {
    const employee = await signedIn(server, 'employee');
    const owner = await signedIn(server, 'client');
    const res = await redeem(
      server,
      appToken,
      await handOff(server, employee.token, { client_id: owner.clientId! }),
    );
    const captureId = res.body.session.id;
    const list = async () =>
      (
        await server.call('GET', '/api/v1/sessions/list', { query: { token: owner.token } })
      ).body.data.sessions.map((s: { id: number }) => s.id);
    expect(await list()).toContain(captureId);

    await destroy(employee.token);
    const after = await show(res.body.session.token);
    expect(after.http).toBe(401);
    expect(after.body).toMatchObject({ status: 'invalid-token', data: { reason: 'origin-revoked' } });
    // The client's own session is untouched, and no longer lists the ended capture session.
    expect(await list()).not.toContain(captureId);
  });

  it('ends capture sessions when the acting user changes their password (every session revoked)', async () => {
    const employee = await signedIn(server, 'employee');
    const res = await redeem(
      server,
      appToken,
      await handOff(server, employee.token, { client_id: client.clientId }),
    );
    const changed = await server.call('POST', '/api/v1/users/update_password', {
      body: encodeSensitive({
        token: employee.token,
        current_password: 'correct horse battery',
        new_password: 'a brand new passphrase',
      }),
      contentType: 'text/plain',
    });
    expect(changed.body.status).toBe('action-successful');
    expect((await show(res.body.session.token)).body.data).toMatchObject({ reason: 'origin-revoked' });
  });

  it('ends the capture session when its origin session expires', async () => {
    const employee = await signedIn(server, 'employee');
    const res = await redeem(
      server,
      appToken,
      await handOff(server, employee.token, { client_id: client.clientId }),
    );
    // The capture session stays in use; the employee's origin session idles out after 72 h.
    server.clock.advance(36 * HOUR);
    expect((await show(res.body.session.token)).body.status).toBe('action-successful');
    server.clock.advance(36 * HOUR);
    const after = await show(res.body.session.token);
    expect(after.body).toMatchObject({ status: 'invalid-token', data: { reason: 'origin-expired' } });
  });

  it('keeps the first origin and acting user through a hand-off asked from a capture session', async () => {
    const employee = await signedIn(server, 'employee');
    const first = await redeem(
      server,
      appToken,
      await handOff(server, employee.token, { client_id: client.clientId }),
    );
    const again = await captureClient(server, first.body.session.token, { client_id: client.clientId });
    expect(again.http).toBe(302);
    const second = await redeem(server, appToken, codeOf(again.headers.get('location')!));
    expect(second.body.session.acting_user_id).toBe(employee.userId);
    const origin = await db()
      .selectFrom('sessions')
      .select('id')
      .where('token_hash', '=', hashToken(employee.token))
      .executeTakeFirstOrThrow();
    expect((await show(second.body.session.token)).body.data.session.origin_session_id).toBe(origin.id);

    await destroy(employee.token);
    expect((await show(first.body.session.token)).body.status).toBe('invalid-token');
    expect((await show(second.body.session.token)).body.status).toBe('invalid-token');
  });

  it('does not let a capture session act for another client', async () => {
    const employee = await signedIn(server, 'employee');
    const first = await redeem(
      server,
      appToken,
      await handOff(server, employee.token, { client_id: client.clientId }),
    );
    const other = await createUser(db(), ['client']);
    const res = await captureClient(server, first.body.session.token, { client_id: other.clientId! });
    expect(res.body.status).toBe('client-access-denied');
  });
});
