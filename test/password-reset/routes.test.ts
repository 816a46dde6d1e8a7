import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.js';
import { hashToken } from '../../src/auth/tokens.js';
import { createUser, signIn, signedIn } from '../helpers/auth.js';
import { notificationsOf, outboxRow, startEmailTestServer, type EmailTestServer } from '../helpers/email.js';
import { encodeSensitive } from '../helpers/server.js';

let server: EmailTestServer;
beforeAll(async () => {
  server = await startEmailTestServer({ email: { retryBaseMs: MINUTE, maxAttempts: 5 } });
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;
const requestReset = (email: string) =>
  server.call('POST', '/api/v1/users/password_reset_request', { json: { email } });
const resetPassword = (resetToken: string, newPassword: string) =>
  server.call('POST', '/api/v1/users/password_reset', {
    body: encodeSensitive({ reset_token: resetToken, new_password: newPassword }),
    contentType: 'text/plain',
  });

/** The token in the last reset email Mandrill received for this address. */
function tokenMailedTo(email: string): string {
  const request = server.fake.received.filter((r) => r.message.to[0].email === email).at(-1);
  const match = /reset_token=([A-Za-z0-9_-]+)/.exec(request?.message.text ?? '');
  if (!match) throw new Error(`no reset link mailed to ${email}`);
  return match[1]!;
}

const tokensOf = (userId: number) =>
  db().selectFrom('password_reset_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
const emailsTo = (email: string) =>
  db().selectFrom('email_outbox').selectAll().where('to_email', '=', email).orderBy('id').execute();

describe('users/password_reset_request', () => {
  it('answers once Mandrill accepted the email, and the emailed link resets the password', async () => {
    server.fake.mode = 'ok';
    const user = await createUser(db(), ['client']);
    const oldSession = await signIn(server, user.email, 'planoauth');
    const res = await requestReset(user.email.toUpperCase());
    expect(res.http).toBe(200);
    expect(res.body).toMatchObject({
      status: 'action-successful',
      data: { email_sent: true, expires_at: new Date(server.clock.now().getTime() + HOUR).toISOString() },
    });

    const token = tokenMailedTo(user.email);
    expect(token).toMatch(/^pr_[A-Za-z0-9_-]{43}$/); // 256 random bits
    const [stored] = await tokensOf(user.userId);
    expect(stored?.token_hash).toBe(hashToken(token));
    const [email] = await emailsTo(user.email);
    expect(email).toMatchObject({ kind: 'password_reset', status: 'sent', attempts: 1 });
    expect(email?.text_body).not.toContain(token); // blanked once sent

    const reset = await resetPassword(token, 'a brand new password');
    expect(reset.body).toMatchObject({
      status: 'action-successful',
      data: { user_id: user.userId, revoked_sessions: 1 },
    });
    const old = await server.call('GET', '/api/v1/sessions/show', { query: { token: oldSession } });
    expect(old.body.status).toBe('invalid-token');
    const signInNew = await server.call('POST', '/api/v1/sessions/create', {
      body: encodeSensitive({ email: user.email, password: 'a brand new password' }),
      contentType: 'text/plain',
    });
    expect(signInNew.body.status).toBe('action-successful');

    const reused = await resetPassword(token, 'another new password');
    expect(reused.body).toMatchObject({ status: 'reset-token-invalid', data: { reason: 'used' } });
  });

  it('answers mandrill-email-failed when Mandrill fails, keeps the token, and the email goes out on retry', async () => {
    const user = await createUser(db(), ['client']);
    server.fake.mode = 'http500';
    const res = await requestReset(user.email);
    expect(res.http).toBe(500);
    expect(res.body).toMatchObject({
      status: 'mandrill-email-failed',
      data: { email_status: 'queued', next_attempt_at: expect.any(String) },
    });

    // The business change survived: the token exists and its email waits in the outbox.
    expect(await tokensOf(user.userId)).toHaveLength(1);
    const [email] = await emailsTo(user.email);
    const emailId = email!.id;
    expect(email).toMatchObject({
      status: 'queued',
      attempts: 1,
    });

    const notifications = await notificationsOf(db(), emailId);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      kind: 'mandrill-email-failed',
      severity: 'error',
      context: {
        email_id: emailId,
        email_kind: 'password_reset',
        user_id: user.userId,
        request_id: res.body.request_id,
        route: '/api/v1/users/password_reset_request',
        http_status: 500,
      },
    });

    // The worker's retry fails too: still one notification. Then Mandrill recovers.
    server.clock.advance(MINUTE);
    expect((await server.app.emailWorker.runOnce()).retrying).toBe(1);
    server.fake.mode = 'ok';
    server.clock.advance(2 * MINUTE);
    expect((await server.app.emailWorker.runOnce()).sent).toBe(1);
    expect(await outboxRow(db(), emailId)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await notificationsOf(db(), emailId)).toHaveLength(1);

    const reset = await resetPassword(tokenMailedTo(user.email), 'password after outage');
    expect(reset.body.status).toBe('action-successful');
  });

  it('answers mandrill-email-failed for a rejected address, never retries it, and shows it in the feed', async () => {
    const user = await createUser(db(), ['client']);
    server.fake.mode = 'reject';
    const res = await requestReset(user.email);
    expect(res.http).toBe(500);
    expect(res.body).toMatchObject({
      status: 'mandrill-email-failed',
      data: { email_status: 'rejected', next_attempt_at: null },
    });
    const [email] = await emailsTo(user.email);
    const emailId = email!.id;
    expect(email).toMatchObject({
      status: 'rejected',
      reject_reason: 'hard-bounce',
    });
    expect(await tokensOf(user.userId)).toHaveLength(1);

    server.fake.mode = 'ok';
    server.clock.advance(HOUR);
    await server.app.emailWorker.runOnce();
    expect(server.fake.received.filter((r) => r.message.to[0].email === user.email)).toHaveLength(1);

    const employee = await signedIn(server, 'employee');
    const feed = await server.call('GET', '/api/v1/notifications/list', {
      query: { token: employee.token, kind: 'mandrill-email-failed' },
    });
    const mine = feed.body.data.notifications.filter(
      (n: { context: { email_id: number } }) => n.context.email_id === emailId,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      context: { reject_reason: 'hard-bounce', request_id: res.body.request_id },
    });
    expect(mine[0].message).toContain('will not be retried');
  });

  it('answers mandrill-email-failed when Mandrill does not answer in time', async () => {
    const user = await createUser(db(), ['client']);
    server.fake.mode = 'timeout';
    const res = await requestReset(user.email);
    expect(server.fake.received.at(-1)?.answeredWith).toBe('timeout');
    expect(res.body).toMatchObject({ status: 'mandrill-email-failed', data: { email_status: 'queued' } });
    const [email] = await emailsTo(user.email);
    expect(await notificationsOf(db(), email!.id)).toHaveLength(1);
    server.fake.mode = 'ok';
    server.clock.advance(HOUR);
    await server.app.emailWorker.runOnce();
  });

  it('names an unknown or malformed email', async () => {
    server.fake.mode = 'ok';
    const unknown = await requestReset('nobody@example.com');
    expect(unknown.http).toBe(400);
    expect(unknown.body).toMatchObject({ status: 'email-not-found', errors: [{ param: 'email' }] });
    const malformed = await requestReset('not an email');
    expect(malformed.body).toMatchObject({ status: 'invalid-param', errors: [{ param: 'email' }] });
  });

  it('allows three requests per user per 15 minutes', async () => {
    server.fake.mode = 'ok';
    const user = await createUser(db(), ['client']);
    for (let i = 0; i < 3; i++) {
      expect((await requestReset(user.email)).body.status).toBe('action-successful');
      server.clock.advance(MINUTE);
    }
    const limited = await requestReset(user.email);
    expect(limited.http).toBe(429);
    expect(limited.body).toMatchObject({
      status: 'rate-limit-exceeded',
      data: { retry_after_seconds: 12 * 60 },
    });
    expect(await tokensOf(user.userId)).toHaveLength(3);
    server.clock.advance(12 * MINUTE);
    expect((await requestReset(user.email)).body.status).toBe('action-successful');
  });
});

