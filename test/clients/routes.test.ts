import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApplicationToken } from '../../src/auth/applications.js';
import { auditHistory } from '../../src/audit/trail.js';
import { planClientUpdate } from '../../src/clients/update.js';
import { PASSWORD, signIn, signedIn, type TestUser } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CAPTURE_URL, handOff, redeem } from '../helpers/xso.js';

type Signed = TestUser & { token: string };
let server: TestServer;
let employee: Signed;
let liaison: Signed;
let companyId: number;

const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer({ config: { captureUrl: CAPTURE_URL } });
  employee = await signedIn(server, 'employee');
  liaison = await signedIn(server, 'liaison');
  companyId = (
    await db()
      .insertInto('companies')
      .values({ name: 'Front Range Realty' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => server?.close());

/** A signed-in client, linked to the liaison when asked. */
async function newClient(o: { linked?: boolean } = {}): Promise<Signed> {
  const client = await signedIn(server, 'client');
  if (o.linked) {
    await db()
      .insertInto('liaison_clients')
      .values({ liaison_id: liaison.liaisonId!, client_id: client.clientId! })
      .execute();
  }
  return client;
}

const update = (token: string, json: Record<string, unknown>) =>
  server.call('POST', '/api/v1/clients/update', { json: { token, ...json } });
const read = (token: string, id: number, view?: string) =>
  server.call('GET', '/api/v1/clients/read', { query: { token, id: String(id), ...(view ? { view } : {}) } });
const list = (token: string, query: Record<string, string> = {}) =>
  server.call('GET', '/api/v1/clients/list', { query: { token, ...query } });
const whoAmI = (token: string) => server.call('GET', '/api/v1/users/show', { query: { token } });

describe('clients/read', () => {
  it('answers the client to themselves, their liaison and employees; notes only to employees', async () => {
    const client = await newClient({ linked: true });
    await update(employee.token, { id: client.clientId, employee_notes: 'prefers mornings' });
    const own = await read(client.token, client.clientId!);
    expect(own.body.status).toBe('action-successful');
    expect(own.body.data.client).toMatchObject({ id: client.clientId, email: client.email, active: true });
    expect('employee_notes' in own.body.data.client).toBe(false);
    expect((await read(liaison.token, client.clientId!)).body.data.client.id).toBe(client.clientId);
    expect((await read(employee.token, client.clientId!)).body.data.client.employee_notes).toBe(
      'prefers mornings',
    );
  });

  it('refuses clients the caller may not act for, existing or not, with client-access-denied', async () => {
    const client = await newClient();
    const other = await newClient();
    for (const [caller, id] of [
      [client, other.clientId!],
      [client, 999_999],
      [liaison, other.clientId!],
      [liaison, 999_999],
    ] as const) {
      const res = await read(caller.token, id);
      expect(res.http).toBe(403);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ param: 'id', status: 'client-access-denied' }),
      ]);
    }
    const missing = await read(employee.token, 999_999);
    expect(missing.body.errors).toEqual([
      { param: 'id', status: 'invalid-param', message: 'id 999999 does not exist' },
    ]);
  });

  it('has the views of the real page', async () => {
    const client = await newClient();
    await db()
      .updateTable('clients')
      .set({ company_id: companyId })
      .where('id', '=', client.clientId!)
      .execute();
    await db()
      .updateTable('companies')
      .set({ branding_city: 'Denver' })
      .where('id', '=', companyId)
      .execute();
    await db()
      .insertInto('tours')
      .values({ client_id: client.clientId!, address: '1 Main St', status: 'draft', updated_at: new Date() })
      .execute();
    const keys = async (view: string) =>
      Object.keys((await read(client.token, client.clientId!, view)).body.data.client);
    expect(await keys('planox_client_read_profile')).toEqual([
      'id',
      'name',
      'user_id',
      'email',
      'first_name',
      'last_name',
      'phone',
      'display_name',
      'use_display_name',
      'bio',
      'realtor_license',
    ]);
    expect(await keys('contract_type_view')).toEqual(['id', 'name', 'enterprise', 'company_id', 'active']);
    expect(await keys('planox_client_read_preferences')).toContain('assistant_emails');
    const tours = await read(client.token, client.clientId!, 'planox_client_read_tours');
    expect(tours.body.data.client.tours).toEqual([
      expect.objectContaining({ address: '1 Main St', status: 'draft' }),
    ]);
    const branding = await read(client.token, client.clientId!, 'planox_client_read_branding');
    expect(branding.body.data.client.branding.city).toBe('Denver');
    const withCompany = await read(client.token, client.clientId!, 'client_read');
    expect(withCompany.body.data.client.company).toEqual({ id: companyId, name: 'Front Range Realty' });
  });
});

