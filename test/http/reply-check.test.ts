import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field } from '../../src/protocol/reply.js';
import { defineRoute, type RouteRecord } from '../../src/protocol/route.js';
import { allRoutes } from '../../src/routes.js';
import { probeRoutes } from '../helpers/probe-routes.js';
import { replyMismatches, routeIndex } from '../helpers/reply-check.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A handler that answers other than its declaration (the cast is what a type error would stop). */
const lyingRoute: RouteRecord = {
  ...defineRoute({
    method: 'GET',
    path: '/api/v1/probe/lying',
    title: 'Probe Lying',
    purpose: 'Answers a reply its declaration does not describe.',
    service: 'probe',
    auth: { kind: 'public' },
    params: {},
    reply: field.object({ count: field.integer() }),
    handler: async () => ({ count: 1 }),
  }),
  handler: async () => ({ count: '1', extra: true }),
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ routes: [...allRoutes, ...probeRoutes, lyingRoute] });
});
afterAll(async () => server?.close());

describe('the test helper checks every reply against its declaration', () => {
  it('fails the call whose data differs from the declared reply, naming each difference', async () => {
    await expect(server.call('GET', '/api/v1/probe/lying')).rejects.toThrow(
      /GET \/api\/v1\/probe\/lying \(HTTP 200\) does not match its declaration:\n {2}data\.count expected an integer, got "1"\n {2}data\.extra is not declared/,
    );
  });

  it('lets a matching reply through', async () => {
    const res = await server.call('GET', '/api/v1/system/status');
    expect(res.body.status).toBe('action-successful');
  });

  it('refuses an error reply without message or errors, and a status sent with the wrong HTTP code', () => {
    const index = routeIndex(allRoutes);
    const request = { method: 'GET', path: '/api/v1/system/status' };
    const base = { data: null, session: null, request_id: 'r' };
    expect(
      replyMismatches(index, request, { http: 401, body: { ...base, status: 'session-expired' } }),
    ).toEqual([
      { path: 'message', problem: 'an error reply must have a message' },
      { path: 'errors', problem: 'an error reply must have an errors list (possibly empty)' },
    ]);
    expect(
      replyMismatches(index, request, {
        http: 200,
        body: { ...base, status: 'invalid-param', message: 'm', errors: [{ param: 'x' }] },
      }),
    ).toEqual([
      { path: 'status', problem: 'invalid-param came with HTTP 200, not 400' },
      { path: 'errors[0]', problem: 'is not {param, status, message}' },
    ]);
  });
});

describe('error replies always carry message and errors', () => {
  it.each([
    ['route-non-existent', 'GET', '/api/v1/nothing/here'],
    ['route-not-found', 'GET', '/api/v1/probe/unreleased'],
    ['application-crash', 'GET', '/api/v1/probe/crash'],
    ['invalid-token', 'GET', '/api/v1/users/show?token=ps_nope'],
  ])('%s', async (status, method, path) => {
    const res = await server.call(method, path);
    expect(res.body.status).toBe(status);
    expect(typeof res.body.message).toBe('string');
    expect(Array.isArray(res.body.errors)).toBe(true);
  });
});
