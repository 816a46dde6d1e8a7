import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { auditOf, signedInAdmin } from './fixtures.js';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInAdmin>>;
let employee: Awaited<ReturnType<typeof signedIn>>;
let client: Awaited<ReturnType<typeof signedIn>>;
const TTL = 5_000;

beforeAll(async () => {
  server = await startTestServer({ config: { routeStateTtlMs: TTL } });
  admin = await signedInAdmin(server);
  employee = await signedIn(server, 'employee');
  client = await signedIn(server, 'client');
});
afterAll(async () => server?.close());

const listRoutes = (token = admin.token, query: Record<string, string> = {}) =>
  server.call('GET', '/api/v1/api_routes/list', { query: { token, ...query } });
const setRoute = (id: number, deployed: boolean, token = admin.token) =>
  server.call('POST', '/api/v1/api_routes/update', { json: { token, id, deployed } });
const setService = (id: number, deployed: boolean, token = admin.token) =>
  server.call('POST', '/api/v1/api_services/update', { json: { token, id, deployed } });
const status = () => server.call('GET', '/api/v1/system/status', { query: { echo: 'hi' } });

async function routeId(path: string): Promise<number> {
  const res = await listRoutes();
  return res.body.data.api_routes.find((r: { path: string }) => r.path === path).id;
}

describe('who may call the admin routes', () => {
  it('refuses an employee without the admin permission, and a client', async () => {
    for (const token of [employee.token, client.token]) {
      const res = await listRoutes(token);
      expect(res.http).toBe(403);
      expect(res.body.status).toBe('permission-denied');
    }
    const res = await server.call('POST', '/api/v1/applications/issue_token', {
      json: { token: employee.token, id: 1 },
    });
    expect(res.body.status).toBe('permission-denied');
    expect(res.body.message).toContain('admin permission');
    expect(res.body.session).not.toBeNull();
  });

  it('lets an admin employee in', async () => {
    const res = await listRoutes();
    expect(res.body.status).toBe('action-successful');
    const paths = res.body.data.api_routes.map((r: { path: string }) => r.path);
    expect(paths).toContain('/api/v1/system/status');
    expect(paths).toContain('/api/v1/api_routes/update');
    const only = await listRoutes(admin.token, { service: 'xso' });
    expect(only.body.data.api_routes.every((r: { service: string }) => r.service === 'xso')).toBe(true);
    expect(only.body.data.api_routes.length).toBeGreaterThan(0);
  });
});

describe('api_routes/update', () => {
  it('undeploys a route: seen after ROUTE_STATE_TTL_MS, kept in the audit trail, then redeploys', async () => {
    const id = await routeId('/api/v1/system/status');
    expect((await status()).body.status).toBe('action-successful');
    server.clock.advance(1_000);
    const off = await setRoute(id, false);
    expect(off.body.status).toBe('action-successful');
    expect(off.body.data).toMatchObject({ changed: true, api_route: { id, deployed: false } });

    server.clock.advance(TTL);
    const refused = await status();
    expect(refused.body.status).toBe('route-not-found');

    const again = await setRoute(id, false);
    expect(again.body.data.changed).toBe(false);

    const on = await setRoute(id, true);
    expect(on.body.data).toMatchObject({ changed: true, api_route: { deployed: true } });
    server.clock.advance(TTL);
    expect((await status()).body.status).toBe('action-successful');

    const trail = await auditOf(server, 'api_route', id);
    expect(trail.map((e) => e.action)).toEqual(['undeploy', 'deploy']);
    expect(trail[0]).toMatchObject({
      actor_user_id: admin.userId,
      application: 'planoorder',
      before: { path: '/api/v1/system/status', deployed: true },
      after: { path: '/api/v1/system/status', deployed: false },
    });
    expect(trail[0]!.occurred_at.toISOString()).toBe(off.body.data.api_route.updated_at);
  });

  it('refuses to undeploy the switches themselves, and an unknown id', async () => {
    const id = await routeId('/api/v1/api_routes/update');
    const res = await setRoute(id, false);
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors[0].param).toBe('id');
    const unknown = await setRoute(999_999, false);
    expect(unknown.body.status).toBe('invalid-param');
  });
});

describe('api_services', () => {
  it('lists the services and undeploys and redeploys one, audited', async () => {
    const list = await server.call('GET', '/api/v1/api_services/list', { query: { token: admin.token } });
    const services = list.body.data.api_services as { id: number; slug: string; route_count: number }[];
    const system = services.find((s) => s.slug === 'system')!;
    expect(system.route_count).toBeGreaterThan(0);
    const off = await setService(system.id, false);
    expect(off.body.data).toMatchObject({ changed: true, api_service: { slug: 'system', deployed: false } });
    server.clock.advance(TTL);
    expect((await status()).body.status).toBe('service-not-found');
    const listed = await listRoutes(admin.token, { service: 'system' });
    expect(listed.body.data.api_routes[0]).toMatchObject({ deployed: true, service_deployed: false });
    await setService(system.id, true);
    server.clock.advance(TTL);
    expect((await status()).body.status).toBe('action-successful');
    const trail = await auditOf(server, 'api_service', system.id);
    expect(trail.map((e) => [e.action, e.actor_user_id])).toEqual([
      ['undeploy', admin.userId],
      ['deploy', admin.userId],
    ]);
  });

  it('refuses to undeploy the admin service', async () => {
    const list = await server.call('GET', '/api/v1/api_services/list', { query: { token: admin.token } });
    const adminService = list.body.data.api_services.find((s: { slug: string }) => s.slug === 'admin');
    const res = await setService(adminService.id, false);
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.message).toContain('admin service');
  });
});
