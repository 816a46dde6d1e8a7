import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { demoSummary } from './demo/summary.js';
import { startLines } from './ops/start-lines.js';
import { prepareDatabase } from './startup.js';

/** SIGTERM to exit: stop accepting, finish in-flight requests, stop the worker, close the database. */
const SHUTDOWN_DEADLINE_MS = 8_000;
const startedAt = performance.now();

const config = readConfigOrExit();
const database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
await prepareDatabase(database, config);

const app = await buildApp({ config, database });
const log = app.context.log;

// Past the deadline the process exits 1 whatever is still running; an uncaught error is logged
// and the same shutdown runs, then the process exits 1.
closeWithGrace(
  { delay: SHUTDOWN_DEADLINE_MS, logger: { error: (msg: unknown) => log.error(msg) } },
  async ({ signal, err }) => {
    if (err) log.fatal({ err }, 'uncaught error: shutting down');
    else log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
  },
);

const url = await app.server.listen({ host: config.host, port: config.port });
if (config.email.workerEnabled) app.emailWorker.start();
// Safe on every instance: each deletes rows the others skip (FOR UPDATE SKIP LOCKED).
if (config.purge.enabled) app.purgeJob.start();
app.settlementJob.start();

const lines = startLines({
  url,
  config,
  startedInMs: performance.now() - startedAt,
  pages: [
    { name: 'documentation', path: '/documentation' },
    { name: 'console', path: '/console' },
    { name: 'health', path: '/healthz' },
  ],
  demo: config.seedDemoData ? await demoSummary(database.db) : null,
});
process.stdout.write(`${lines.join('\n')}\n`);

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\nSee the variable tables in README.md.\n`);
    process.exit(1);
  }
}
