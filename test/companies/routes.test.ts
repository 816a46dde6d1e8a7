import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit/trail.js';
import { hierarchyCycle } from '../../src/companies/hierarchy.js';
import { signedIn, type TestUser } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Signed = TestUser & { token: string };
let server: TestServer;
let employee: Signed;
let client: Signed;
let liaison: Signed;
let ownCompany: number;
let otherCompany: number;

const db = () => server.database.db;
let counter = 0;
async function company(name = `Company ${++counter}`): Promise<number> {
  return (await db().insertInto('companies').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  server = await startTestServer();
  employee = await signedIn(server, 'employee');
  client = await signedIn(server, 'client');
  liaison = await signedIn(server, 'liaison');
  ownCompany = await company('Front Range Realty');
  otherCompany = await company('Elsewhere Homes');
  await db()
    .updateTable('clients')
    .set({ company_id: ownCompany })
    .where('id', '=', client.clientId!)
    .execute();
  await db()
    .insertInto('liaison_clients')
    .values({ liaison_id: liaison.liaisonId!, client_id: client.clientId! })
    .execute();
});
afterAll(async () => server?.close());

const update = (token: string, json: Record<string, unknown>) =>
  server.call('POST', '/api/v1/companies/update', { json: { token, ...json } });
const read = (token: string, id: number | string, view?: string) =>
  server.call('GET', '/api/v1/companies/read', {
    query: { token, id: String(id), ...(view ? { view } : {}) },
  });
const list = (token: string, query: Record<string, string> = {}) =>
  server.call('GET', '/api/v1/companies/list', { query: { token, ...query } });

describe('companies/read', () => {
  it('answers the company to whoever may act for it; internal notes only to employees', async () => {
    await update(employee.token, { id: String(ownCompany), internal_notes: 'pays late' });
    const asEmployee = await read(employee.token, ownCompany);
    expect(asEmployee.body.data.company).toMatchObject({
      id: ownCompany,
      name: 'Front Range Realty',
      internal_notes: 'pays late',
    });
    for (const caller of [client, liaison]) {
      const res = await read(caller.token, ownCompany);
      expect(res.body.status).toBe('action-successful');
      expect(res.body.data.company.id).toBe(ownCompany);
      expect('internal_notes' in res.body.data.company).toBe(false);
    }
  });

  it('answers another company and a missing one alike, except to employees', async () => {
    for (const caller of [client, liaison]) {
      const other = await read(caller.token, otherCompany);
      const missing = await read(caller.token, 999_999);
      expect(other.http).toBe(403);
      expect(other.body.status).toBe('permission-denied');
      expect(missing.body.status).toBe('permission-denied');
      expect(missing.body.errors[0].param).toBe('id');
    }
    const res = await read(employee.token, 999_999);
    expect(res.body.errors).toEqual([
      { param: 'id', status: 'invalid-param', message: 'company 999999 does not exist' },
    ]);
  });

  it('has the branding view', async () => {
    await update(client.token, { id: String(ownCompany), branding_city: 'Denver' });
    const res = await read(client.token, ownCompany, 'planox_client_read_branding');
    expect(Object.keys(res.body.data.company)).toEqual(['id', 'name', 'branding']);
    expect(res.body.data.company.branding.city).toBe('Denver');
  });
});

