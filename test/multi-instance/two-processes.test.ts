import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/seed.js';
import { startFakeMandrill, type FakeMandrill } from '../helpers/fake-mandrill.js';
import { freshPostgresDatabase, type FreshPostgres } from '../helpers/fresh-postgres.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { call, encodeSensitive } from '../helpers/server.js';

const POSTGRES = process.env.DATABASE_URL;
const ROUTE_STATE_TTL_MS = 500;

// Two processes cannot share an embedded (PGlite) database: the second is refused at start
// (test/db/data-dir-lock.test.ts). Running more than one instance needs PostgreSQL.
describe.skipIf(!POSTGRES)(
  'two server processes on one PostgreSQL database (README: Running more than one instance)',
  () => {
    let database: FreshPostgres;
    let mandrill: FakeMandrill;
    let a: ServerProcess;
    let b: ServerProcess;
    let admin: pg.Client;

    beforeAll(async () => {
      database = await freshPostgresDatabase(POSTGRES!, 'two');
      mandrill = await startFakeMandrill();
      const env = {
        DATABASE_URL: database.url,
        SEED_DEMO_DATA: 'true',
        MANDRILL_BASE_URL: mandrill.url,
        MANDRILL_API_KEY: mandrill.apiKey,
        EMAIL_POLL_INTERVAL_MS: '100',
        ROUTE_STATE_TTL_MS: String(ROUTE_STATE_TTL_MS),
        LOGIN_MAX_FAILURES_PER_ACCOUNT_IP: '3',
      };
      // Started together on the fresh database: both migrate and seed, one after the other.
      [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
      admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
    }, 180_000);
    afterAll(async () => {
      await admin?.end();
      await Promise.all([a?.stop(), b?.stop()]);
      await mandrill?.close();
      await database?.drop();
    });

    const signIn = (server: ServerProcess, email: string, password: string, application = 'planoauth') =>
      call(server.url, 'POST', '/api/v1/sessions/create', {
        body: encodeSensitive({ email, password, application }),
        contentType: 'text/plain',
      });

    it('both came up on the fresh database, with the demo data once', async () => {
      expect(a.pid).not.toBe(b.pid);
      const { rows } = await admin.query('select count(*)::int as n from users where email = any($1)', [
        Object.values(DEMO_USERS),
      ]);
      expect(rows[0].n).toBe(Object.values(DEMO_USERS).length);
    });

    it('enforces one sign-in throttle: failures on either process count against the same limit', async () => {
      const statuses = [
        (await signIn(a, DEMO_USERS.client, 'wrong-guess')).body.status,
        (await signIn(b, DEMO_USERS.client, 'wrong-guess')).body.status,
        (await signIn(a, DEMO_USERS.client, 'wrong-guess')).body.status,
        (await signIn(b, DEMO_USERS.client, DEMO_PASSWORD)).body.status,
      ];
      expect(statuses).toEqual([
        'invalid-password',
        'invalid-password',
        'invalid-password',
        'rate-limit-exceeded',
      ]);
    });

    it('sees a sign-out on one process on the other', async () => {
      const signedIn = await signIn(a, DEMO_USERS.employee, DEMO_PASSWORD, 'planoorder');
      const token = signedIn.body.session.token as string;
      const show = (server: ServerProcess) =>
        call(server.url, 'GET', '/api/v1/sessions/show', { query: { token } });
      expect((await show(b)).body.status).toBe('action-successful');
      const out = await call(b.url, 'POST', '/api/v1/sessions/destroy', { json: { token } });
      expect(out.body.status).toBe('action-successful');
      expect((await show(a)).body.status).toBe('invalid-token');
      expect((await show(b)).body.status).toBe('invalid-token');
    });

    it('sees an undeploy on both processes within ROUTE_STATE_TTL_MS', async () => {
      const status = async (server: ServerProcess) =>
        (await call(server.url, 'GET', '/api/v1/system/status')).body.status;
      expect([await status(a), await status(b)]).toEqual(['action-successful', 'action-successful']);
      await admin.query(`update api_routes set deployed = false where path = '/api/v1/system/status'`);
      try {
        await new Promise((resolve) => setTimeout(resolve, ROUTE_STATE_TTL_MS + 50));
        expect([await status(a), await status(b)]).toEqual(['route-not-found', 'route-not-found']);
      } finally {
        await admin.query(`update api_routes set deployed = true where path = '/api/v1/system/status'`);
      }
    });

    it('sends each email once, though both processes run the outbox worker', async () => {
      const emails = Array.from({ length: 12 }, (_, i) => `twice-${i}@example.com`);
      await Promise.all(
        emails.map((email, i) =>
          call((i % 2 ? a : b).url, 'POST', '/api/v1/clients/register', {
            body: encodeSensitive({
              client: { email, password: 'correct horse battery', first_name: 'Two', last_name: 'Processes' },
            }),
            contentType: 'text/plain',
          }),
        ),
      );
      const sentTo = () =>
        mandrill.received.flatMap((r) => (r.message.to as { email: string }[]).map((t) => t.email));
      const deadline = Date.now() + 20_000;
      while (emails.some((e) => !sentTo().includes(e)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Both workers keep polling for a while: a second send would show now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      for (const email of emails)
        expect(
          sentTo().filter((to) => to === email),
          email,
        ).toHaveLength(1);
      const { rows } = await admin.query(
        `select count(*)::int as n from email_outbox where status = 'sent' and to_email = any($1)`,
        [emails],
      );
      expect(rows[0].n).toBe(emails.length);
    }, 60_000);
  },
);
