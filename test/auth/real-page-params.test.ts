import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, PASSWORD } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';

/** sessions/create and clients/register take the real pages' params, and what callers sent before. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const sensitive = (path: string, params: Record<string, unknown>) =>
  server.call('POST', `/api/v1/${path}`, { body: encodeSensitive(params), contentType: 'text/plain' });
let counter = 0;
const newClient = () => ({
  email: `registrant${++counter}-${Date.now()}@example.com`,
  password: 'correct horse battery',
  first_name: 'Rae',
  last_name: 'Stone',
});

describe('sessions/create', () => {
  it('signs in to the named application, with the session view the real page names', async () => {
    const user = await createUser(server.database.db, ['employee']);
    const res = await sensitive('sessions/create', {
      email: user.email,
      password: PASSWORD,
      application: 'planoorder',
      session_view: 'full',
      application_view: 'default',
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.session).toMatchObject({ application: 'planoorder', role: 'employee' });
    expect(res.body.session.user).toBeDefined();
  });

  it('still accepts older callers: no application (PlanoAuth), `view` for the session view', async () => {
    const user = await createUser(server.database.db, ['client']);
    const res = await sensitive('sessions/create', { email: user.email, password: PASSWORD, view: 'full' });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.session).toMatchObject({ application: 'planoauth', role: 'client' });
    expect(res.body.session.user).toBeDefined();
  });
});

describe('clients/register', () => {
  it('registers through a client application it is named, and refuses others', async () => {
    const ok = await sensitive('clients/register', { application: 'capture', client: newClient() });
    expect(ok.body.status).toBe('action-successful');
    expect(ok.body.session.application).toBe('capture');
    const refused = await sensitive('clients/register', { application: 'planoorder', client: newClient() });
    expect(refused.body.errors).toEqual([
      {
        param: 'application',
        status: 'invalid-param',
        message:
          'application planoorder acts as employee; clients register through an application acting as client',
      },
    ]);
    const unknown = await sensitive('clients/register', { application: 'nope', client: newClient() });
    expect(unknown.body.errors[0]).toMatchObject({ param: 'application', status: 'invalid-param' });
  });

  it('still accepts older callers: no application (PlanoAuth), `view` for the session view', async () => {
    const res = await sensitive('clients/register', { client: newClient(), view: 'full', enterprise: true });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.session.application).toBe('planoauth');
    expect(res.body.session.user).toBeDefined();
    const row = await server.database.db
      .selectFrom('clients')
      .select(['enterprise', 'company_id'])
      .where('id', '=', res.body.data.client_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ enterprise: true, company_id: null });
  });
});
