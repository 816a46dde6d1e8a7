/**
 * How fast the outbox worker drains against a local fake Mandrill (same process, loopback):
 * `npx tsx bench/email-outbox.ts [emails] [concurrency] [batch]`. Uses DATABASE_URL when set,
 * else in-memory PGlite. Measures our overhead (claim, HTTP, record), not Mandrill's latency.
 */
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { EmailDelivery } from '../src/email/delivery.js';
import { MandrillClient } from '../src/email/mandrill-client.js';
import { queueEmail } from '../src/email/outbox.js';
import { EmailWorker } from '../src/email/worker.js';
import { startFakeMandrill } from '../test/helpers/fake-mandrill.js';

const [total = 2000, concurrency = 8, batchSize = 50] = process.argv.slice(2).map(Number);
const config = loadConfig({});
const schema = process.env.DATABASE_URL ? `bench_${process.pid}` : undefined;
const database = await openDatabase({
  url: process.env.DATABASE_URL,
  pgliteDataDir: 'memory://',
  ...(schema ? { schema } : {}),
});
await migrateToLatest(database);
const fake = await startFakeMandrill();
const log = pino({ enabled: false });
const delivery = new EmailDelivery({
  db: database.db,
  clock: systemClock,
  log,
  mandrill: new MandrillClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5_000 }),
  sender: config.mandrill,
  policy: config.email,
});
const worker = new EmailWorker({
  db: database.db,
  clock: systemClock,
  log,
  delivery,
  config: { ...config.email, concurrency, batchSize },
});

const now = systemClock.now();
for (let i = 0; i < total; i++) {
  await queueEmail(
    database.db,
    {
      kind: 'welcome',
      to: { email: `bench${i}@example.com` },
      subject: 'Welcome',
      html: '<p>Hello</p>',
      text: 'Hello',
      idempotencyKey: `bench:${i}`,
    },
    { now },
  );
}
const started = performance.now();
let sent = 0;
while (sent < total) {
  const round = await worker.runOnce();
  if (round.claimed === 0) break;
  sent += round.sent;
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${database.kind}: ${sent}/${total} emails in ${seconds.toFixed(2)} s = ${Math.round(sent / seconds)} emails/s ` +
    `(concurrency ${concurrency}, batch ${batchSize})`,
);
await fake.close();
await database.close();
if (schema) {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`drop schema ${schema} cascade`);
  await client.end();
}
