import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { allRoutes } from '../../src/routes.js';
import { testPasswords } from '../helpers/auth.js';
import { openTestDatabase } from '../helpers/database.js';
import { probeRoutes } from '../helpers/probe-routes.js';
import { call } from '../helpers/server.js';

const running: App[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

/** The app at `logLevel`, its log lines collected as parsed JSON. */
async function startLogging(logLevel: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const database = await openTestDatabase();
  const app = await buildApp({
    config: { ...loadConfig({}), logLevel },
    database,
    clock: new ManualClock(),
    logDestination: destination,
    passwords: testPasswords,
    routes: [...allRoutes, ...probeRoutes],
  });
  running.push({ ...app, close: () => app.close().then(() => database.close()) });
  const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  return { lines, call: (path: string) => call(url, 'GET', path) };
}

describe('logging', () => {
  it('at info, logs each request with its id, and a crash with the error', async () => {
    const { lines, call } = await startLogging('info');
    const ok = await call('/api/v1/system/status');
    const crash = await call('/api/v1/probe/crash');
    expect(lines).toContainEqual(
      expect.objectContaining({ reqId: ok.body.request_id, msg: 'request completed' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ reqId: crash.body.request_id, msg: 'application crash', level: 50 }),
    );
  });

  it('above info, writes no request lines but still logs a crash with its request id', async () => {
    const { lines, call } = await startLogging('warn');
    await call('/api/v1/system/status');
    const crash = await call('/api/v1/probe/crash');
    expect(crash.body.status).toBe('application-crash');
    expect(lines.filter((l) => l.msg === 'request completed')).toEqual([]);
    const logged = lines.find((l) => l.msg === 'application crash');
    expect(logged).toMatchObject({ requestId: crash.body.request_id, level: 50 });
    expect(logged?.err).toMatchObject({ message: expect.any(String) });
  });
});
