import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { openTestDatabase } from '../helpers/database.js';

// One pooled connection, so what one statement prepares the next one can see.
describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL statements prepared by the pool', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ poolSize: 1 });
    await sql`create table things (id integer primary key, name text)`.execute(handle.db);
    await sql`insert into things values (1, 'one'), (2, 'two')`.execute(handle.db);
  });
  afterAll(async () => handle?.close());

  const byId = async (id: number) =>
    (await sql`select * from things where id = ${id}`.execute(handle.db)).rows;
  const preparedTexts = async () =>
    (
      await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(handle.db)
    ).rows.map((r) => r.statement);

  it('prepares a SQL text on its second run and answers the same', async () => {
    const first = await byId(1);
    expect((await preparedTexts()).some((text) => text.includes('from things where id'))).toBe(false);
    const second = await byId(1);
    const third = await byId(2);
    expect(second).toEqual(first);
    expect(third).toEqual([{ id: 2, name: 'two' }]);
    expect((await preparedTexts()).filter((text) => text.includes('from things where id'))).toHaveLength(1);
  });

  it('keeps the database’s error codes', async () => {
    const insert = (id: number) => sql`insert into things values (${id}, 'x')`.execute(handle.db);
    await insert(3);
    await insert(4);
    await expect(insert(3)).rejects.toMatchObject({ code: '23505' });
    await insert(5);
  });

  it('prepares afresh when the table under a prepared statement changes shape', async () => {
    await byId(1);
    await sql`alter table things add column extra text`.execute(handle.db);
    await byId(1).catch((err: { code?: string }) => expect(err.code).toBe('0A000'));
    expect(await byId(1)).toEqual([{ id: 1, name: 'one', extra: null }]);
  });
});
