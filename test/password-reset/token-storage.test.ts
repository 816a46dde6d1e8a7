import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, SECOND } from '../../src/clock.js';
import { createUser } from '../helpers/auth.js';
import { columnsContaining, scannedColumnCount } from '../helpers/database-scan.js';
import { startEmailTestServer, type EmailTestServer } from '../helpers/email.js';

/**
 * Where a reset token can be read in the database. While its email may still go out, only
 * `email_outbox.secret` holds it; once the email was sent, or the link expired, no column of any
 * table does (the scan reads every text and JSON column). An expired link is never mailed.
 */
let server: EmailTestServer;
beforeAll(async () => {
  server = await startEmailTestServer();
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;
const requestReset = (email: string) =>
  server.call('POST', '/api/v1/users/password_reset_request', { json: { email } });
const mailsTo = (email: string) => server.fake.received.filter((r) => r.message.to[0].email === email);

function tokenIn(text: string): string {
  const token = /reset_token=(pr_[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no reset token in ${text}`);
  return token;
}

describe('reset tokens in the database', () => {
  it('the scan reads the columns where tokens could sit', async () => {
    expect(await scannedColumnCount(db())).toBeGreaterThan(20);
  });

  it('none is readable once the email was sent', async () => {
    server.fake.mode = 'ok';
    const user = await createUser(db(), ['client']);
    expect((await requestReset(user.email)).body.status).toBe('action-successful');
    const [mail] = mailsTo(user.email);
    const token = tokenIn(mail!.message.text);
    expect(mail!.message.html).toContain(`reset_token=${token}`);
    expect(await columnsContaining(db(), token)).toEqual([]);
  });

  it('while the email waits, only the outbox secret holds it; past expiry none, and it is never mailed', async () => {
    server.fake.mode = 'http500';
    const user = await createUser(db(), ['client']);
    expect((await requestReset(user.email)).body.status).toBe('mandrill-email-failed');
    const token = tokenIn(mailsTo(user.email)[0]!.message.text);
    expect(await columnsContaining(db(), token)).toEqual(['email_outbox.secret']);

    // No worker ran for the link's hour (down, or behind); Mandrill is back when one does.
    server.clock.advance(HOUR + SECOND);
    server.fake.mode = 'ok';
    expect(await server.app.emailWorker.runOnce()).toMatchObject({ erased: 1, claimed: 1, failed: 1 });
    expect(mailsTo(user.email)).toHaveLength(1);
    expect(await columnsContaining(db(), token)).toEqual([]);
    const row = await db()
      .selectFrom('email_outbox')
      .select(['status', 'secret', 'last_error'])
      .where('to_email', '=', user.email)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', secret: null, last_error: 'expired before it could be sent' });
  });

  it('is erased at expiry even when the worker sends nothing (no Mandrill key)', async () => {
    const noKey = await startEmailTestServer({ apiKey: '' });
    try {
      const user = await createUser(noKey.app.context.db, ['client']);
      expect(
        (await noKey.call('POST', '/api/v1/users/password_reset_request', { json: { email: user.email } }))
          .body.status,
      ).toBe('mandrill-email-failed');
      const row = await noKey.app.context.db
        .selectFrom('email_outbox')
        .select('secret')
        .where('to_email', '=', user.email)
        .executeTakeFirstOrThrow();
      const token = row.secret!;
      expect(token).toMatch(/^pr_/);
      expect(await columnsContaining(noKey.app.context.db, token)).toEqual(['email_outbox.secret']);

      noKey.clock.advance(HOUR);
      expect(await noKey.app.emailWorker.runOnce()).toMatchObject({ erased: 1, claimed: 0 });
      expect(await columnsContaining(noKey.app.context.db, token)).toEqual([]);
      expect(noKey.fake.received).toEqual([]);
    } finally {
      await noKey.close();
    }
  });
});
