import type { Migration } from 'kysely';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

describe('migrations', () => {
  it('run a migration that lands after a later-numbered one was already applied', async () => {
    const handle = await openDatabase({ pgliteDataDir: 'memory://' });
    try {
      const { '0005_cancelations': late, ...landedFirst } = migrations;
      expect(late).toBeDefined();
      await migrateToLatest(handle, { getMigrations: async () => landedFirst as Record<string, Migration> });
      await migrateToLatest(handle);
      const ran = await sql<{ name: string }>`select name from kysely_migration order by timestamp`.execute(
        handle.db,
      );
      expect(ran.rows.map((r) => r.name).at(-1)).toBe('0005_cancelations');
      const table = await sql<{ n: number }>`select count(*)::int as n from cancelations`.execute(handle.db);
      expect(table.rows[0]!.n).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
