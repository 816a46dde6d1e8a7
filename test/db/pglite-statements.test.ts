import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteStatements } from '../../src/db/pglite-statements.js';

// The embedded database's statement path must answer exactly as PGlite's own `query` does.
let pglite: PGlite;
let statements: PGliteStatements;
beforeAll(async () => {
  pglite = await PGlite.create({ dataDir: 'memory://' });
  await pglite.exec(`
    create table things (
      id integer primary key, name text, active boolean, seen_at timestamptz,
      meta jsonb, tags text[], bytes bytea, amount numeric, big bigint
    );
  `);
  statements = new PGliteStatements(pglite);
});
afterAll(async () => pglite?.close());

const INSERT =
  'insert into things (id, name, active, seen_at, meta, bytes, amount, big) values ($1, $2, $3, $4, $5, $6, $7, $8)';
const SELECT = 'select * from things where id = $1';

describe('PGliteStatements', () => {
  it('returns what PGlite’s query returns, on the first run and once prepared', async () => {
    const seenAt = new Date('2026-11-23T10:00:00.123Z');
    const values = [
      1,
      'ünïcode ✓',
      true,
      seenAt,
      { a: [1, 'x'] },
      Buffer.from([0, 255]),
      '12.50',
      9007199254740993n,
    ];
    await statements.run(INSERT, values);
    await statements.run(INSERT, [2, null, false, null, null, null, null, null]);
    const expected = await pglite.query(SELECT, [1]);
    // The first run is unnamed, the second prepares and describes, later ones reuse the description.
    for (let run = 0; run < 4; run++) {
      const result = await statements.run(SELECT, [1]);
      expect({ rows: result.rows, fields: result.fields }).toEqual({
        rows: expected.rows,
        fields: expected.fields,
      });
    }
    expect((await statements.run(SELECT, [999])).rows).toEqual([]);
    expect((await statements.run(SELECT, [1])).rows[0]).toMatchObject({
      name: 'ünïcode ✓',
      active: true,
      seen_at: seenAt,
      meta: { a: [1, 'x'] },
    });
    expect((await statements.run(SELECT, [2])).rows[0]).toMatchObject({
      name: null,
      active: false,
      meta: null,
    });
  });

  it('reports affected rows and the command, as query does', async () => {
    const update = 'update things set name = $1 where id >= $2';
    for (let run = 0; run < 3; run++) {
      const ours = await statements.run(update, ['renamed', 1]);
      const theirs = await pglite.query(update, ['renamed', 1]);
      expect(ours.affectedRows).toBe(2);
      expect({ affectedRows: ours.affectedRows, command: ours.command }).toEqual({
        affectedRows: theirs.affectedRows,
        command: theirs.command,
      });
    }
  });

  it('keeps working after a prepared statement fails, and throws the database’s error code', async () => {
    const insert = 'insert into things (id, name) values ($1, $2)';
    await statements.run(insert, [10, 'a']);
    await statements.run(insert, [11, 'b']); // prepared on this second run
    await expect(statements.run(insert, [10, 'again'])).rejects.toMatchObject({ code: '23505' });
    await expect(
      statements.run('select * from things where id = $1', ['not a number']),
    ).rejects.toMatchObject({
      code: '22P02',
    });
    await statements.run(insert, [12, 'c']);
    expect((await statements.run('select name from things where id = $1', [12])).rows).toEqual([
      { name: 'c' },
    ]);
  });

  it('prepares afresh when a table under a prepared statement changes shape', async () => {
    const select = 'select * from things where id = $1';
    await statements.run(select, [10]);
    await statements.run(select, [10]);
    await pglite.exec('alter table things add column extra text');
    await statements.run(select, [10]).catch((err: { code?: string }) => expect(err.code).toBe('0A000'));
    expect((await statements.run(select, [10])).rows[0]).toHaveProperty('extra', null);
  });

  it('leaves statements with array params to query', async () => {
    expect(statements.canRun([1, 'x', new Date()])).toBe(true);
    expect(statements.canRun([['a', 'b']])).toBe(false);
  });
});
