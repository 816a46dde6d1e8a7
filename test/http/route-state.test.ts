import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { testPasswords } from '../helpers/auth.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';

const TTL_MS = 5_000;
const STATUS = '/api/v1/system/status';

let server: TestServer;
/** A second instance on the same database and clock, as another server process would be. */
let other: App;
let otherUrl: string;
beforeAll(async () => {
  server = await startTestServer({ config: { routeStateTtlMs: TTL_MS } });
  other = await buildApp({
    config: { ...loadConfig({}), logLevel: 'silent', routeStateTtlMs: TTL_MS },
    database: server.database,
    clock: server.clock,
    logger: false,
    passwords: testPasswords,
  });
  otherUrl = await other.server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await other?.close();
  await server?.close();
});

const deploy = (deployed: boolean) =>
  server.app.context.db.updateTable('api_routes').set({ deployed }).where('path', '=', STATUS).execute();
const statusOn = async (base: string) => (await call(base, 'GET', STATUS)).body.status;

describe('deployed state of routes after an operator switch', () => {
  it('is seen by the first request after ROUTE_STATE_TTL_MS on every instance, even after idle', async () => {
    expect(await statusOn(server.url)).toBe('action-successful');
    expect(await statusOn(otherUrl)).toBe('action-successful');
    await deploy(false);
    // Idle for the whole TTL: no request refreshed anything in the background meanwhile.
    server.clock.advance(TTL_MS);
    expect(await statusOn(server.url)).toBe('route-not-found');
    expect(await statusOn(otherUrl)).toBe('route-not-found');

    await deploy(true);
    server.clock.advance(TTL_MS);
    expect(await statusOn(otherUrl)).toBe('action-successful');
    expect(await statusOn(server.url)).toBe('action-successful');
  });

  it('is read at most once per TTL: within it the cached state answers', async () => {
    expect(await statusOn(server.url)).toBe('action-successful');
    await deploy(false);
    server.clock.advance(TTL_MS - 1);
    expect(await statusOn(server.url)).toBe('action-successful');
    server.clock.advance(1);
    expect(await statusOn(server.url)).toBe('route-not-found');
    await deploy(true);
    server.clock.advance(TTL_MS);
  });

  it('shares one read between the requests that find it stale together', async () => {
    server.clock.advance(TTL_MS);
    let reads = 0;
    const refresh = server.app.routeState.refresh.bind(server.app.routeState);
    server.app.routeState.refresh = () => {
      reads += 1;
      return refresh();
    };
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => statusOn(server.url)));
      expect(answers.every((status) => status === 'action-successful')).toBe(true);
      expect(reads).toBe(1);
    } finally {
      server.app.routeState.refresh = refresh;
    }
  });
});
