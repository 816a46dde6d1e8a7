import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountDelayMs } from '../../src/auth/login-throttle.js';
import { MINUTE, SECOND } from '../../src/clock.js';
import { loadConfig, type Config, type ThrottleLimits } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { createUser, PASSWORD, testPasswords } from '../helpers/auth.js';
import { call, encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisAnswers = await (async () => {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
})();

const LIMITS: ThrottleLimits = {
  perAccountAndIp: 3,
  accountSlowdownAfter: 1000,
  accountMaxDelayMs: 60 * SECOND,
  perIp: 1000,
  windowMs: 15 * MINUTE,
};

describe('accountDelayMs', () => {
  const limits = { ...LIMITS, accountSlowdownAfter: 5, accountMaxDelayMs: 60 * SECOND };
  it('is nothing below the ceiling, then doubles from one second up to the cap', () => {
    expect([0, 4, 5, 6, 7, 10, 11, 1000].map((n) => accountDelayMs(n, limits))).toEqual([
      0, 0, 1000, 2000, 4000, 32_000, 60_000, 60_000,
    ]);
  });
});

type Store = 'database' | 'redis';
const stores: Store[] = ['database', 'redis'];

describe.each(stores)('sign-in throttle kept in the %s', (store) => {
  const skip = store === 'redis' && !redisAnswers;
  // Every server of this block shares one Redis prefix, as the instances of one deployment do.
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const redis = (): Partial<Config> =>
    store === 'redis' ? { redisUrl: REDIS_URL, redisKeyPrefix: prefix } : {};

  async function throttledServer(limits: Partial<ThrottleLimits>, extra: Partial<Config> = {}) {
    return startTestServer({
      config: { trustProxy: true, loginThrottle: { ...LIMITS, ...limits }, ...redis(), ...extra },
    });
  }
  const signIn = (server: TestServer, email: string, password: string, from = '203.0.113.10') =>
    server.call('POST', '/api/v1/sessions/create', {
      body: encodeSensitive({ email, password }),
      contentType: 'text/plain',
      headers: { 'x-forwarded-for': from },
    });

  let server: TestServer;
  beforeAll(async () => {
    if (!skip) server = await throttledServer({});
  });
  afterAll(async () => server?.close());

  it.skipIf(skip)(
    'refuses an address after its failures on an account, while the owner elsewhere signs in',
    async () => {
      const user = await createUser(server.app.context.db, ['client']);
      for (let i = 0; i < 3; i++) {
        expect((await signIn(server, user.email, 'wrong-guess', '203.0.113.66')).body.status).toBe(
          'invalid-password',
        );
      }
      const blocked = await signIn(server, user.email, PASSWORD, '203.0.113.66');
      expect(blocked.http).toBe(429);
      expect(blocked.body).toMatchObject({
        status: 'rate-limit-exceeded',
        data: { retry_after_seconds: 900 },
      });
      expect(blocked.headers.get('retry-after')).toBe('900');

      const owner = await signIn(server, user.email, PASSWORD, '198.51.100.7');
      expect(owner.body.status).toBe('action-successful');
      // Other accounts from the guessing address are not refused either.
      const other = await createUser(server.app.context.db, ['client']);
      expect((await signIn(server, other.email, PASSWORD, '203.0.113.66')).body.status).toBe(
        'action-successful',
      );

      server.clock.advance(15 * MINUTE);
      expect((await signIn(server, user.email, PASSWORD, '203.0.113.66')).body.status).toBe(
        'action-successful',
      );
    },
  );

  it.skipIf(skip)('counts unknown emails per address too, case-insensitively', async () => {
    for (const email of ['Ghost@Example.com', 'ghost@example.com', 'GHOST@example.com']) {
      expect((await signIn(server, email, 'whatever1', '203.0.113.77')).body.status).toBe('email-not-found');
    }
    expect((await signIn(server, 'ghost@example.com', 'whatever1', '203.0.113.77')).http).toBe(429);
  });

  it.skipIf(skip)('lets exactly the allowed number of concurrent guesses through', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => signIn(server, user.email, 'wrong-guess', '203.0.113.88')),
    );
    const statuses = results.map((r) => r.body.status);
    expect(statuses.filter((s) => s === 'invalid-password')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'rate-limit-exceeded')).toHaveLength(7);
  });

  it.skipIf(skip)(
    'slows an account guessed from many addresses with a doubling delay, not a lockout',
    async () => {
      const slowed = await throttledServer({ accountSlowdownAfter: 4, perAccountAndIp: 100 });
      try {
        const user = await createUser(slowed.app.context.db, ['client']);
        const from = (n: number) => `192.0.2.${n}`;
        for (let i = 1; i <= 4; i++) {
          expect((await signIn(slowed, user.email, 'wrong-guess', from(i))).body.status).toBe(
            'invalid-password',
          );
        }
        const waiting = await signIn(slowed, user.email, 'wrong-guess', from(5));
        expect(waiting.body).toMatchObject({
          status: 'rate-limit-exceeded',
          data: { retry_after_seconds: 1 },
        });
        slowed.clock.advance(SECOND);
        expect((await signIn(slowed, user.email, 'wrong-guess', from(6))).body.status).toBe(
          'invalid-password',
        );
        // Five failures: the next attempt waits two seconds after the last one.
        slowed.clock.advance(SECOND);
        const again = await signIn(slowed, user.email, PASSWORD, from(7));
        expect(again.body).toMatchObject({ status: 'rate-limit-exceeded', data: { retry_after_seconds: 1 } });
        slowed.clock.advance(SECOND);
        expect((await signIn(slowed, user.email, PASSWORD, from(7))).body.status).toBe('action-successful');
        // The owner's success clears the account's failures.
        expect((await signIn(slowed, user.email, 'wrong-guess', from(8))).body.status).toBe(
          'invalid-password',
        );
      } finally {
        await slowed.close();
      }
    },
  );

  it.skipIf(skip)('limits attempts per address across accounts', async () => {
    const limited = await throttledServer({ perIp: 2 });
    try {
      expect((await signIn(limited, 'a@example.com', 'whatever1')).body.status).toBe('email-not-found');
      expect((await signIn(limited, 'b@example.com', 'whatever1')).body.status).toBe('email-not-found');
      expect((await signIn(limited, 'c@example.com', 'whatever1')).body.status).toBe('rate-limit-exceeded');
      expect((await signIn(limited, 'c@example.com', 'whatever1', '203.0.113.99')).body.status).toBe(
        'email-not-found',
      );
    } finally {
      await limited.close();
    }
  });

  it.skipIf(skip)('holds one limit for two server instances', async () => {
    const shared = {
      ...loadConfig({}),
      logLevel: 'silent',
      trustProxy: true,
      loginThrottle: LIMITS,
      ...redis(),
    };
    const second = await buildApp({
      config: shared,
      database: server.database,
      clock: server.clock,
      logger: false,
      passwords: testPasswords,
    });
    const url = await second.server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const user = await createUser(server.app.context.db, ['client']);
      const guess = (base: string) =>
        call(base, 'POST', '/api/v1/sessions/create', {
          body: encodeSensitive({ email: user.email, password: 'wrong-guess' }),
          contentType: 'text/plain',
          headers: { 'x-forwarded-for': '203.0.113.111' },
        });
      const answers = [await guess(server.url), await guess(url), await guess(server.url), await guess(url)];
      expect(answers.map((a) => a.body.status)).toEqual([
        'invalid-password',
        'invalid-password',
        'invalid-password',
        'rate-limit-exceeded',
      ]);
    } finally {
      await second.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default: X-Forwarded-For does not change whose attempts are counted', async () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    const limited = await startTestServer({ config: { loginThrottle: { ...LIMITS, perIp: 2 } } });
    try {
      const attempt = (from: string) =>
        limited.call('POST', '/api/v1/sessions/create', {
          body: encodeSensitive({ email: `${from}@example.com`, password: 'whatever1' }),
          contentType: 'text/plain',
          headers: { 'x-forwarded-for': from },
        });
      expect((await attempt('198.51.100.1')).body.status).toBe('email-not-found');
      expect((await attempt('198.51.100.2')).body.status).toBe('email-not-found');
      expect((await attempt('198.51.100.3')).body.status).toBe('rate-limit-exceeded');
    } finally {
      await limited.close();
    }
  });

  it('reads true, a hop count, or proxy addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1');
  });
});

