import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApplicationToken } from '../../src/auth/applications.js';
import { allRoutes } from '../../src/routes.js';
import { createUser, PASSWORD, signIn } from '../helpers/auth.js';
import { startEmailTestServer, type EmailTestServer } from '../helpers/email.js';
import { probeRoutes } from '../helpers/probe-routes.js';
import { rawRequest } from '../helpers/raw-http.js';
import { encodeSensitive } from '../helpers/server.js';
import { codeOf, redeem } from '../helpers/xso.js';

/**
 * A real server logging at trace, debug and info to a file, used the way clients use it (sign-in,
 * tokens in query strings, a hand-off and its redemption, a password reset, a password change,
 * failures): the log then holds none of the secrets that went through it.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'planocore-log-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function startLoggingServer(level: string, file: string) {
  return startEmailTestServer({
    routes: [...allRoutes, ...probeRoutes],
    timeoutMs: 10_000, // the reset must go out even on a loaded machine
    log: { level, destination: pino.destination({ dest: file, sync: true }) },
  });
}

/** Everything a client does that puts a secret on the wire; returns every secret used. */
async function useLikeAClient(server: EmailTestServer): Promise<string[]> {
  const db = server.app.context.db;
  const secrets: string[] = [PASSWORD];
  const employee = await createUser(db, ['employee']);
  const client = await createUser(db, ['client']);

  // Sign-in (base64 body), and a failed one with a wrong password.
  const wrong = 'not the password at all';
  secrets.push(wrong);
  const failed = await server.call('POST', '/api/v1/sessions/create', {
    body: encodeSensitive({ email: client.email, password: wrong }),
    contentType: 'text/plain',
  });
  expect(failed.body.status).toBe('invalid-password');
  const employeeToken = await signIn(server, employee.email, 'planoorder');
  const clientToken = await signIn(server, client.email, 'planoauth');
  secrets.push(employeeToken, clientToken);

  // Tokens in query strings, on real routes and on paths no route has.
  for (const path of ['/api/v1/sessions/show', '/api/v1/sessions/list', '/api/v1/no/such/route']) {
    await server.call('GET', path, { query: { token: clientToken, session_view: 'full' } });
  }
  await server.call('GET', '/api/v1/system/status', { query: { echo: clientToken } });
  await server.call('POST', '/api/v1/sessions/create', {
    query: { email: client.email, password: PASSWORD },
    body: encodeSensitive({ email: client.email, password: PASSWORD }),
    contentType: 'text/plain',
  });
  await rawRequest(
    server.url,
    `GET /api/v1/%ff?token=${clientToken} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  );
  await rawRequest(
    server.url,
    `GET /api/v1/sessions/show?token=${clientToken} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  );
  await rawRequest(
    server.url,
    `GET /api/v1/sessions/show?token=${clientToken} HTTP/1.1\r\nContent-Length: x\r\n\r\n`,
  );
  await server.call('GET', '/api/v1/probe/crash', { query: { token: clientToken } });

  // A hand-off: the code comes back in the Location fragment, then CaptuRE redeems it.
  const appToken = await issueApplicationToken(db, 'capture');
  secrets.push(appToken);
  const handOff = await server.call('GET', '/api/v1/xso/capture_client', {
    query: { token: employeeToken, client_id: String(client.clientId) },
  });
  expect(handOff.http).toBe(302);
  const code = codeOf(handOff.headers.get('location')!);
  secrets.push(code);
  const redeemed = await redeem(server, appToken, code);
  expect(redeemed.body.status).toBe('action-successful');
  const captureToken = redeemed.body.session.token as string;
  secrets.push(captureToken);
  await server.call('GET', '/api/v1/sessions/show', { query: { token: captureToken } });
  await redeem(server, appToken, code); // used: refused

  // Password reset: the token arrives by email, then sets a new password.
  const reset = await server.call('POST', '/api/v1/users/password_reset_request', {
    json: { email: client.email },
  });
  expect(reset.body.status).toBe('action-successful');
  const mailed = server.fake.received.filter((r) => r.message.to[0].email === client.email).at(-1)!;
  const resetToken = /reset_token=([A-Za-z0-9_-]+)/.exec(mailed.message.text)![1]!;
  const resetPassword = 'a new password from the link';
  secrets.push(resetToken, resetPassword);
  const done = await server.call('POST', '/api/v1/users/password_reset', {
    body: encodeSensitive({ reset_token: resetToken, new_password: resetPassword }),
    contentType: 'text/plain',
  });
  expect(done.body.status).toBe('action-successful');
  await server.call('POST', '/api/v1/users/password_reset', {
    body: encodeSensitive({ reset_token: resetToken, new_password: resetPassword }),
    contentType: 'text/plain',
  });

  // A password change (sensitive params), by the employee.
  const changed = 'a changed password, typed twice';
  secrets.push(changed);
  const change = await server.call('POST', '/api/v1/users/update_password', {
    body: encodeSensitive({ token: employeeToken, current_password: PASSWORD, new_password: changed }),
    contentType: 'text/plain',
  });
  expect(change.body.status).toBe('action-successful');
  secrets.push(change.body.session.token as string);
  return secrets;
}

describe('no secret reaches the log', () => {
  for (const level of ['trace', 'debug', 'info']) {
    it(`at ${level}`, async () => {
      const file = join(dir, `${level}.log`);
      const server = await startLoggingServer(level, file);
      let secrets: string[];
      try {
        secrets = await useLikeAClient(server);
      } finally {
        await server.close();
      }
      const log = await readFile(file, 'utf8');
      const lines = log.split('\n').filter(Boolean);
      // The log is not empty: it names the requests, with their secret values replaced.
      expect(lines.length).toBeGreaterThan(20);
      expect(log).toContain('/api/v1/sessions/show?token=[redacted]');
      expect(log).toContain('/api/v1/sessions/create?email=[redacted]&password=[redacted]');
      expect(log).toContain('application crash');
      for (const secret of secrets) {
        expect(log.includes(secret), `the log holds ${secret.slice(0, 6)}…`).toBe(false);
      }
    });
  }
});
