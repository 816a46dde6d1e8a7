import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { createUser, PASSWORD, signIn, signedIn, type TestUser } from '../helpers/auth.js';
import { columnsContaining, scannedColumnCount } from '../helpers/database-scan.js';
import { createOrder, createTour } from '../helpers/orders.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';
import { CAPTURE_URL, captureClient, captureToken, codeOf } from '../helpers/xso.js';

let server: TestServer;
let employee: TestUser & { token: string };
let client: TestUser & { token: string; clientId: number };
let otherClient: TestUser & { clientId: number };
beforeAll(async () => {
  server = await startTestServer({ config: { captureUrl: CAPTURE_URL } });
  employee = await signedIn(server, 'employee');
  const c = await signedIn(server, 'client');
  client = { ...c, clientId: c.clientId! };
  const o = await createUser(server.app.context.db, ['client']);
  otherClient = { ...o, clientId: o.clientId! };
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;
const grants = () => db().selectFrom('xso_grants').selectAll().orderBy('id', 'desc');

describe('xso/capture_client: the redirect', () => {
  it('answers 302 to CaptuRE with the code in the fragment only, and no Referer leak', async () => {
    const res = await captureClient(server, employee.token, { client_id: client.clientId });
    expect(res.http).toBe(302);
    const location = res.headers.get('location')!;
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(CAPTURE_URL);
    expect(url.search).toBe('');
    const code = codeOf(location);
    // 32 random bytes, base64url: 256 bits.
    expect(code).toMatch(/^px_[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      status: 'action-successful',
      data: { redirect_url: location, client_id: client.clientId, application: 'capture' },
      session: { user_id: employee.userId },
    });
  });

  it('answers the envelope with data.redirect_url to a JSON client', async () => {
    const res = await captureClient(
      server,
      employee.token,
      { client_id: client.clientId },
      { accept: 'application/json' },
    );
    expect(res.http).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.body.data.redirect_url).toMatch(/^https:\/\/capture\.test\/xso\/landing#code=px_/);
    expect(res.body.data).toMatchObject({
      expires_in_seconds: 60,
      expires_at: new Date(server.clock.now().getTime() + 60_000).toISOString(),
    });
  });

  it('stores a grant bound to the acting user, origin session, client, CaptuRE and expiry', async () => {
    const res = await captureClient(server, employee.token, { client_id: client.clientId });
    const code = codeOf(res.headers.get('location')!);
    const grant = (await grants().executeTakeFirstOrThrow())!;
    const capture = await db()
      .selectFrom('applications')
      .select(['id', 'role'])
      .where('slug', '=', 'capture')
      .executeTakeFirstOrThrow();
    const origin = await db()
      .selectFrom('sessions')
      .select('id')
      .where('token_hash', '=', hashToken(employee.token))
      .executeTakeFirstOrThrow();
    expect(capture.role).toBe('client');
    expect(grant).toMatchObject({
      code_hash: hashToken(code),
      acting_user_id: employee.userId,
      origin_session_id: origin.id,
      client_id: client.clientId,
      application_id: capture.id,
      step_1: false,
      order_id: null,
      tour_id: null,
      redeemed_at: null,
      redeemed_session_id: null,
    });
    expect(grant.expires_at.getTime() - grant.created_at.getTime()).toBe(60_000);
    expect(grant.created_at.getTime()).toBe(server.clock.now().getTime());
  });

  it('never stores the code in plaintext, in any column of any table', async () => {
    const res = await captureClient(server, employee.token, { client_id: client.clientId });
    const code = codeOf(res.headers.get('location')!);
    expect(await scannedColumnCount(db())).toBeGreaterThan(10);
    expect(await columnsContaining(db(), code)).toEqual([]);
    // The scan does find what is stored: the code's digest.
    expect(await columnsContaining(db(), hashToken(code))).toEqual(['xso_grants.code_hash']);
  });

  it('issues a different code each time', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const res = await captureClient(server, employee.token, { client_id: client.clientId });
      codes.add(codeOf(res.headers.get('location')!));
    }
    expect(codes.size).toBe(5);
  });
});