describe('per-address limits of public routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      config: {
        trustProxy: true,
        addressThrottle: {
          register: { perIp: 2, windowMs: 60 * MINUTE },
          passwordReset: { perIp: 2, windowMs: 60 * MINUTE },
        },
      },
    });
  });
  afterAll(async () => server?.close());

  const register = (email: string, from: string) =>
    server.call('POST', '/api/v1/clients/register', {
      body: encodeSensitive({
        client: { email, password: 'correct horse battery', first_name: 'Rate', last_name: 'Limited' },
      }),
      contentType: 'text/plain',
      headers: { 'x-forwarded-for': from },
    });

  it('limits clients/register per address', async () => {
    expect((await register('r1@example.com', '203.0.113.5')).body.status).toBe('action-successful');
    expect((await register('r2@example.com', '203.0.113.5')).body.status).toBe('action-successful');
    const refused = await register('r3@example.com', '203.0.113.5');
    expect(refused.http).toBe(429);
    expect(refused.body.data.retry_after_seconds).toBe(3600);
    expect((await register('r3@example.com', '203.0.113.6')).body.status).toBe('action-successful');
    server.clock.advance(60 * MINUTE);
    expect((await register('r4@example.com', '203.0.113.5')).body.status).toBe('action-successful');
  });

  it('limits users/password_reset_request per address, known email or not', async () => {
    const reset = (email: string) =>
      server.call('POST', '/api/v1/users/password_reset_request', {
        json: { email },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
    expect((await reset('nobody1@example.com')).body.status).toBe('email-not-found');
    expect((await reset('nobody2@example.com')).body.status).toBe('email-not-found');
    expect((await reset('nobody3@example.com')).body.status).toBe('rate-limit-exceeded');
  });
});
