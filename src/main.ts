import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoData } from './demo/seed.js';

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
await migrateToLatest(database);
if (config.seedDemoData) await seedDemoData(database.db);

const app = await buildApp({ config, database });
await app.server.listen({ host: config.host, port: config.port });
app.context.log.info(
  { database: database.kind, dataDir: database.kind === 'pglite' ? config.pgliteDataDir : undefined },
  `PlanoCore listening on http://${config.host}:${config.port} (docs: /documentation)`,
);

if (!config.email.workerEnabled) {
  app.context.log.info('EMAIL_WORKER=false: emails stay queued in email_outbox');
} else {
  // Without a key the worker sends nothing (emails stay queued, nothing is lost until one is set)
  // but still erases the secrets of expired reset emails.
  if (!config.mandrill.apiKey) {
    app.context.log.warn('MANDRILL_API_KEY is not set: no email is sent; emails stay queued');
  }
  app.emailWorker.start();
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.context.log.info({ signal }, 'shutting down');
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}
