import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit/trail.js';
import { planListItemUpdate } from '../../src/list-items/update.js';
import type { ListItemRow } from '../../src/list-items/records.js';
import { allRoutes } from '../../src/routes.js';
import { signedIn } from '../helpers/auth.js';
import { listItemRoute, paramProbeRoutes } from '../helpers/param-probe-routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let employee: { token: string };
let client: { token: string };
let liaison: { token: string };
beforeAll(async () => {
  server = await startTestServer({ routes: [...allRoutes, ...paramProbeRoutes] });
  employee = await signedIn(server, 'employee');
  client = await signedIn(server, 'client');
  liaison = await signedIn(server, 'liaison');
});
afterAll(async () => server?.close());

const update = (token: string, json: Record<string, unknown>) =>
  server.call('POST', '/api/v1/list_items/update', { json: { token, ...json } });
const list = (token: string, query: Record<string, string>) =>
  server.call('GET', '/api/v1/list_items/list', { query: { token, ...query } });

let teamCounter = 0;
/** A fresh collection of three items, so tests do not disturb each other. */
async function freshCollection(): Promise<{ collection: string; ids: number[] }> {
  teamCounter += 1;
  const collection = `team_${teamCounter}`;
  const rows = await server.database.db
    .insertInto('list_items')
    .values(
      ['photo', 'video', 'edit'].map((value, i) => ({
        collection,
        value,
        name: `${value} team`,
        position: i + 1,
        description: null,
        notes: null,
        external_id: null,
        item_type: null,
      })),
    )
    .returning('id')
    .execute();
  return { collection, ids: rows.map((r) => r.id) };
}
const defaults = async (collection: string) =>
  (
    await server.database.db
      .selectFrom('list_items')
      .select('value')
      .where('collection', '=', collection)
      .where('is_default', '=', true)
      .execute()
  ).map((r) => r.value);

describe('list_items/list', () => {
  it('lists the seeded property types in order, to every role, without internal notes', async () => {
    for (const caller of [client, liaison, employee]) {
      const res = await list(caller.token, { collection: 'property_type' });
      expect(res.body.status).toBe('action-successful');
      expect(res.body.data.results.map((r: { value: string }) => r.value)).toEqual([
        'single_family',
        'condo_townhouse',
        'duplex_townhouse',
        'commercial',
        'land',
      ]);
      expect(res.body.data.pagination).toEqual({ page: 1, per_page: 25, total: 5, total_pages: 1 });
      expect('notes' in res.body.data.results[0]).toBe(caller === employee);
    }
  });

  it('shows retired items only to employees who ask', async () => {
    const { collection, ids } = await freshCollection();
    await update(employee.token, { id: String(ids[1]), active: false });
    expect((await list(client.token, { collection })).body.data.pagination.total).toBe(2);
    const refused = await list(client.token, { collection, include_inactive: 'true' });
    expect(refused.http).toBe(403);
    expect(refused.body.errors[0]).toMatchObject({ param: 'include_inactive', status: 'permission-denied' });
    const all = await list(employee.token, { collection, include_inactive: 'true' });
    expect(all.body.data.results.map((r: { active: boolean }) => r.active)).toEqual([true, false, true]);
  });

  it('pages', async () => {
    const res = await list(client.token, { collection: 'property_type', per_page: '2', page: '3' });
    expect(res.body.data.results.map((r: { value: string }) => r.value)).toEqual(['land']);
    expect(res.body.data.pagination).toEqual({ page: 3, per_page: 2, total: 5, total_pages: 3 });
  });
});

