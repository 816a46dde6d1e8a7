import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
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

    /** Polls `server` until the token is refused; how long that took, in ms (fails after 2 s). */
    const refusedWithin = async (server: ServerProcess, token: string, since: number) => {
      for (;;) {
        const res = await call(server.url, 'GET', '/api/v1/sessions/show', { query: { token } });
        if (res.body.status === 'invalid-token') return performance.now() - since;
        expect(res.body.status).toBe('action-successful');
        if (performance.now() - since > 2_000) throw new Error('still accepted after 2 s');
      }
    };
    const warmOnBoth = async (token: string) => {
      for (const server of [a, b, a, b]) {
        const res = await call(server.url, 'GET', '/api/v1/sessions/show', { query: { token } });
        expect(res.body.status).toBe('action-successful');
      }
    };

    it('refuses a session signed out on one process on the other within 100 ms, though both cached it', async () => {
      const token = (await signIn(a, DEMO_USERS.employee, DEMO_PASSWORD, 'planoorder')).body.session
        .token as string;
      await warmOnBoth(token);
      const out = await call(a.url, 'POST', '/api/v1/sessions/destroy', { json: { token } });
      expect(out.body.status).toBe('action-successful');
      const since = performance.now();
      // The process that signed it out refuses it at once, without waiting for the announcement.
      expect((await call(a.url, 'GET', '/api/v1/sessions/show', { query: { token } })).body.status).toBe(
        'invalid-token',
      );
      expect(await refusedWithin(b, token, since)).toBeLessThan(100);
    });

    it('refuses within 100 ms a session revoked in SQL, behind both processes’ backs', async () => {
      const token = (await signIn(b, DEMO_USERS.liaison, DEMO_PASSWORD, 'planox2')).body.session
        .token as string;
      await warmOnBoth(token);
      await admin.query(
        `update sessions set revoked_at = now(), revoked_reason = 'operator'
         where user_id = (select id from users where email = $1) and revoked_at is null`,
        [DEMO_USERS.liaison],
      );
      const since = performance.now();
      const [onA, onB] = await Promise.all([refusedWithin(a, token, since), refusedWithin(b, token, since)]);
      expect(Math.max(onA, onB)).toBeLessThan(100);
    });

    it('reads every session afresh while its change listener is down, and listens again after', async () => {
      const token = (await signIn(a, DEMO_USERS.employee, DEMO_PASSWORD, 'planoorder')).body.session
        .token as string;
      await warmOnBoth(token);
      // Cut both processes' listening connections; a change made now is announced to nobody.
      const cut = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and query ilike 'listen %'`,
      );
      expect(cut.rowCount).toBe(2);
      await admin.query(
        `update sessions set revoked_at = now(), revoked_reason = 'operator' where token_hash = $1`,
        [hashToken(token)],
      );
      const since = performance.now();
      expect(await refusedWithin(a, token, since)).toBeLessThan(100);
      expect(await refusedWithin(b, token, since)).toBeLessThan(100);
      // Both listen again within a few seconds (the feed retries a second after it is lost).
      const deadline = Date.now() + 10_000;
      let listening = 0;
      while (listening < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const { rows } = await admin.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
        );
        listening = rows[0].n;
      }
      expect(listening).toBe(2);
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
