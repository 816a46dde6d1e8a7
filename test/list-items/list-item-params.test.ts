import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseListItemCatalog } from '../../src/list-items/catalog.js';
import { listItemErrors, type ListItemCatalog } from '../../src/protocol/list-items.js';
import { allRoutes } from '../../src/routes.js';
import { listItemRoute, paramProbeRoutes } from '../helpers/param-probe-routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { paramRows, section, textOf } from '../docs/page-text.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ routes: [...allRoutes, ...paramProbeRoutes] });
});
afterAll(async () => server?.close());

const PROPERTY_TYPES = ['single_family', 'condo_townhouse', 'duplex_townhouse', 'commercial', 'land'];
const post = (json: unknown) => server.call('POST', listItemRoute.path, { json });
const setActive = (value: string, active: boolean) =>
  server.database.db
    .updateTable('list_items')
    .set({ active })
    .where('collection', '=', 'property_type')
    .where('value', '=', value)
    .execute();

describe('the list_items table', () => {
  it('is seeded with the property types, in order, with readable names', async () => {
    const rows = await server.database.db
      .selectFrom('list_items')
      .select(['value', 'name', 'active', 'is_default'])
      .where('collection', '=', 'property_type')
      .orderBy('position')
      .execute();
    expect(rows.map((r) => r.value)).toEqual(PROPERTY_TYPES);
    expect(rows[1]).toEqual({
      value: 'condo_townhouse',
      name: 'Condo / Townhouse',
      active: true,
      is_default: false,
    });
  });

  it('keeps values unique per collection, one default per collection, descriptions within 1000', async () => {
    const { db } = server.database;
    const insert = (values: Record<string, unknown>) =>
      db
        .insertInto('list_items')
        .values({
          collection: 'glip_team',
          name: 'x',
          value: 'x',
          description: null,
          notes: null,
          external_id: null,
          item_type: null,
          ...values,
        })
        .execute();
    await insert({ value: 'photo-team', name: 'Photo team', is_default: true });
    await expect(insert({ value: 'photo-team' })).rejects.toMatchObject({ code: '23505' });
    await expect(insert({ value: 'edit-team', is_default: true })).rejects.toMatchObject({ code: '23505' });
    await expect(insert({ value: 'long', description: 'd'.repeat(1001) })).rejects.toMatchObject({
      code: '23514',
    });
    await insert({ value: 'edit-team', description: 'd'.repeat(1000) });
    await db.deleteFrom('list_items').where('collection', '=', 'glip_team').execute();
  });
});

describe('a list-item param', () => {
  it('accepts an active value, top-level, nested and as array items', async () => {
    const res = await post({
      property_type: 'condo_townhouse',
      tour: { property_type: 'land' },
      also: ['commercial'],
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data).toEqual({
      property_type: 'condo_townhouse',
      tour: { property_type: 'land' },
      also: ['commercial'],
    });
  });

  it('refuses other values, naming each param and listing the active values', async () => {
    const res = await post({
      property_type: 'castle',
      tour: { property_type: 'LAND' },
      also: ['land', 'igloo'],
    });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-param');
    const list = PROPERTY_TYPES.join(', ');
    expect(res.body.errors).toEqual(
      ['property_type', 'tour.property_type', 'also[1]'].map((param) => ({
        param,
        status: 'invalid-param',
        message: `${param} must be one of the active items of the property_type list: ${list}`,
      })),
    );
  });

  it('follows the table: a retired item is refused, a new one accepted, without a restart', async () => {
    await setActive('land', false);
    try {
      const res = await post({ property_type: 'land' });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0].message).not.toContain('land');
      await server.database.db
        .insertInto('list_items')
        .values({
          collection: 'property_type',
          value: 'farm_ranch',
          name: 'Farm / Ranch',
          position: 6,
          description: null,
          notes: null,
          external_id: null,
          item_type: null,
        })
        .execute();
      expect((await post({ property_type: 'farm_ranch' })).body.status).toBe('action-successful');
    } finally {
      await setActive('land', true);
      await server.database.db.deleteFrom('list_items').where('value', '=', 'farm_ranch').execute();
    }
  });

  it('says so when the collection has no active item', async () => {
    const res = await post({ property_type: 'land', team: 'photo-team' });
    expect(res.body.errors).toEqual([
      {
        param: 'team',
        status: 'invalid-param',
        message: 'team must be one of the active items of the glip_team list, which has none',
      },
    ]);
  });

  it('is reported together with the params that fail their declaration', async () => {
    const res = await post({ property_type: 'castle', also: 'x'.repeat(300) });
    expect(res.body.errors.map((e: { param: string }) => e.param)).toEqual(['also[0]', 'property_type']);
  });

  it('is checked for every param of a request in one query', async () => {
    let queries = 0;
    const real = new DatabaseListItemCatalog(server.database.db);
    const counting: ListItemCatalog = {
      activeItems: (collections) => {
        queries++;
        return real.activeItems(collections);
      },
    };
    const errors = await listItemErrors(counting, listItemRoute.params, {
      property_type: 'land',
      tour: { property_type: 'castle' },
      also: ['land', 'commercial'],
      team: 'photo-team',
    });
    expect(queries).toBe(1);
    expect(errors.map((e) => e.param)).toEqual(['tour.property_type', 'team']);
  });
});

describe('the docs of a list-item param', () => {
  const page = async () => {
    const res = await server.call('GET', `/documentation${listItemRoute.path}`);
    expect(res.http).toBe(200);
    const row = paramRows(section(res.body as string, 'parameters')).find((r) => r.key === 'property_type')!;
    return { html: res.body as string, text: textOf(row.cells['p-desc']!, { codeAsBackticks: true }) };
  };

  it('links the list’s page and shows its active values', async () => {
    const { html, text } = await page();
    expect(text).toContain('One of the active items of the `property_type` list, now:');
    for (const value of PROPERTY_TYPES) expect(text).toContain(`\`${value}\``);
    expect(html).toContain('href="/documentation/list_items/property_type"');
  });

  it('shows a change of the list at once, though pages are cached', async () => {
    await page();
    await setActive('duplex_townhouse', false);
    try {
      expect((await page()).text).not.toContain('duplex_townhouse');
    } finally {
      await setActive('duplex_townhouse', true);
    }
    expect((await page()).text).toContain('duplex_townhouse');
  });

  it('serves the list’s page: its active items and the routes that use it', async () => {
    const res = await server.call('GET', '/documentation/list_items/property_type');
    expect(res.http).toBe(200);
    const text = textOf(res.body as string);
    expect(text).toContain('Condo / Townhouse');
    for (const value of PROPERTY_TYPES) expect(res.body).toContain(`data-value="${value}"`);
    expect(res.body).toContain(`href="/documentation${listItemRoute.path}"`);
    expect((await server.call('GET', '/documentation/list_items/no_such_list')).http).toBe(404);
    expect((await server.call('GET', '/documentation/list_items/%3Cscript%3E')).http).toBe(404);
  });
});
