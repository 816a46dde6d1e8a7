import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, SECOND } from '../../src/clock.js';
import { hashToken } from '../../src/auth/tokens.js';
import { createUser, PASSWORD, signIn, signedIn } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const create = (params: Record<string, unknown>, headers?: Record<string, string>) =>
  server.call('POST', '/api/v1/sessions/create', {
    body: encodeSensitive(params),
    contentType: 'text/plain',
    ...(headers ? { headers } : {}),
  });
const show = (token: string, extra: Record<string, string> = {}) =>
  server.call('GET', '/api/v1/sessions/show', { query: { token, ...extra } });

describe('sessions/create', () => {
  it('signs in and returns a session with an opaque ≥128-bit token', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const res = await create({ email: user.email, password: PASSWORD, application: 'planoauth' });
    expect(res.http).toBe(200);
    expect(res.body.status).toBe('action-successful');
    const session = res.body.session;
    expect(session.token).toMatch(/^ps_[A-Za-z0-9_-]{43}$/);
    expect(session).toMatchObject({
      user_id: user.userId,
      application: 'planoauth',
      role: 'client',
      remember_me: false,
    });
    expect(new Date(session.expires_at).getTime() - new Date(session.created_at).getTime()).toBe(7 * DAY);
    expect(new Date(session.idle_expires_at).getTime() - new Date(session.last_used_at).getTime()).toBe(
      72 * HOUR,
    );
  });

  it('matches the email regardless of case and renders the full view', async () => {
    const user = await createUser(server.app.context.db, ['employee']);
    const res = await create({
      email: user.email.toUpperCase(),
      password: PASSWORD,
      application: 'planoorder',
      view: 'full',
    });
    expect(res.body.session).toMatchObject({
      role: 'employee',
      user: { id: user.userId, email: user.email },
      roles: { employee_id: user.employeeId, client_id: null, liaison_id: null },
    });
  });

  it('answers email-not-found naming the email param', async () => {
    const res = await create({ email: 'nobody@example.com', password: 'whatever1' });
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({
      status: 'email-not-found',
      errors: [{ param: 'email' }],
      session: null,
    });
  });

  it('answers invalid-password', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const res = await create({ email: user.email, password: 'wrong-password' });
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({ status: 'invalid-password', errors: [{ param: 'password' }] });
  });

  it('answers user-has-no-password for OAuth or magic-link accounts', async () => {
    const user = await createUser(server.app.context.db, ['client'], { password: null });
    const res = await create({ email: user.email, password: 'anything1' });
    expect(res.body.status).toBe('user-has-no-password');
  });

  it('answers user-requires-role when the application acts as a role the user lacks', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const res = await create({ email: user.email, password: PASSWORD, application: 'planoorder' });
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({
      status: 'user-requires-role',
      session: null,
      errors: [{ param: 'application' }],
    });
  });

  it('answers client-required 401 for a user without roles, and still hands over the session', async () => {
    const user = await createUser(server.app.context.db, []);
    const res = await create({ email: user.email, password: PASSWORD, application: 'planoauth' });
    expect(res.http).toBe(401);
    expect(res.body.status).toBe('client-required');
    expect(res.body.session.token).toMatch(/^ps_/);
    const again = await show(res.body.session.token);
    expect(again.body.status).toBe('action-successful');
  });

  it('needs email and password, and a base64 body', async () => {
    expect((await create({ email: 'a@b.co' })).body).toMatchObject({
      status: 'missing-param',
      errors: [{ param: 'password' }],
    });
    const plain = await server.call('POST', '/api/v1/sessions/create', {
      json: { email: 'a@b.co', password: 'x' },
    });
    expect(plain.body.status).toBe('invalid-encoded-params');
  });

  it('rehashes a password made with older parameters on sign-in', async () => {
    const db = server.app.context.db;
    const { PasswordHasher } = await import('../../src/auth/passwords.js');
    const old = new PasswordHasher({ memoryCost: 2048, timeCost: 1, parallelism: 1 });
    const user = await createUser(db, ['client']);
    await db
      .updateTable('users')
      .set({ password_hash: await old.hash(PASSWORD) })
      .where('id', '=', user.userId)
      .execute();
    await signIn(server, user.email, 'planoauth');
    const row = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  });

  it('stores neither the token nor the password in plaintext', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const token = await signIn(server, user.email, 'planoauth');
    const db = server.app.context.db;
    const sessions = await db.selectFrom('sessions').selectAll().execute();
    const users = await db.selectFrom('users').selectAll().execute();
    const dump = JSON.stringify([sessions, users]);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(PASSWORD);
    expect(sessions.some((s) => s.token_hash === hashToken(token))).toBe(true);
    expect(users.every((u) => u.password_hash === null || u.password_hash.startsWith('$argon2id$'))).toBe(
      true,
    );
  });
});

