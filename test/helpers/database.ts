import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a private schema
 * on the PostgreSQL server named by DATABASE_URL (dropped again on close).
 */
export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = inject('pgliteTemplate');
    const handle = await openDatabase({
      pgliteDataDir: 'memory://',
      ...(template ? { pgliteTemplate: new Blob([await readFile(template)]) } : {}),
    });
    await migrateToLatest(handle);
    return handle;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ url, schema, poolSize: options.poolSize ?? 20 });
  await migrateDespiteConcurrentDrops(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/**
 * The migrator first lists the tables of every schema; on a loaded server PostgreSQL may run that
 * catalog scan with parallel workers, which fail with 3F000 "schema … does not exist" when another
 * test file drops its schema mid-scan. That race is the test run's, not the code's: try again.
 */
async function migrateDespiteConcurrentDrops(handle: DatabaseHandle): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(handle);
      return;
    } catch (err) {
      const code = ((err as Error).cause as { code?: unknown } | undefined)?.code;
      if (code !== '3F000' || attempt === 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
