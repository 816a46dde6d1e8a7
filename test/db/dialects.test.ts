import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { openTestDatabase } from '../helpers/database.js';

/** The scratch table these tests make, beside the schema's. */
type WithNotes = Kysely<{ notes: { id: number; body: string } }>;

// PlanoCore's Kysely drivers: src/db/pg-dialect.ts on PostgreSQL, src/db/pglite-dialect.ts on PGlite,
// sharing their transaction SQL (src/db/postgres-sql.ts).
describe('the database driver', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ poolSize: 2 });
    await sql`create table notes (id integer primary key, body text not null)`.execute(handle.db);
  });
  afterAll(async () => handle?.close());

  const bodies = async () =>
    (await sql<{ body: string }>`select body from notes order by id`.execute(handle.db)).rows.map(
      (r) => r.body,
    );

  it('counts the rows a write touched, and none for a read', async () => {
    const db = handle.db as unknown as WithNotes;
    const inserted = await db
      .insertInto('notes')
      .values([
        { id: 1, body: 'one' },
        { id: 2, body: 'two' },
      ])
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);
    const updated = await db.updateTable('notes').set({ body: 'uno' }).where('id', '=', 1).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
    const deleted = await db.deleteFrom('notes').where('id', '=', 99).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(0n);
    expect(await bodies()).toEqual(['uno', 'two']);
    // One rule on both drivers: only a write's command tag counts rows; a read or DDL counts none.
    expect((await sql`select body from notes`.execute(handle.db)).numAffectedRows).toBeUndefined();
    expect(
      (await sql`create index notes_body on notes (body)`.execute(handle.db)).numAffectedRows,
    ).toBeUndefined();
    expect((await sql`update notes set body = body`.execute(handle.db)).numAffectedRows).toBe(2n);
  });

  it('rolls a failed transaction back whole, and a savepoint back to itself', async () => {
    const db = handle.db as unknown as WithNotes;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ id: 3, body: 'three' }).execute();
        await trx.insertInto('notes').values({ id: 1, body: 'clash' }).execute();
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await bodies()).toEqual(['uno', 'two']);

    const trx = await db.startTransaction().setIsolationLevel('serializable').execute();
    await trx.insertInto('notes').values({ id: 4, body: 'four' }).execute();
    const point = await trx.savepoint('before "five"').execute();
    await point.insertInto('notes').values({ id: 5, body: 'five' }).execute();
    await point.rollbackToSavepoint('before "five"').execute();
    await trx.commit().execute();
    expect(await bodies()).toEqual(['uno', 'two', 'four']);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL: gives a failed statement a stack that leads back to its caller',
    async () => {
      const failing = () => sql`select * from no_such_table`.execute(handle.db);
      const err = (await failing().catch((e: unknown) => e)) as Error & { code?: string };
      expect(err.code).toBe('42P01');
      expect(err.stack).toContain('pg-dialect');
    },
  );
});