describe('clients/update', () => {
  it('lets a client edit their own profile; changes are kept in the audit trail', async () => {
    const client = await newClient();
    const res = await update(client.token, {
      id: client.clientId,
      first_name: ' Dana ',
      phone: '+1 303 555 0142',
      assistant_first_name: 'Sam',
      assistant_emails: 'sam@frontrange.example, SAM@frontrange.example,ops@frontrange.example',
      additional_emails: 'office@frontrange.example',
      display_name: 'The Whitfield Team',
      use_display_name: true,
      bio: 'Twenty years on the Front Range.',
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.client).toMatchObject({
      name: 'The Whitfield Team',
      first_name: 'Dana',
      assistant_emails: ['sam@frontrange.example', 'ops@frontrange.example'],
      additional_emails: ['office@frontrange.example'],
    });
    expect(res.body.data.changed).toEqual([
      'first_name',
      'phone',
      'assistant_first_name',
      'assistant_emails',
      'additional_emails',
      'bio',
      'display_name',
      'use_display_name',
    ]);
    const cleared = await update(client.token, { id: client.clientId, clear: ['assistant_emails', 'phone'] });
    expect(cleared.body.data.client).toMatchObject({ assistant_emails: [], phone: null });
    const history = await auditHistory(db(), 'client', client.clientId!);
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      actor_user_id: client.userId,
      application: 'planoauth',
      before: { first_name: 'Test', assistant_emails: [] },
      after: { first_name: 'Dana', assistant_emails: ['sam@frontrange.example', 'ops@frontrange.example'] },
    });
  });

  it('validates every address of the lists', async () => {
    const client = await newClient();
    const res = await update(client.token, {
      id: client.clientId,
      assistant_emails: 'ok@example.com, not-an-address',
    });
    expect(res.http).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ param: 'assistant_emails', status: 'invalid-param' }),
    ]);
  });

  it('keeps employee_notes and active for employees, and clients to themselves', async () => {
    const client = await newClient({ linked: true });
    const other = await newClient();
    for (const caller of [client, liaison]) {
      for (const [param, value] of [
        ['employee_notes', 'x'],
        ['active', false],
      ] as const) {
        const res = await update(caller.token, { id: client.clientId, [param]: value });
        expect(res.http).toBe(403);
        expect(res.body.errors).toEqual([
          { param, status: 'permission-denied', message: `only an employee may set ${param}` },
        ]);
      }
    }
    const notMine = await update(client.token, { id: other.clientId, first_name: 'Mallory' });
    expect(notMine.body.errors).toEqual([
      expect.objectContaining({ param: 'id', status: 'client-access-denied' }),
    ]);
    expect((await update(liaison.token, { id: other.clientId, first_name: 'x' })).body.status).toBe(
      'client-access-denied',
    );
    expect(
      (await update(liaison.token, { id: client.clientId, last_name: 'Lee' })).body.data.client.last_name,
    ).toBe('Lee');
    const retired = await update(employee.token, {
      id: client.clientId,
      active: false,
      employee_notes: 'moved away',
    });
    expect(retired.body.data.changed).toEqual(['active', 'employee_notes']);
  });

  it('lets the owner change their email with the current password', async () => {
    const client = await newClient();
    const email = `renamed-${client.clientId}@example.com`;
    const missing = await update(client.token, { id: client.clientId, email });
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ param: 'current_password', status: 'missing-param' }),
    ]);
    const wrong = await update(client.token, {
      id: client.clientId,
      email,
      current_password: 'not it at all',
    });
    expect(wrong.body.status).toBe('invalid-password');
    const ok = await update(client.token, { id: client.clientId, email, current_password: PASSWORD });
    expect(ok.body.data.client.email).toBe(email);
    expect(ok.body.data.revoked_sessions).toBe(0);
    expect((await whoAmI(client.token)).body.status).toBe('action-successful');
    await signIn(server, email, 'planoauth');
    const taken = await update(client.token, {
      id: client.clientId,
      email: employee.email.toUpperCase(),
      current_password: PASSWORD,
    });
    expect(taken.body.errors).toEqual([
      { param: 'email', status: 'email-already-registered', message: 'email is already registered' },
    ]);
  });

  it('ends every session on a new password; the owner gets a new one', async () => {
    const client = await newClient();
    const second = await signIn(server, client.email, 'planoauth');
    const res = await update(client.token, {
      id: client.clientId,
      password: 'a whole new secret',
      current_password: PASSWORD,
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.changed).toEqual(['password']);
    expect(res.body.data.revoked_sessions).toBe(2);
    expect(res.body.session.token).toEqual(expect.any(String));
    expect((await whoAmI(second)).body.status).toBe('invalid-token');
    expect((await whoAmI(res.body.session.token)).body.status).toBe('action-successful');
    const history = await auditHistory(db(), 'client', client.clientId!);
    expect(JSON.stringify(history)).not.toContain('a whole new secret');
    expect(history.at(-1)!.after).toEqual({ password: 'changed' });
    const short = await update(res.body.session.token, {
      id: client.clientId,
      password: 'short',
      current_password: 'a whole new secret',
    });
    expect(short.body.errors).toEqual([
      expect.objectContaining({ param: 'password', status: 'invalid-param' }),
    ]);
  });

  it('lets an employee reset the password without the current one; liaisons may not', async () => {
    const client = await newClient({ linked: true });
    const byLiaison = await update(liaison.token, { id: client.clientId, password: 'liaison picked this' });
    expect(byLiaison.body.errors).toEqual([
      {
        param: 'password',
        status: 'permission-denied',
        message: 'only the client or an employee may change the password',
      },
    ]);
    const res = await update(employee.token, { id: client.clientId, password: 'reset by the office' });
    expect(res.body.data.revoked_sessions).toBe(1);
    expect(res.body.session).toMatchObject({ id: expect.any(Number) });
    expect(res.body.session.token).toBeUndefined();
    expect((await whoAmI(client.token)).body.status).toBe('invalid-token');
    expect((await whoAmI(employee.token)).body.status).toBe('action-successful');
  });

  it('refuses email and password changes from a hand-off session', async () => {
    const client = await newClient();
    const appToken = await issueApplicationToken(db(), 'capture');
    const redeemed = await redeem(
      server,
      appToken,
      await handOff(server, employee.token, { client_id: client.clientId! }),
    );
    const token = redeemed.body.session.token as string;
    for (const param of ['email', 'password'] as const) {
      const res = await update(token, {
        id: client.clientId,
        [param]: param === 'email' ? 'taken-over@example.com' : 'the employee keeps this',
        current_password: PASSWORD,
      });
      expect(res.http).toBe(403);
      expect(res.body.errors).toEqual([expect.objectContaining({ param, status: 'hand-off-not-allowed' })]);
    }
    expect((await update(token, { id: client.clientId, bio: 'Edited over XSO' })).body.status).toBe(
      'action-successful',
    );
  });
});

