import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { DEMO_USERS, seedDemoData } from '../src/demo/seed.js';
import { prepareDatabase } from '../src/startup.js';
import { testPasswords } from './helpers/auth.js';
import { freshPostgresDatabase } from './helpers/fresh-postgres.js';

const POSTGRES = process.env.DATABASE_URL;

// On PGlite one process owns the data directory (test/db/data-dir-lock.test.ts), so nothing races.
describe.skipIf(!POSTGRES)('two servers starting together on a fresh PostgreSQL database', () => {
  it('both migrate and seed, one after the other, and the demo data exists once', async () => {
    for (let round = 0; round < 2; round++) {
      const fresh = await freshPostgresDatabase(POSTGRES!, 'startup');
      // Two pools, as two processes have.
      const first = await openDatabase({ url: fresh.url, poolSize: 3 });
      const second = await openDatabase({ url: fresh.url, poolSize: 3 });
      try {
        const seed = (d: { db: typeof first.db }) => seedDemoData(d.db, testPasswords);
        const settled = await Promise.allSettled([
          prepareDatabase(first, { seedDemoData: true }, seed),
          prepareDatabase(second, { seedDemoData: true }, seed),
        ]);
        expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(['ok', 'ok']);
        const users = await first.db
          .selectFrom('users')
          .select('email')
          .where('email', 'in', Object.values(DEMO_USERS))
          .execute();
        expect(users).toHaveLength(Object.values(DEMO_USERS).length);
      } finally {
        await first.close();
        await second.close();
        await fresh.drop();
      }
    }
    // Two rounds of creating a database, migrating it and seeding it: tens of seconds under load.
  }, 120_000);
});
