import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, PASSWORD, signIn } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

let n = 0;
const newClient = (overrides: Record<string, unknown> = {}) => ({
  email: `agent${++n}@realty.example`,
  password: 'long enough pw',
  first_name: 'Ada',
  last_name: 'Agent',
  ...overrides,
});
const welcomeEmailsTo = (email: string) =>
  server.app.context.db
    .selectFrom('email_outbox')
    .select(['kind', 'status'])
    .where('to_email', '=', email)
    .where('kind', '=', 'welcome')
    .execute();
const register = (params: Record<string, unknown>) =>
  server.call('POST', '/api/v1/clients/register', {
    body: encodeSensitive(params),
    contentType: 'text/plain',
  });

describe('clients/register', () => {
  it('creates the user, client and company, and signs them in to PlanoAuth', async () => {
    const client = newClient({ company_name: 'Harbor Homes', phone: '+1 (207) 555-0100' });
    const res = await register({ client, enterprise: true });
    expect(res.http).toBe(200);
    expect(res.body.status).toBe('action-successful');
    expect(res.body.session).toMatchObject({ application: 'planoauth', role: 'client' });
    const db = server.app.context.db;
    const row = await db
      .selectFrom('clients')
      .innerJoin('users', 'users.id', 'clients.user_id')
      .innerJoin('companies', 'companies.id', 'clients.company_id')
      .select(['users.email', 'clients.enterprise', 'companies.name'])
      .where('clients.id', '=', res.body.data.client_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: client.email, enterprise: true, name: 'Harbor Homes' });
    const shown = await server.call('GET', '/api/v1/sessions/show', {
      query: { token: res.body.session.token },
    });
    expect(shown.body.data.session.roles.client_id).toBe(res.body.data.client_id);
  });

  it('queues exactly one welcome email, in the registration’s transaction', async () => {
    const client = newClient();
    const results = await Promise.all([register({ client }), register({ client })]);
    expect(results.filter((r) => r.body.status === 'action-successful')).toHaveLength(1);
    const emails = await welcomeEmailsTo(client.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ kind: 'welcome', status: 'queued' });
  });

  it('queues no email when registration fails validation', async () => {
    const client = newClient({ password: 'short' });
    expect((await register({ client })).body.status).toBe('client-validation-failed');
    expect(await welcomeEmailsTo(client.email)).toHaveLength(0);
  });

  it('answers email-already-registered, whatever the case of the email', async () => {
    const client = newClient();
    expect((await register({ client })).body.status).toBe('action-successful');
    const again = await register({ client: { ...client, email: client.email.toUpperCase() } });
    expect(again.http).toBe(400);
    expect(again.body).toMatchObject({
      status: 'email-already-registered',
      errors: [{ param: 'client.email' }],
    });
  });

  it('lets exactly one of two simultaneous registrations of one email through', async () => {
    const client = newClient();
    const results = await Promise.all([register({ client }), register({ client })]);
    const statuses = results.map((r) => r.body.status).sort();
    expect(statuses).toEqual(['action-successful', 'email-already-registered']);
  });

  it('answers client-validation-failed naming every failing field', async () => {
    const res = await register({
      client: newClient({ email: 'not-an-email', password: 'short', phone: 'call me', company_id: 999999 }),
    });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('client-validation-failed');
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'client.company_id',
      'client.email',
      'client.password',
      'client.phone',
    ]);
  });

  it('answers missing-param for nested required fields', async () => {
    const res = await register({ client: { email: 'x@y.co' } });
    expect(res.body.status).toBe('missing-param');
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'client.first_name',
      'client.last_name',
      'client.password',
    ]);
  });
});

describe('users/client_register', () => {
  it('turns a signed-in user without roles into a client', async () => {
    const user = await createUser(server.app.context.db, []);
    const created = await server.call('POST', '/api/v1/sessions/create', {
      body: encodeSensitive({ email: user.email, password: PASSWORD }),
      contentType: 'text/plain',
    });
    expect(created.body.status).toBe('client-required');
    const token = created.body.session.token;
    const res = await server.call('POST', '/api/v1/users/client_register', {
      json: { token, client: { first_name: 'Nova', last_name: 'Newcomer', company_name: 'Nova Realty' } },
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.session).toMatchObject({ role: 'client' });
    const list = await server.call('GET', '/api/v1/sessions/list', { query: { token } });
    expect(list.body.status).toBe('action-successful');
    expect(await welcomeEmailsTo(user.email)).toHaveLength(1);
  });

  it('refuses a user who is already a client', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const token = await signIn(server, user.email, 'planoauth');
    const res = await server.call('POST', '/api/v1/users/client_register', {
      json: { token, client: { first_name: 'A', last_name: 'B' } },
    });
    expect(res.body.status).toBe('client-validation-failed');
  });
});
