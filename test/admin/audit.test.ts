import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signedInAdmin } from './fixtures.js';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInAdmin>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signedInAdmin(server);
});
afterAll(async () => server?.close());

const list = (query: Record<string, string> = {}, token = admin.token) =>
  server.call('GET', '/api/v1/audit_events/list', { query: { token, ...query } });

describe('audit_events/list', () => {
  it('shows the admin changes newest first, filtered by record, paged; refuses non-admins', async () => {
    const services = await server.call('GET', '/api/v1/api_services/list', { query: { token: admin.token } });
    const xso = services.body.data.api_services.find((s: { slug: string }) => s.slug === 'xso');
    for (const deployed of [false, true, false, true]) {
      server.clock.advance(1_000);
      await server.call('POST', '/api/v1/api_services/update', {
        json: { token: admin.token, id: xso.id, deployed },
      });
    }
    const res = await list({ entity_type: 'api_service', entity_id: String(xso.id) });
    expect(res.body.status).toBe('action-successful');
    const events = res.body.data.audit_events;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'deploy',
      'undeploy',
      'deploy',
      'undeploy',
    ]);
    expect(events[0]).toMatchObject({
      entity_type: 'api_service',
      entity_id: xso.id,
      actor_user_id: admin.userId,
      application: 'planoorder',
      before: { slug: 'xso', deployed: false },
      after: { slug: 'xso', deployed: true },
    });
    expect(events[0].occurred_at > events[1].occurred_at).toBe(true);

    const page = await list({ entity_type: 'api_service', limit: '3' });
    expect(page.body.data.audit_events).toHaveLength(3);
    const rest = await list({ entity_type: 'api_service', before_id: String(page.body.data.next_before_id) });
    expect(rest.body.data.audit_events).toHaveLength(1);
    expect(rest.body.data.next_before_id).toBeNull();

    expect((await list({ entity_id: '1' })).body.status).toBe('invalid-param');
    const employee = await signedIn(server, 'employee');
    expect((await list({}, employee.token)).body.status).toBe('permission-denied');
  });
});