describe('companies/update', () => {
  it('lets employees set everything, records the change, clears on request', async () => {
    const parent = await company();
    const id = await company();
    const res = await update(employee.token, {
      id: String(id),
      parent_id: parent,
      billing_parent_id: parent,
      designation_id: 4,
      active: false,
      job_completion_email: 'listings@frontrange.example',
      branding_website: 'https://frontrange.example/',
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.changed.sort()).toEqual([
      'active',
      'billing_parent_id',
      'branding_website',
      'designation_id',
      'job_completion_email',
      'parent_id',
    ]);
    expect(res.body.data.company).toMatchObject({
      parent_id: parent,
      billing_parent_id: parent,
      active: false,
    });
    const cleared = await update(employee.token, {
      id: String(id),
      clear: ['parent_id', 'branding_website'],
    });
    expect(cleared.body.data.company.parent_id).toBeNull();
    expect(cleared.body.data.company.branding.website).toBeNull();
    const history = await auditHistory(db(), 'company', id);
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      before: { parent_id: null },
      after: { parent_id: parent, designation_id: 4 },
    });
  });

  it('refuses a parent or billing parent that leads back to the company', async () => {
    const [a, b, c] = [await company(), await company(), await company()];
    expect((await update(employee.token, { id: String(a), parent_id: b })).body.status).toBe(
      'action-successful',
    );
    expect((await update(employee.token, { id: String(b), parent_id: c })).body.status).toBe(
      'action-successful',
    );
    const loop = await update(employee.token, { id: String(c), parent_id: a });
    expect(loop.http).toBe(400);
    expect(loop.body.errors).toEqual([
      {
        param: 'parent_id',
        status: 'invalid-param',
        message: `parent_id ${a} would make a cycle of parents: company ${c} → ${a} → ${b} → ${c}`,
      },
    ]);
    const self = await update(employee.token, { id: String(a), billing_parent_id: a });
    expect(self.body.errors[0]).toMatchObject({ param: 'billing_parent_id', status: 'invalid-param' });
    // The hierarchies are separate: c may pay for a while a belongs to c's chain.
    expect((await update(employee.token, { id: String(c), billing_parent_id: a })).body.status).toBe(
      'action-successful',
    );
    const billingLoop = await update(employee.token, { id: String(a), billing_parent_id: c });
    expect(billingLoop.body.errors[0].message).toBe(
      `billing_parent_id ${c} would make a cycle of billing parents: company ${a} → ${c} → ${a}`,
    );
    const missing = await update(employee.token, { id: String(a), parent_id: 999_999 });
    expect(missing.body.errors[0].message).toBe('parent_id 999999 is not a company');
  });

  it('lets only one of two changes that would close a loop together succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await company(), await company()];
      const results = await Promise.all([
        update(employee.token, { id: String(a), parent_id: b }),
        update(employee.token, { id: String(b), parent_id: a }),
      ]);
      expect(results.map((r) => r.body.status).sort()).toEqual(['action-successful', 'invalid-param']);
    }
  });

  it('lets clients and liaisons change branding and email settings of their company only', async () => {
    const res = await update(client.token, {
      id: String(ownCompany),
      branding_name: 'FRR',
      confirmation_email_custom_message: 'Key under the mat.',
    });
    expect(res.body.data.changed).toEqual(['confirmation_email_custom_message', 'branding_name']);
    expect(
      (await update(liaison.token, { id: String(ownCompany), branding_phone: '+1 303 555 0100' })).body
        .status,
    ).toBe('action-successful');
    for (const [param, value] of [
      ['internal_notes', 'mine'],
      ['parent_id', otherCompany],
      ['active', false],
      ['designation_id', 2],
      ['name', 'Renamed'],
    ] as const) {
      const refused = await update(client.token, { id: String(ownCompany), [param]: value });
      expect(refused.http).toBe(403);
      expect(refused.body.errors).toEqual([
        { param, status: 'permission-denied', message: `only an employee may set ${param}` },
      ]);
    }
    const clear = await update(liaison.token, { id: String(ownCompany), clear: ['billing_parent_id'] });
    expect(clear.body.errors[0]).toMatchObject({ param: 'clear', status: 'permission-denied' });
    const other = await update(client.token, { id: String(otherCompany), branding_name: 'Mine now' });
    expect(other.body.status).toBe('permission-denied');
  });

  it('checks params on their declaration', async () => {
    const res = await update(employee.token, {
      id: 'x1',
      job_completion_email: 'not-an-email',
      branding_website: 'javascript:alert(1)',
      parent_id: 0,
    });
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'branding_website',
      'id',
      'job_completion_email',
      'parent_id',
    ]);
  });
});

describe('companies/list', () => {
  it('lists what the caller may see, searched and paged', async () => {
    const mine = await list(client.token);
    expect(mine.body.data.results.map((c: { id: number }) => c.id)).toEqual([ownCompany]);
    expect((await list(liaison.token)).body.data.pagination.total).toBe(1);
    const all = await list(employee.token, { per_page: '2' });
    expect(all.body.data.pagination.total).toBeGreaterThan(2);
    expect(all.body.data.results).toHaveLength(2);
    const found = await list(employee.token, { search: 'ELSEWHERE' });
    expect(found.body.data.results.map((c: { id: number }) => c.id)).toEqual([otherCompany]);
    expect((await list(employee.token, { search: '%' })).body.data.pagination.total).toBe(0);
  });

  it('filters by parent', async () => {
    const parent = await company();
    const child = await company();
    await update(employee.token, { id: String(child), parent_id: parent });
    const res = await list(employee.token, { parent_id: String(parent) });
    expect(res.body.data.results.map((c: { id: number }) => c.id)).toEqual([child]);
  });
});

describe('hierarchyCycle (the pure check)', () => {
  const links = new Map<number, number | null>([
    [2, 3],
    [3, 4],
    [4, null],
    [7, 8],
    [8, 7],
  ]);
  const linkOf = (id: number) => links.get(id);
  it('finds the loop through the company', () => {
    expect(hierarchyCycle(4, 2, linkOf)).toEqual([4, 2, 3, 4]);
    expect(hierarchyCycle(1, 1, linkOf)).toEqual([1, 1]);
  });
  it('passes a chain that ends, and an older loop that does not pass through the company', () => {
    expect(hierarchyCycle(1, 2, linkOf)).toBeNull();
    expect(hierarchyCycle(1, 7, linkOf)).toBeNull();
  });
});