describe('list_items/update', () => {
  it('changes the fields given, says which, and keeps who did it in the audit trail', async () => {
    const { ids } = await freshCollection();
    const res = await update(employee.token, {
      id: String(ids[0]),
      name: 'Photo team (Denver)',
      description: 'd'.repeat(1000),
      notes: 'internal',
      external_id: '1294835',
      application: 'planoorder',
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.changed).toEqual(['name', 'description', 'notes', 'external_id']);
    expect(res.body.data.list_item).toMatchObject({
      id: ids[0],
      name: 'Photo team (Denver)',
      value: 'photo',
      notes: 'internal',
      external_id: '1294835',
    });
    const again = await update(employee.token, { id: String(ids[0]), name: 'Photo team (Denver)' });
    expect(again.body.data.changed).toEqual([]);
    const cleared = await update(employee.token, { id: String(ids[0]), clear: ['external_id', 'notes'] });
    expect(cleared.body.data.list_item).toMatchObject({ external_id: null, notes: null });
    const history = await auditHistory(server.database.db, 'list_item', ids[0]!);
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      action: 'update',
      application: 'planoorder',
      before: { name: 'photo team', external_id: null },
      after: { name: 'Photo team (Denver)', external_id: '1294835' },
    });
  });

  it('makes the item the only default of its collection', async () => {
    const { collection, ids } = await freshCollection();
    await update(employee.token, { id: String(ids[0]), default: true });
    expect(await defaults(collection)).toEqual(['photo']);
    const res = await update(employee.token, { id: String(ids[2]), default: true });
    expect(res.body.data.list_item.default).toBe(true);
    expect(await defaults(collection)).toEqual(['edit']);
    const history = await auditHistory(server.database.db, 'list_item', ids[0]!);
    expect(history.at(-1)).toMatchObject({ before: { default: true }, after: { default: false } });
  });

  it('keeps one default when two items are made default at once', async () => {
    const { collection, ids } = await freshCollection();
    const results = await Promise.all(
      ids.map((id) => update(employee.token, { id: String(id), default: true })),
    );
    expect(results.map((r) => r.body.status)).toEqual([
      'action-successful',
      'action-successful',
      'action-successful',
    ]);
    expect(await defaults(collection)).toHaveLength(1);
  });

  it('refuses an inactive default; retiring the default leaves the collection without one', async () => {
    const { collection, ids } = await freshCollection();
    const refused = await update(employee.token, { id: String(ids[0]), default: true, active: false });
    expect(refused.body.errors).toEqual([
      {
        param: 'default',
        status: 'invalid-param',
        message: 'default: an inactive item cannot be the default of its collection',
      },
    ]);
    await update(employee.token, { id: String(ids[0]), default: true });
    const retired = await update(employee.token, { id: String(ids[0]), active: false });
    expect(retired.body.data.changed).toEqual(['active', 'default']);
    expect(await defaults(collection)).toEqual([]);
  });

  it('keeps values unique within the collection', async () => {
    const { ids } = await freshCollection();
    const res = await update(employee.token, { id: String(ids[0]), value: 'video' });
    expect(res.http).toBe(400);
    expect(res.body.errors).toEqual([
      {
        param: 'value',
        status: 'invalid-param',
        message: 'value video is already an item of this collection',
      },
    ]);
  });

  it('checks its params on the declaration: id, description length', async () => {
    const bad = await update(employee.token, { id: 'abc', description: 'd'.repeat(1001) });
    expect(bad.body.errors.map((e: { param: string }) => e.param).sort()).toEqual(['description', 'id']);
    const missing = await update(employee.token, { id: '999999' });
    expect(missing.body.errors).toEqual([
      { param: 'id', status: 'invalid-param', message: 'list item 999999 does not exist' },
    ]);
  });

  it('is for employees only', async () => {
    const { ids } = await freshCollection();
    for (const caller of [client, liaison]) {
      const res = await update(caller.token, { id: String(ids[0]), name: 'mine' });
      expect(res.http).toBe(403);
      expect(res.body.status).toBe('permission-denied');
    }
  });

  it('is followed at once by params of the collection and by its documentation page', async () => {
    const { id } = await server.database.db
      .selectFrom('list_items')
      .select('id')
      .where('collection', '=', 'property_type')
      .where('value', '=', 'land')
      .executeTakeFirstOrThrow();
    const probe = (value: string) =>
      server.call('POST', listItemRoute.path, { json: { property_type: value } });
    expect((await probe('land')).body.status).toBe('action-successful');
    await update(employee.token, { id: String(id), active: false });
    try {
      expect((await probe('land')).body.status).toBe('invalid-param');
      const page = await server.call('GET', '/documentation/list_items/property_type');
      expect(page.body).not.toContain('data-value="land"');
    } finally {
      await update(employee.token, { id: String(id), active: true });
    }
    await update(employee.token, { id: String(id), name: 'Land / Lot' });
    try {
      const page = await server.call('GET', '/documentation/list_items/property_type');
      expect(page.body).toContain('Land / Lot');
    } finally {
      await update(employee.token, { id: String(id), name: 'Land' });
    }
  });
});

describe('planListItemUpdate (the pure decision)', () => {
  const row = (over: Partial<ListItemRow> = {}): ListItemRow => ({
    id: 1,
    collection: 'c',
    name: 'n',
    value: 'v',
    description: null,
    notes: null,
    active: true,
    is_default: false,
    external_id: null,
    item_type: null,
    position: 0,
    created_at: new Date(0),
    updated_at: new Date(0),
    ...over,
  });
  it('sets only what is given', () => {
    expect(planListItemUpdate(row(), { name: 'x' })).toEqual({ name: 'x' });
    expect(planListItemUpdate(row(), { clear: ['notes'] })).toEqual({ notes: null });
  });
  it('drops the default of a retired item, refuses an inactive default', () => {
    expect(planListItemUpdate(row({ is_default: true }), { active: false })).toEqual({
      active: false,
      is_default: false,
    });
    expect(() => planListItemUpdate(row({ active: false }), { default: true })).toThrow(/inactive/);
  });
});
