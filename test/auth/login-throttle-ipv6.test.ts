import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../src/clock.js';
import { createUser, PASSWORD } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    config: {
      trustProxy: true,
      loginThrottle: {
        perAccountAndIp: 3,
        accountSlowdownAfter: 1000,
        accountMaxDelayMs: 60 * SECOND,
        perIp: 1000,
        windowMs: 15 * MINUTE,
      },
    },
  });
});
afterAll(async () => server?.close());

const signIn = (email: string, password: string, from: string) =>
  server.call('POST', '/api/v1/sessions/create', {
    body: encodeSensitive({ email, password, application: 'planoauth' }),
    contentType: 'text/plain',
    headers: { 'x-forwarded-for': from },
  });

describe('the sign-in throttle and IPv6', () => {
  it('counts one /64 as one address: rotating within it does not reset the limit; another /64 signs in', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    for (const from of ['2001:db8:5:6::1', '2001:db8:5:6::2', '2001:db8:5:6:abcd::3']) {
      expect((await signIn(user.email, 'wrong-guess', from)).body.status).toBe('invalid-password');
    }
    const rotated = await signIn(user.email, PASSWORD, '2001:db8:5:6:ffff:ffff:ffff:fffe');
    expect(rotated.body.status).toBe('rate-limit-exceeded');
    const owner = await signIn(user.email, PASSWORD, '2001:db8:5:7::1');
    expect(owner.body.status).toBe('action-successful');
  });
});