describe('clients/list', () => {
  it('lists what the caller may see, searched by name or email, by company, paged', async () => {
    const a = await newClient({ linked: true });
    const b = await newClient();
    await update(employee.token, { id: a.clientId, last_name: 'Zyzzyva-Unique' });
    await db().updateTable('clients').set({ company_id: companyId }).where('id', '=', b.clientId!).execute();
    const own = await list(a.token);
    expect(own.body.data.results.map((c: { id: number }) => c.id)).toEqual([a.clientId]);
    const linked = (await list(liaison.token)).body.data.results.map((c: { id: number }) => c.id);
    expect(linked).toContain(a.clientId);
    expect(linked).not.toContain(b.clientId);
    const byName = await list(employee.token, { search: 'zyzzyva' });
    expect((await list(employee.token, { search: 'test zyzzyva' })).body.data.pagination.total).toBe(1);
    expect(byName.body.data.results.map((c: { id: number }) => c.id)).toEqual([a.clientId]);
    const byEmail = await list(employee.token, { search: b.email.toUpperCase() });
    expect(byEmail.body.data.results.map((c: { id: number }) => c.id)).toEqual([b.clientId]);
    const byCompany = await list(employee.token, { company_id: String(companyId) });
    expect(byCompany.body.data.results.map((c: { id: number }) => c.id)).toContain(b.clientId);
    const paged = await list(employee.token, { per_page: '1', view: 'contract_type_view' });
    expect(paged.body.data.results).toHaveLength(1);
    expect(paged.body.data.pagination.total).toBeGreaterThan(1);
    expect((await list(employee.token, { search: '_' })).body.data.pagination.total).toBe(0);
  });
});

describe('planClientUpdate (the pure decision)', () => {
  const client = { kind: 'client', actingUserId: null } as const;
  it('sets the columns given, on the user and the client', () => {
    expect(planClientUpdate(client, { first_name: ' A ', bio: 'b', clear: ['phone'] })).toEqual({
      user: { phone: null, first_name: 'A' },
      client: { bio: 'b' },
      credentials: 'none',
    });
  });
  it('says who authorizes a credential change', () => {
    expect(planClientUpdate(client, { email: 'a@b.co' }).credentials).toBe('owner');
    expect(
      planClientUpdate({ kind: 'employee', actingUserId: null }, { password: 'x'.repeat(8) }).credentials,
    ).toBe('employee-reset');
    expect(() => planClientUpdate({ kind: 'client', actingUserId: 7 }, { password: 'x'.repeat(8) })).toThrow(
      /handed off/,
    );
  });
});