describe('users/password_reset', () => {
  it('refuses an expired token, an unknown one and a short password', async () => {
    server.fake.mode = 'ok';
    const user = await createUser(db(), ['client']);
    await requestReset(user.email);
    const token = tokenMailedTo(user.email);

    const short = await resetPassword(token, 'short');
    expect(short.body).toMatchObject({ status: 'invalid-param', errors: [{ param: 'new_password' }] });
    const unknown = await resetPassword('pr_unknown', 'long enough password');
    expect(unknown.body).toMatchObject({ status: 'reset-token-invalid', data: { reason: 'unknown' } });

    server.clock.advance(HOUR);
    const expired = await resetPassword(token, 'long enough password');
    expect(expired.http).toBe(400);
    expect(expired.body).toMatchObject({
      status: 'reset-token-invalid',
      errors: [{ param: 'reset_token', status: 'reset-token-invalid' }],
      data: { reason: 'expired' },
    });
    // The old password still works (signIn uses it).
    expect(await signIn(server, user.email, 'planoauth')).toMatch(/^ps_/);
  });

  it('uses up every open reset token of the user', async () => {
    server.fake.mode = 'ok';
    const user = await createUser(db(), ['client']);
    await requestReset(user.email);
    const first = tokenMailedTo(user.email);
    await requestReset(user.email);
    const second = tokenMailedTo(user.email);
    expect(second).not.toBe(first);
    expect((await resetPassword(second, 'the second link wins')).body.status).toBe('action-successful');
    expect((await resetPassword(first, 'the first link is dead')).body).toMatchObject({
      status: 'reset-token-invalid',
      data: { reason: 'used' },
    });
  });
});
