import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { precompiled } from '../../src/db/precompiled.js';
import { openTestDatabase } from '../helpers/database.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle?.close());

// One compiled statement with a constant (the slug filter) between two parameters.
const applicationsBetween = precompiled<'from' | 'to', { id: number; slug: string }>((db, param) =>
  db
    .selectFrom('applications')
    .select(['id', 'slug'])
    .where('id', '>=', param('from'))
    .where('slug', '!=', 'capture')
    .where('id', '<=', param('to'))
    .orderBy('id'),
);

describe('precompiled', () => {
  it('answers each call with its own values, as the same query built each time does', async () => {
    const db = handle.db;
    const all = await db.selectFrom('applications').select(['id', 'slug']).orderBy('id').execute();
    expect(all.length).toBeGreaterThan(2);
    for (const [from, to] of [
      [all[0]!.id, all.at(-1)!.id],
      [all[1]!.id, all[1]!.id],
      [all.at(-1)!.id + 1, all.at(-1)!.id + 5],
    ] as const) {
      const expected = await db
        .selectFrom('applications')
        .select(['id', 'slug'])
        .where('id', '>=', from)
        .where('slug', '!=', 'capture')
        .where('id', '<=', to)
        .orderBy('id')
        .execute();
      expect(await applicationsBetween(db, { from, to })).toEqual(expected);
    }
  });

  it('runs inside a transaction when given one', async () => {
    const db = handle.db;
    const seen = await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('applications')
        .values({ slug: 'precompiled-test', name: 'P', role: 'client' })
        .execute();
      return applicationsBetween(trx, { from: 0, to: 1_000_000 });
    });
    expect(seen.map((a) => a.slug)).toContain('precompiled-test');
  });
});
