import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { openTestDatabase } from '../helpers/database.js';
import {
  durableDatabase,
  registerClient,
  startApp,
  startCuttingProxy,
  type CuttingProxy,
  type DurableDatabase,
  type RunningApp,
} from './harness.js';

const POSTGRES = process.env.DATABASE_URL;
/** Names the server-under-test's connections in pg_stat_activity. */
const APP_NAME = `planocore_fault_${process.pid}`;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
});

/** The documented retryable answer to a lost database, with nothing of the driver's error in it. */
function expectUnreachableWithoutInternals(res: { http: number; body: unknown; headers: Headers }): void {
  expect(res.http).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.body).toMatchObject({
    status: 'database-unreachable',
    message: 'The database cannot be reached right now; try again shortly.',
    data: { retry_after_seconds: 5 },
  });
  const text = JSON.stringify(res.body);
  for (const leak of [
    /\/src\//,
    /\.ts:\d/,
    /\n\s+at /,
    /ECONNRESET|ECONNREFUSED|terminat|Connection|destroyed/i,
  ]) {
    expect(text).not.toMatch(leak);
  }
}

describe.skipIf(!POSTGRES)('PostgreSQL connections cut under the running server', () => {
  let durable: DurableDatabase;
  let proxy: CuttingProxy;
  let running: RunningApp;
  let direct: DatabaseHandle;

  async function setUp() {
    durable = await durableDatabase();
    cleanup.push(() => durable.remove());
    direct = await durable.open();
    cleanup.push(() => direct.close());
    proxy = await startCuttingProxy(POSTGRES!);
    cleanup.push(() => proxy.close());
    const proxied = await durable.open(`${proxy.url}?application_name=${APP_NAME}`);
    cleanup.push(() => proxied.close());
    running = await startApp(proxied);
    cleanup.push(() => running.stop());
  }

  async function rowsFor(email: string) {
    const users = await direct.db.selectFrom('users').select('id').where('email', '=', email).execute();
    const emails = await direct.db
      .selectFrom('email_outbox')
      .select('id')
      .where('to_email', '=', email)
      .execute();
    const clients = await direct.db
      .selectFrom('clients')
      .innerJoin('users', 'users.id', 'clients.user_id')
      .select('clients.id')
      .where('users.email', '=', email)
      .execute();
    return { users: users.length, clients: clients.length, emails: emails.length };
  }

  it('answers database-unreachable and leaves no user, client or welcome email half-written', async () => {
    await setUp();
    // clients/register writes the user, then the client, then the welcome email in one
    // transaction; the link dies as the client insert leaves, after the user insert ran.
    proxy.cutOn = 'insert into "clients"';
    const res = await registerClient(running, 'cut@example.com');
    expect(proxy.cuts).toBe(1);
    expectUnreachableWithoutInternals(res);
    expect(await rowsFor('cut@example.com')).toEqual({ users: 0, clients: 0, emails: 0 });

    // The pool drops the dead connection: the next request gets a fresh one and succeeds.
    proxy.cutOn = null;
    const again = await registerClient(running, 'cut@example.com');
    expect(again.body.status).toBe('action-successful');
    expect(await rowsFor('cut@example.com')).toEqual({ users: 1, clients: 1, emails: 1 });
  });

  it('answers database-unreachable when the session lookup loses its connection, then serves the next request', async () => {
    await setUp();
    const showUser = (token: string) => running.call('GET', '/api/v1/users/show', { query: { token } });
    const other = (await registerClient(running, 'lookup-fine@example.com')).body.session.token as string;
    expect((await showUser(other)).body.status).toBe('action-successful');
    // A session not looked up yet, so not in the session cache: its request makes the lookup.
    const registered = await registerClient(running, 'lookup-cut@example.com');
    const token = registered.body.session.token as string;
    // The lookup is the only statement that carries the token's hash (in its Bind message).
    proxy.cutOn = hashToken(token);
    expectUnreachableWithoutInternals(await showUser(token));
    expect(proxy.cuts).toBe(1);
    proxy.cutOn = null;
    expect((await showUser(token)).body.status).toBe('action-successful');
  });

  it('answers database-unreachable while the database refuses every connection, and so does the health check', async () => {
    await setUp();
    const registered = await registerClient(running, 'gone@example.com');
    const token = registered.body.session.token as string;
    await proxy.close();
    expectUnreachableWithoutInternals(await registerClient(running, 'while-gone@example.com'));
    expectUnreachableWithoutInternals(await running.call('GET', '/api/v1/users/show', { query: { token } }));
    const health = await running.call('GET', '/healthz');
    expect(health.http).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
  });

  it('survives the database ending its idle connections (no crash of the process), then serves again', async () => {
    await setUp();
    expect((await running.call('GET', '/healthz')).http).toBe(200);
    const admin = new pg.Client({ connectionString: POSTGRES });
    await admin.connect();
    cleanup.push(() => admin.end());
    const ended = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`,
      [APP_NAME],
    );
    expect(ended.rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await registerClient(running, 'after-terminate@example.com');
    expect(res.body.status).toBe('action-successful');
  });
});

describe('PGlite closed under the running server', () => {
  it('answers database-unreachable (503, Retry-After) without internals, and so does the health check', async () => {
    const database = await openTestDatabase();
    const running = await startApp(database);
    cleanup.push(() => running.stop());
    expect((await registerClient(running, 'before@example.com')).body.status).toBe('action-successful');

    await database.close();
    expectUnreachableWithoutInternals(await registerClient(running, 'after@example.com'));
    const health = await running.call('GET', '/healthz');
    expect(health.http).toBe(503);
    expect(health.body.status).toBe('database-unreachable');
    expect(health.headers.get('retry-after')).toBe('5');
    // A route that needs no database still answers.
    expect((await running.call('GET', '/api/v1/system/status')).body.status).toBe('action-successful');
  });
});