describe('xso/capture_client: who may act for the client', () => {
  const expectGranted = async (token: string, clientId: number) => {
    const before = (await db()
      .selectFrom('xso_grants')
      .select(db().fn.countAll().as('n'))
      .executeTakeFirst())!;
    const res = await captureClient(server, token, { client_id: clientId });
    expect(res.http).toBe(302);
    const after = (await db()
      .selectFrom('xso_grants')
      .select(db().fn.countAll().as('n'))
      .executeTakeFirst())!;
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    return res;
  };
  const expectRefused = async (
    token: string,
    params: Record<string, string | number>,
    http: number,
    status: string,
  ) => {
    const before = await grants().execute();
    const res = await captureClient(server, token, params);
    expect(res.http).toBe(http);
    expect(res.body.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    expect(await grants().execute()).toHaveLength(before.length);
    return res;
  };

  it('lets an employee act for any client', async () => {
    await expectGranted(employee.token, client.clientId);
    await expectGranted(employee.token, otherClient.clientId);
  });

  it('lets a liaison act for a linked client, and refuses an unlinked one with client-access-denied', async () => {
    const liaison = await signedIn(server, 'liaison');
    await db()
      .insertInto('liaison_clients')
      .values({ liaison_id: liaison.liaisonId!, client_id: client.clientId })
      .execute();
    await expectGranted(liaison.token, client.clientId);
    const res = await expectRefused(
      liaison.token,
      { client_id: otherClient.clientId },
      403,
      'client-access-denied',
    );
    expect(res.body.errors).toEqual([
      expect.objectContaining({ param: 'client_id', status: 'client-access-denied' }),
    ]);
    expect(res.body.session.role).toBe('liaison');
  });

  it('lets a client act for themselves only', async () => {
    await expectGranted(client.token, client.clientId);
    await expectRefused(client.token, { client_id: otherClient.clientId }, 403, 'client-access-denied');
  });

  it('answers client-access-denied, not invalid-param, to a non-employee naming a client that does not exist', async () => {
    await expectRefused(client.token, { client_id: 999_999 }, 403, 'client-access-denied');
  });

  it('answers invalid-param naming client_id to an employee naming a client that does not exist', async () => {
    const res = await expectRefused(employee.token, { client_id: 999_999 }, 400, 'invalid-param');
    expect(res.body.errors).toEqual([expect.objectContaining({ param: 'client_id' })]);
  });

  it('answers client-required 401 to a user without any role, with the session', async () => {
    const user = await createUser(db(), []);
    const created = await server.call('POST', '/api/v1/sessions/create', {
      body: encodeSensitive({ email: user.email, password: PASSWORD }),
      contentType: 'text/plain',
    });
    const res = await expectRefused(
      created.body.session.token,
      { client_id: client.clientId },
      401,
      'client-required',
    );
    expect(res.body.session.user_id).toBe(user.userId);
  });

  it('answers role-required 403 when the session’s application acts as a role the user no longer has', async () => {
    const user = await createUser(db(), ['client', 'employee']);
    const token = await signIn(server, user.email, 'planoorder');
    await db().deleteFrom('employees').where('id', '=', user.employeeId!).execute();
    await expectRefused(token, { client_id: client.clientId }, 403, 'role-required');
  });

  it('answers invalid-token 401 to an unknown token, a revoked session and an application token', async () => {
    await expectRefused('ps_not-a-real-token', { client_id: client.clientId }, 401, 'invalid-token');
    const signedOut = await signedIn(server, 'employee');
    await server.call('POST', '/api/v1/sessions/destroy', { json: { token: signedOut.token } });
    await expectRefused(signedOut.token, { client_id: client.clientId }, 401, 'invalid-token');
    await expectRefused(await captureToken(server), { client_id: client.clientId }, 401, 'invalid-token');
  });

  it('answers missing-param for a missing token or client_id', async () => {
    const noClient = await server.call('GET', '/api/v1/xso/capture_client', {
      query: { token: employee.token },
    });
    expect(noClient.body).toMatchObject({ status: 'missing-param', errors: [{ param: 'client_id' }] });
    const noToken = await server.call('GET', '/api/v1/xso/capture_client', {
      query: { client_id: String(client.clientId) },
    });
    expect(noToken.body).toMatchObject({ status: 'missing-param', errors: [{ param: 'token' }] });
  });
});

describe('xso/capture_client: deep links', () => {
  let tourWithOrder: number;
  let orderOnTour: number;
  let plainOrder: number;
  let otherTour: number;
  let foreignOrder: number;
  let foreignTour: number;
  beforeAll(async () => {
    tourWithOrder = await createTour(db(), client.clientId);
    orderOnTour = await createOrder(db(), client.clientId, { tourId: tourWithOrder });
    plainOrder = await createOrder(db(), client.clientId, { status: 'canceled' });
    otherTour = await createTour(db(), client.clientId, 'draft');
    foreignTour = await createTour(db(), otherClient.clientId);
    foreignOrder = await createOrder(db(), otherClient.clientId, { tourId: foreignTour });
  });

  type Params = { step_1?: boolean; order_id?: number; tour_id?: number };
  interface Case {
    params: Params;
    deepLink: object;
    query: Record<string, string>;
  }
  // Functions, because the ids exist only once beforeAll has run.
  const accepted: [string, () => Case][] = [
    [
      'nothing: CaptuRE’s start',
      () => ({
        params: {},
        deepLink: { target: 'start', step_1: false, order_id: null, tour_id: null },
        query: {},
      }),
    ],
    [
      'step_1=true: step 1',
      () => ({
        params: { step_1: true },
        deepLink: { target: 'step_1', step_1: true, order_id: null, tour_id: null },
        query: { step: '1' },
      }),
    ],
    [
      'step_1=false: the start',
      () => ({ params: { step_1: false }, deepLink: { target: 'start', step_1: false }, query: {} }),
    ],
    [
      'order_id: the order',
      () => ({
        params: { order_id: plainOrder },
        deepLink: { target: 'order', step_1: false, order_id: plainOrder, tour_id: null },
        query: { order_id: String(plainOrder) },
      }),
    ],
    [
      'tour_id: step 2 with the tour',
      () => ({
        params: { tour_id: otherTour },
        deepLink: { target: 'step_2', step_1: false, order_id: null, tour_id: otherTour },
        query: { step: '2', tour_id: String(otherTour) },
      }),
    ],
    [
      'order_id with its own tour_id: the order',
      () => ({
        params: { order_id: orderOnTour, tour_id: tourWithOrder },
        deepLink: { target: 'order', order_id: orderOnTour, tour_id: tourWithOrder },
        query: { order_id: String(orderOnTour), tour_id: String(tourWithOrder) },
      }),
    ],
    [
      'step_1=false with order_id: the order',
      () => ({
        params: { step_1: false, order_id: orderOnTour },
        deepLink: { target: 'order', step_1: false, order_id: orderOnTour, tour_id: null },
        query: { order_id: String(orderOnTour) },
      }),
    ],
  ];

  it.each(accepted)('%s', async (_name, make) => {
    const { params: p, deepLink, query } = make();
    const res = await captureClient(server, employee.token, { client_id: client.clientId, ...p });
    expect(res.http).toBe(302);
    expect(res.body.data.deep_link).toMatchObject(deepLink);
    const url = new URL(res.headers.get('location')!);
    expect(Object.fromEntries(url.searchParams)).toEqual(query);
    const grant = await grants().executeTakeFirstOrThrow();
    expect(grant).toMatchObject({
      code_hash: hashToken(codeOf(url.toString())),
      step_1: p.step_1 === true,
      order_id: p.order_id ?? null,
      tour_id: p.tour_id ?? null,
    });
  });

  const refused: [string, () => Params, string][] = [
    ['step_1 with order_id', () => ({ step_1: true, order_id: plainOrder }), 'step_1'],
    ['step_1 with tour_id', () => ({ step_1: true, tour_id: otherTour }), 'step_1'],
    [
      'step_1 with order_id and tour_id',
      () => ({ step_1: true, order_id: orderOnTour, tour_id: tourWithOrder }),
      'step_1',
    ],
    [
      'order_id with a tour that is not its tour',
      () => ({ order_id: orderOnTour, tour_id: otherTour }),
      'tour_id',
    ],
    [
      'order_id without a tour with a tour_id',
      () => ({ order_id: plainOrder, tour_id: otherTour }),
      'tour_id',
    ],
    ['an order of another client', () => ({ order_id: foreignOrder }), 'order_id'],
    ['a tour of another client', () => ({ tour_id: foreignTour }), 'tour_id'],
    ['an order that does not exist', () => ({ order_id: 999_999 }), 'order_id'],
    ['a tour that does not exist', () => ({ tour_id: 999_999 }), 'tour_id'],
    ['a non-integer order_id', () => ({ order_id: 'twelve' as unknown as number }), 'order_id'],
  ];

  it.each(refused)('refuses %s with invalid-param naming it', async (_name, params, param) => {
    const before = await grants().execute();
    const res = await captureClient(server, employee.token, { client_id: client.clientId, ...params() });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors).toEqual([expect.objectContaining({ param, status: 'invalid-param' })]);
    expect(await grants().execute()).toHaveLength(before.length);
  });

  it('keeps the query CaptuRE’s URL already has', async () => {
    const custom = await startTestServer({
      config: { captureUrl: 'https://capture.test/start?brand=plano' },
    });
    try {
      const e = await signedIn(custom, 'employee');
      const c = await createUser(custom.app.context.db, ['client']);
      const res = await captureClient(custom, e.token, { client_id: c.clientId!, step_1: true });
      const url = new URL(res.headers.get('location')!);
      expect(Object.fromEntries(url.searchParams)).toEqual({ brand: 'plano', step: '1' });
      expect(url.hash).toMatch(/^#code=px_/);
    } finally {
      await custom.close();
    }
  });
});
