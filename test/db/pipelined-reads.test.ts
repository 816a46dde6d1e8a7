import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { PipelinedReads } from '../../src/db/pipelined-reads.js';
import { precompiled } from '../../src/db/precompiled.js';
import { openTestDatabase } from '../helpers/database.js';

const nameOf = precompiled<'id', { id: number; name: string }>((db, param) =>
  db.selectFrom('applications').select(['id', 'name']).where('id', '=', param('id')),
);

describe.skipIf(!process.env.DATABASE_URL)('PipelinedReads on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let reads: PipelinedReads;
  beforeAll(async () => {
    handle = await openTestDatabase();
    expect(handle.reads).toBeInstanceOf(PipelinedReads);
    reads = handle.reads as PipelinedReads;
  });
  afterAll(async () => handle?.close());

  const applications = () =>
    handle.db.selectFrom('applications').select(['id', 'name']).orderBy('id').execute();

  it('answers many statements in flight at once, each with its own rows', async () => {
    const all = await applications();
    const ids = Array.from({ length: 200 }, (_, i) => all[i % all.length]!.id);
    const answers = await Promise.all(ids.map((id) => nameOf(reads, { id })));
    answers.forEach((rows, i) => expect(rows).toEqual([all.find((a) => a.id === ids[i])]));
  });

  it('works in the test’s schema, as the pool does', async () => {
    const [first] = await applications();
    expect(await nameOf(reads, { id: first!.id })).toEqual([first]);
  });

  it('fails only the statement that fails; the ones beside it answer', async () => {
    const [first] = await applications();
    const results = await Promise.allSettled([
      nameOf(reads, { id: first!.id }),
      nameOf(reads, { id: 'not a number' }),
      nameOf(reads, { id: first!.id }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22P02' });
  });

  it('opens a new connection after PostgreSQL ends the one it had', async () => {
    const [first] = await applications();
    await nameOf(reads, { id: first!.id });
    const pidOf = precompiled<never, { pid: number }>((db) =>
      db.selectNoFrom(sql<number>`pg_backend_pid()`.as('pid')),
    );
    const [{ pid }] = (await pidOf(reads, {})) as [{ pid: number }];
    await sql`select pg_terminate_backend(${pid})`.execute(handle.db);
    // The statement sent on the dead connection may fail; the one after it must not.
    await nameOf(reads, { id: first!.id }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await nameOf(reads, { id: first!.id })).toEqual([first]);
    const [{ pid: newPid }] = (await pidOf(reads, {})) as [{ pid: number }];
    expect(newPid).not.toBe(pid);
  });

  it('refuses statements once closed', async () => {
    const closed = new PipelinedReads({ connectionString: process.env.DATABASE_URL });
    await closed.close();
    const [first] = await applications();
    await expect(nameOf(closed, { id: first!.id })).rejects.toThrow('closed');
  });
});
