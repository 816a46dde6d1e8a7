import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoData } from './demo/seed.js';

/**
 * Migrates the database and adds the demo data, one process at a time: servers started together on
 * a fresh PostgreSQL database would otherwise race on creating the migration tables and on the
 * seed's unique emails (one of them crashed). The next one in finds everything done.
 */
export async function prepareDatabase(
  database: DatabaseHandle,
  config: Pick<Config, 'seedDemoData'>,
  seed: (database: DatabaseHandle) => Promise<void> = (d) => seedDemoData(d.db),
): Promise<void> {
  await database.exclusively('migrate-and-seed', async () => {
    await migrateToLatest(database);
    if (config.seedDemoData) await seed(database);
  });
}
