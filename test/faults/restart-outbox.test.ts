import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { startFakeMandrill } from '../helpers/fake-mandrill.js';
import { durableDatabase, registerClient, startApp } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
});

it('a restart loses no queued email: each is sent exactly once, including one a crashed worker held', async () => {
  const fake = await startFakeMandrill();
  cleanup.push(() => fake.close());
  const defaults = loadConfig({});
  const config = {
    mandrill: { ...defaults.mandrill, baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 2_000 },
  };
  const durable = await durableDatabase();
  cleanup.push(() => durable.remove());

  // First life: five registrations queue five welcome emails; a worker claims one and dies.
  const firstDb = await durable.open();
  const first = await startApp(firstDb, config);
  const emails = Array.from({ length: 5 }, (_, i) => `restart${i}@example.com`);
  for (const email of emails)
    expect((await registerClient(first, email)).body.status).toBe('action-successful');
  const held = await first.app.emailWorker.claimDue(1);
  expect(held).toHaveLength(1);
  await first.stop();
  await firstDb.close();
  expect(fake.received).toHaveLength(0);

  // Second life on the same data, later than the dead worker's lease.
  const secondDb = await durable.open();
  cleanup.push(() => secondDb.close());
  const clock = new ManualClock();
  const second = await startApp(secondDb, config, clock);
  cleanup.push(() => second.stop());

  const before = await secondDb.db.selectFrom('email_outbox').select(['to_email', 'status']).execute();
  expect(before.map((r) => r.status).sort()).toEqual(['queued', 'queued', 'queued', 'queued', 'sending']);

  await second.app.emailWorker.runOnce();
  expect(fake.received).toHaveLength(4); // the held one waits for its lease to run out
  clock.advance(defaults.email.leaseMs + 1);
  await second.app.emailWorker.runOnce();
  expect((await second.app.emailWorker.runOnce()).claimed).toBe(0);

  const sentTo = fake.received.map((r) => r.message.to[0].email as string).sort();
  expect(sentTo).toEqual([...emails].sort());
  const after = await secondDb.db.selectFrom('email_outbox').select('status').execute();
  expect(after.every((r) => r.status === 'sent')).toBe(true);
  // Two starts of a server on a durable embedded database: tens of seconds on a loaded machine.
}, 120_000);
