/**
 * Issues (or rotates) an application's API token and prints it once on stdout.
 *
 *   npm run issue-app-token -- capture
 *
 * Uses the same DATABASE_URL / PGLITE_DATA_DIR as the server. The embedded database can be open in
 * one process only: stop a server that uses it first.
 */
import { issueApplicationToken } from '../src/auth/applications.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

const slug = process.argv[2];
if (!slug) {
  process.stderr.write('usage: issue-app-token <application slug>   (e.g. capture)\n');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
try {
  await migrateToLatest(database);
  const token = await issueApplicationToken(database.db, slug);
  process.stderr.write(
    `New API token for ${slug}; any previous one no longer works. It is shown only once:\n`,
  );
  process.stdout.write(`${token}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