describe('session lifetime (clock-controlled)', () => {
  it('expires a session 7 days after it began even when used daily', async () => {
    const user = await signedIn(server, 'client');
    for (let day = 1; day < 7; day++) {
      server.clock.advance(DAY);
      expect((await show(user.token)).body.status).toBe('action-successful');
    }
    server.clock.advance(DAY);
    const res = await show(user.token);
    expect(res.http).toBe(401);
    expect(res.body).toMatchObject({ status: 'session-expired', data: { reason: 'absolute' } });
  });

  it('expires a session unused for 72 hours', async () => {
    const user = await signedIn(server, 'client');
    server.clock.advance(72 * HOUR - SECOND);
    expect((await show(user.token)).body.status).toBe('action-successful');
    server.clock.advance(72 * HOUR);
    const res = await show(user.token);
    expect(res.body).toMatchObject({ status: 'session-expired', data: { reason: 'idle' } });
  });

  it('keeps remember_me sessions alive past both limits', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const token = await signIn(server, user.email, 'planoauth', { remember_me: true });
    server.clock.advance(30 * DAY);
    const res = await show(token);
    expect(res.body.status).toBe('action-successful');
    expect(res.body.session).toMatchObject({ remember_me: true, expires_at: null, idle_expires_at: null });
  });

  it('writes last_used_at at most once a minute', async () => {
    const user = await signedIn(server, 'client');
    const lastUsed = async () =>
      (
        await server.app.context.db
          .selectFrom('sessions')
          .select('last_used_at')
          .where('token_hash', '=', hashToken(user.token))
          .executeTakeFirstOrThrow()
      ).last_used_at.getTime();
    const start = await lastUsed();
    server.clock.advance(30 * SECOND);
    await show(user.token);
    expect(await lastUsed()).toBe(start);
    server.clock.advance(31 * SECOND);
    await show(user.token);
    expect(await lastUsed()).toBe(start + 61 * SECOND);
  });
});

describe('tokens', () => {
  it('answers invalid-token 401 for unknown and malformed tokens, naming the param', async () => {
    for (const token of ['ps_' + 'A'.repeat(43), 'garbage', '💥']) {
      const res = await show(token);
      expect(res.http).toBe(401);
      expect(res.body).toMatchObject({ status: 'invalid-token', errors: [{ param: 'token' }] });
    }
  });

  it('answers missing-param when no token is passed', async () => {
    const res = await server.call('GET', '/api/v1/sessions/show');
    expect(res.body).toMatchObject({ status: 'missing-param', errors: [{ param: 'token' }] });
  });
});

