import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../src/admin/routes.js';
import { describeAuth } from '../../src/docs/model.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('the admin routes’ documentation', () => {
  it('says each needs an employee holding the admin permission, and documents permission-denied', async () => {
    for (const route of adminRoutes) {
      expect(describeAuth(route.auth)).toContain('holding the `admin` permission');
      expect(route.statuses).toContain('permission-denied');
    }
    const res = await fetch(`${server.url}/documentation/api/v1/api_routes/update`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('holding the <code>admin</code> permission');
  });
});
