/**
 * Issues (or rotates) an application's API token and prints it once on stdout.
 *
 *   npm run issue-app-token -- capture
 *
 * Uses the same DATABASE_URL / PGLITE_DATA_DIR as the server. The embedded database can be open in
 * one process only: while a server holds it this fails at once, naming the server's pid (stop it
 * first, or issue the token through the API: applications/issue_token).
 */
import { issueApplicationToken } from '../src/auth/applications.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { prepareDatabase } from '../src/startup.js';

const slug = process.argv[2];
if (!slug) {
  process.stderr.write('usage: issue-app-token <application slug>   (e.g. capture)\n');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir }).catch(
  (err: unknown) => {
    // A held embedded data directory names its holder's pid: say that, not a stack trace.
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
try {
  await prepareDatabase(database, { seedDemoData: false });
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