describe('sessions/list and sessions/destroy', () => {
  it('lists the user’s live sessions and marks the current one', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const a = await signIn(server, user.email, 'planoauth');
    await signIn(server, user.email, 'planoauth');
    const res = await server.call('GET', '/api/v1/sessions/list', { query: { token: a } });
    expect(res.body.data.sessions).toHaveLength(2);
    expect(res.body.data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(JSON.stringify(res.body.data)).not.toContain(a);
  });

  it('revokes the current session; its token then answers invalid-token with the reason', async () => {
    const user = await signedIn(server, 'client');
    const res = await server.call('POST', '/api/v1/sessions/destroy', { json: { token: user.token } });
    expect(res.body).toMatchObject({ status: 'action-successful', data: { revoked: 1 } });
    const after = await show(user.token);
    expect(after.body).toMatchObject({ status: 'invalid-token', data: { reason: 'signed-out' } });
  });

  it('revokes every other session and keeps the current one', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const keep = await signIn(server, user.email, 'planoauth');
    const other1 = await signIn(server, user.email, 'planoauth');
    const other2 = await signIn(server, user.email, 'planoauth');
    const res = await server.call('POST', '/api/v1/sessions/destroy', {
      json: { token: keep, all_others: true },
    });
    expect(res.body.data.revoked).toBe(2);
    expect((await show(keep)).body.status).toBe('action-successful');
    expect((await show(other1)).body.status).toBe('invalid-token');
    expect((await show(other2)).body.status).toBe('invalid-token');
  });

  it('refuses to revoke another user’s session', async () => {
    const alice = await signedIn(server, 'client');
    const bob = await signedIn(server, 'client');
    const bobSession = (await show(bob.token)).body.session.id;
    const res = await server.call('POST', '/api/v1/sessions/destroy', {
      json: { token: alice.token, id: bobSession },
    });
    expect(res.body).toMatchObject({ status: 'invalid-param', errors: [{ param: 'id' }] });
    expect((await show(bob.token)).body.status).toBe('action-successful');
  });
});

describe('password change', () => {
  it('revokes every session of the user and returns a new one', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const a = await signIn(server, user.email, 'planoauth');
    const b = await signIn(server, user.email, 'planoauth');
    const res = await server.call('POST', '/api/v1/users/update_password', {
      body: encodeSensitive({ token: a, current_password: PASSWORD, new_password: 'a whole new secret' }),
      contentType: 'text/plain',
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.revoked_sessions).toBe(2);
    expect((await show(a)).body).toMatchObject({
      status: 'invalid-token',
      data: { reason: 'password-changed' },
    });
    expect((await show(b)).body.status).toBe('invalid-token');
    expect((await show(res.body.session.token)).body.status).toBe('action-successful');
    const old = await create({ email: user.email, password: PASSWORD });
    expect(old.body.status).toBe('invalid-password');
    const fresh = await create({ email: user.email, password: 'a whole new secret' });
    expect(fresh.body.status).toBe('action-successful');
  });

  it('refuses a wrong current password and keeps the sessions', async () => {
    const user = await signedIn(server, 'client');
    const res = await server.call('POST', '/api/v1/users/update_password', {
      body: encodeSensitive({
        token: user.token,
        current_password: 'nope-nope',
        new_password: 'a whole new secret',
      }),
      contentType: 'text/plain',
    });
    expect(res.body).toMatchObject({ status: 'invalid-password', errors: [{ param: 'current_password' }] });
    expect((await show(user.token)).body.status).toBe('action-successful');
  });
});

describe('throttling', () => {
  // The limits themselves: test/auth/login-throttle.test.ts.
  it('takes about as long for an unknown email as for a wrong password', async () => {
    const { PasswordHasher, OWASP_ARGON2 } = await import('../../src/auth/passwords.js');
    const real = await startTestServer({ passwords: new PasswordHasher(OWASP_ARGON2) });
    try {
      const db = real.app.context.db;
      const user = await createUser(db, ['client']);
      await db
        .updateTable('users')
        .set({ password_hash: await new PasswordHasher(OWASP_ARGON2).hash(PASSWORD) })
        .where('id', '=', user.userId)
        .execute();
      const timed = async (email: string) => {
        const started = performance.now();
        await real.call('POST', '/api/v1/sessions/create', {
          body: encodeSensitive({ email, password: 'wrong-password' }),
          contentType: 'text/plain',
        });
        return performance.now() - started;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 5; i++) {
        unknown.push(await timed(`ghost${i}@example.com`));
        wrong.push(await timed(user.email));
      }
      const ratio = median(unknown) / median(wrong);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    } finally {
      await real.close();
    }
  });
});
