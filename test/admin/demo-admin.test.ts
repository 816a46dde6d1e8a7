import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../../src/demo/seed.js';
import { testPasswords } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemoData(server.app.context.db, testPasswords);
  await seedDemoData(server.app.context.db, testPasswords);
});
afterAll(async () => server?.close());

describe('the demo employee', () => {
  it('holds the admin permission (once), so the admin routes answer them', async () => {
    const signIn = await server.call('POST', '/api/v1/sessions/create', {
      body: encodeSensitive({
        email: DEMO_USERS.employee,
        password: DEMO_PASSWORD,
        application: 'planoorder',
      }),
      contentType: 'text/plain',
    });
    const token = signIn.body.session.token;
    const res = await server.call('GET', '/api/v1/api_services/list', { query: { token } });
    expect(res.body.status).toBe('action-successful');
    const grants = await server.app.context.db.selectFrom('employee_permissions').selectAll().execute();
    expect(grants.map((g) => g.permission)).toEqual(['admin']);
  });
});
