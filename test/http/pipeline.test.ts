import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/routes.js';
import { probeRoutes } from '../helpers/probe-routes.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ routes: [...allRoutes, ...probeRoutes] });
});
afterAll(async () => server?.close());

const types = '/api/v1/probe/types';

describe('envelope', () => {
  it('answers action-successful with data, session and a request id', async () => {
    const res = await server.call('GET', '/api/v1/system/status', { query: { echo: 'hi' } });
    expect(res.http).toBe(200);
    expect(res.body).toMatchObject({ status: 'action-successful', session: null, data: { echo: 'hi' } });
    expect(res.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(res.body.request_id);
  });

  it('echoes a well-formed incoming x-request-id', async () => {
    const res = await server.call('GET', '/api/v1/system/status', {
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(res.body.request_id).toBe('trace-12345678');
  });
});

describe('route identification', () => {
  it('answers route-non-existent 500 for an unknown path', async () => {
    const res = await server.call('GET', '/api/v1/nothing/here');
    expect(res.http).toBe(500);
    expect(res.body.status).toBe('route-non-existent');
  });

  it('answers route-non-existent for a known path with another method', async () => {
    const res = await server.call('DELETE', types);
    expect(res.body.status).toBe('route-non-existent');
  });

  it('answers route-not-found for a route declared but not deployed', async () => {
    const res = await server.call('GET', '/api/v1/probe/unreleased');
    expect(res.http).toBe(404);
    expect(res.body.status).toBe('route-not-found');
  });

  it('answers route-not-found when an operator undeploys a route in the database, and serves it again after', async () => {
    const db = server.app.context.db;
    const where = { method: 'GET', path: '/api/v1/other/ping' };
    await db.updateTable('api_routes').set({ deployed: false }).where('path', '=', where.path).execute();
    await server.app.routeState.refresh();
    expect((await server.call('GET', where.path)).body.status).toBe('route-not-found');
    await db.updateTable('api_routes').set({ deployed: true }).where('path', '=', where.path).execute();
    await server.app.routeState.refresh();
    expect((await server.call('GET', where.path)).body.status).toBe('action-successful');
  });

  it('answers service-not-found when the route’s service is undeployed', async () => {
    const db = server.app.context.db;
    await db.updateTable('api_services').set({ deployed: false }).where('slug', '=', 'other').execute();
    await server.app.routeState.refresh();
    const res = await server.call('GET', '/api/v1/other/ping');
    expect(res.http).toBe(404);
    expect(res.body.status).toBe('service-not-found');
    await db.updateTable('api_services').set({ deployed: true }).where('slug', '=', 'other').execute();
    await server.app.routeState.refresh();
  });
});

describe('content types and decoding', () => {
  it('reads JSON bodies', async () => {
    const res = await server.call('POST', types, { json: { name: 'ab', count: 3 } });
    expect(res.body).toMatchObject({ status: 'action-successful', data: { name: 'ab', count: 3 } });
  });

  it('reads form-urlencoded bodies with nested keys and repeated keys', async () => {
    const res = await server.call('POST', types, {
      body: 'name=ab&client[email]=a%40b.c&client.age=7&ids=1&ids=2',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(res.body.data).toEqual({ name: 'ab', client: { email: 'a@b.c', age: 7 }, ids: [1, 2] });
  });

  it('reads text/plain bodies holding JSON or key=value pairs', async () => {
    const json = await server.call('POST', types, { body: '{"name":"ab"}', contentType: 'text/plain' });
    expect(json.body.data).toEqual({ name: 'ab' });
    const pairs = await server.call('POST', types, { body: 'name=cd&flag=true', contentType: 'text/plain' });
    expect(pairs.body.data).toEqual({ name: 'cd', flag: true });
  });

  it('merges query string params under body params', async () => {
    const res = await server.call('POST', types, { query: { name: 'qq', count: '5' }, json: { name: 'bb' } });
    expect(res.body.data).toEqual({ name: 'bb', count: 5 });
  });

  it('answers invalid-content-type 400 for an unsupported content type', async () => {
    const res = await server.call('POST', types, { body: '<a/>', contentType: 'application/xml' });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-content-type');
  });

  it('answers invalid-encoded-params for malformed JSON', async () => {
    const res = await server.call('POST', types, { body: '{"name":', contentType: 'application/json' });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-encoded-params');
  });

  it('decodes base64 bodies on sensitive-params routes', async () => {
    const res = await server.call('POST', '/api/v1/probe/sensitive', {
      body: encodeSensitive({ secret: 'hunter22' }),
      contentType: 'text/plain',
    });
    expect(res.body).toMatchObject({ status: 'action-successful', data: { length: 8 } });
  });

  it('ignores the query string on sensitive-params routes', async () => {
    const res = await server.call('POST', '/api/v1/probe/sensitive', {
      query: { secret: 'in-the-url' },
      body: encodeSensitive({ other: 1 }),
      contentType: 'text/plain',
    });
    expect(res.body.status).toBe('missing-param');
  });

  it('answers invalid-encoded-params when a sensitive body is not base64', async () => {
    const res = await server.call('POST', '/api/v1/probe/sensitive', {
      json: { secret: 'plain' },
    });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-encoded-params');
  });

  it('answers invalid-encoded-params when base64 decodes to binary', async () => {
    const res = await server.call('POST', '/api/v1/probe/sensitive', {
      body: Buffer.from([0xff, 0xfe, 0x00, 0x81]).toString('base64'),
      contentType: 'text/plain',
    });
    expect(res.body.status).toBe('invalid-encoded-params');
  });

  it('answers no-params-decoded when the body decodes to nothing', async () => {
    for (const body of [Buffer.from('{}').toString('base64'), '']) {
      const res = await server.call('POST', '/api/v1/probe/sensitive', { body, contentType: 'text/plain' });
      expect(res.http).toBe(400);
      expect(res.body.status).toBe('no-params-decoded');
    }
  });

  it('answers payload-too-large 413 past the body limit', async () => {
    const res = await server.call('POST', types, { json: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.http).toBe(413);
    expect(res.body.status).toBe('payload-too-large');
  });
});

describe('validation', () => {
  it('answers missing-param naming the param', async () => {
    const res = await server.call('POST', types, { json: { count: 1 } });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('missing-param');
    expect(res.body.errors).toEqual([
      { param: 'name', status: 'missing-param', message: 'name is required' },
    ]);
  });

  it('names every offending param at once, nested ones by their dotted path', async () => {
    const res = await server.call('POST', types, {
      json: { name: 'toolong', count: 'x', client: { age: 'old' }, ids: [1, 'two'] },
    });
    expect(res.body.status).toBe('missing-param');
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual(
      ['client.age', 'client.email', 'count', 'ids[1]', 'name'].sort(),
    );
  });

  it.each([
    ['integer from text', { count: '42' }, { count: 42 }],
    ['negative integer', { count: -3 }, { count: -3 }],
    ['float from text', { ratio: '2.5' }, { ratio: 2.5 }],
    ['float from integer', { ratio: 2 }, { ratio: 2 }],
    ['boolean "true"', { flag: 'true' }, { flag: true }],
    ['boolean "0"', { flag: '0' }, { flag: false }],
    ['boolean 1', { flag: 1 }, { flag: true }],
    ['possible value', { color: 'red' }, { color: 'red' }],
    ['hash object', { meta: { a: 1 } }, { meta: { a: 1 } }],
    ['hash from JSON text', { meta: '{"a":1}' }, { meta: { a: 1 } }],
    ['json from text', { doc: '[1,{"b":2}]' }, { doc: [1, { b: 2 }] }],
    ['json value', { doc: { z: null } }, { doc: { z: null } }],
    ['parent from JSON text', { client: '{"email":"e@x.y"}' }, { client: { email: 'e@x.y' } }],
    ['array of integers from text', { ids: ['1', '2'] }, { ids: [1, 2] }],
    ['single value as array', { ids: 5 }, { ids: [5] }],
    ['empty optional dropped', { count: '' }, {}],
  ])('coerces %s', async (_label, given, expected) => {
    const res = await server.call('POST', types, { json: { name: 'n', ...given } });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data).toEqual({ name: 'n', ...expected });
  });

  it.each([
    ['string as number', { name: 5 }, 'name'],
    ['string over max length', { name: 'abcdef' }, 'name'],
    ['string with NUL', { name: 'a\u0000b' }, 'name'],
    ['string with lone surrogate', { name: 'a\ud800' }, 'name'],
    ['integer with fraction', { count: 1.5 }, 'count'],
    ['integer text with fraction', { count: '1.5' }, 'count'],
    ['integer out of range', { count: 2 ** 31 }, 'count'],
    ['integer as boolean', { count: true }, 'count'],
    ['float text', { ratio: 'abc' }, 'ratio'],
    ['boolean text', { flag: 'maybe' }, 'flag'],
    ['value not possible', { color: 'green' }, 'color'],
    ['hash as array', { meta: [1] }, 'meta'],
    ['json bad text', { doc: '{nope' }, 'doc'],
    ['json too deep', { doc: JSON.parse('['.repeat(40) + ']'.repeat(40)) }, 'doc'],
    ['parent as string', { client: 'x' }, 'client'],
    ['array too long', { ids: Array.from({ length: 1001 }, (_, i) => i) }, 'ids'],
  ])('rejects %s with invalid-param', async (_label, given, param) => {
    const res = await server.call('POST', types, { json: { name: 'n', ...given } });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors[0].param).toBe(param);
  });

  it('coerces query strings on GET routes', async () => {
    const res = await server.call('GET', '/api/v1/probe/get', { query: { id: '42', active: '1' } });
    expect(res.body.data).toEqual({ id: 42, active: true });
  });

  it('treats an empty required query param as missing', async () => {
    const res = await server.call('GET', '/api/v1/probe/get', { query: { id: '' } });
    expect(res.body.status).toBe('missing-param');
  });
});

describe('errors', () => {
  it('answers application-crash 500 with no internals in the reply', async () => {
    const res = await server.call('GET', '/api/v1/probe/crash');
    expect(res.http).toBe(500);
    expect(res.body.status).toBe('application-crash');
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('maps a typed error from a handler to its status, naming the param', async () => {
    const res = await server.call('GET', '/api/v1/probe/typed_error');
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({ status: 'invalid-param', errors: [{ param: 'id' }] });
  });

  it('answers identify-request-error when route records cannot be identified', async () => {
    const fresh = await startTestServer({ routes: probeRoutes });
    // Simulate route state that never loaded (for example the database was down at start).
    (fresh.app.routeState as unknown as { snapshot: undefined }).snapshot = undefined;
    const res = await fresh.call('GET', '/api/v1/probe/get', { query: { id: '1' } });
    expect(res.http).toBe(500);
    expect(res.body.status).toBe('identify-request-error');
    await fresh.close();
  });
});

describe('health', () => {
  it('reports the database as reachable', async () => {
    const res = await server.call('GET', '/healthz');
    expect(res.http).toBe(200);
    expect(res.body.data.database).toMatchObject({ reachable: true, kind: server.database.kind });
  });
});
