import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { migrations } from './migrations/index.js';

/** Migrations are listed in code (not read from disk) so they run the same from src/ and dist/. */
class ListedMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function migrateToLatest(
  database: DatabaseHandle,
  provider: MigrationProvider = new ListedMigrations(),
): Promise<void> {
  // A warm start has nothing to run: one query says so, instead of the migrator's lock round trips.
  if (await allApplied(database, Object.keys(await provider.getMigrations()))) return;
  const migrator = new Migrator({
    db: database.db,
    provider,
    // Branches take numbers ahead of time and land in any order (0006_xso landed before
    // 0005_cancelations); a database that already ran a later one must still run an earlier newcomer.
    allowUnorderedMigrations: true,
    // Name the schema: the migrator otherwise finds its tables in any schema of the database.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}

/** Whether every listed migration is recorded as run (false when the migration table is missing). */
async function allApplied(database: DatabaseHandle, names: readonly string[]): Promise<boolean> {
  const table = database.schema
    ? sql.table(`${database.schema}.kysely_migration`)
    : sql.table('kysely_migration');
  try {
    const rows = await sql<{ name: string }>`select name from ${table}`.execute(database.db);
    const applied = new Set(rows.rows.map((row) => row.name));
    return names.every((name) => applied.has(name));
  } catch {
    return false;
  }
}
