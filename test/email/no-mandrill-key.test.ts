import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createUser } from '../helpers/auth.js';
import {
  notificationsOf,
  outboxRow,
  queueTestEmail,
  startEmailTestServer,
  type EmailTestServer,
} from '../helpers/email.js';

/**
 * Without MANDRILL_API_KEY no request leaves the machine. The server is pointed at a local fake
 * Mandrill, so a request that did leave would show there.
 */
let server: EmailTestServer;
beforeAll(async () => {
  server = await startEmailTestServer({ apiKey: '' });
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;

describe('without a Mandrill API key', () => {
  it('is the default', () => {
    expect(loadConfig({}).mandrill.apiKey).toBe('');
  });

  it('a password reset answers mandrill-email-failed saying no key is configured, and sends nothing', async () => {
    const user = await createUser(db(), ['client']);
    const res = await server.call('POST', '/api/v1/users/password_reset_request', {
      json: { email: user.email },
    });
    expect(res.http).toBe(500);
    expect(res.body).toMatchObject({ status: 'mandrill-email-failed', data: { email_status: 'queued' } });
    expect(res.body.message).toContain('No Mandrill API key is configured (MANDRILL_API_KEY)');
    expect(server.fake.received).toEqual([]);

    const email = await db()
      .selectFrom('email_outbox')
      .select(['id', 'last_error'])
      .where('to_email', '=', user.email)
      .executeTakeFirstOrThrow();
    expect(email.last_error).toContain('no Mandrill API key is configured');
    const [notification] = await notificationsOf(db(), email.id);
    expect(notification).toMatchObject({ kind: 'mandrill-email-failed' });
    expect(notification!.message).toContain('no Mandrill API key is configured (MANDRILL_API_KEY)');
  });

  it('the worker claims nothing, so queued emails wait untouched for a key', async () => {
    const id = await queueTestEmail(server);
    expect(await server.app.emailWorker.runOnce()).toMatchObject({ claimed: 0, sent: 0 });
    expect(await outboxRow(db(), id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(server.fake.received).toEqual([]);
  });
});
