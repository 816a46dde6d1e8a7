import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, SECOND } from '../../src/clock.js';
import { queueEmail } from '../../src/email/outbox.js';
import { SECRET_PLACEHOLDER } from '../../src/email/secrets.js';
import {
  MANDRILL_TIMEOUT_MS,
  notificationsOf,
  outboxRow,
  queueTestEmail,
  startEmailTestServer,
  testEmail,
  type EmailTestServer,
} from '../helpers/email.js';

const RETRY_BASE_MS = 10 * SECOND;
const LEASE_MS = 5 * MINUTE;

let server: EmailTestServer;
beforeAll(async () => {
  server = await startEmailTestServer({
    email: { maxAttempts: 3, retryBaseMs: RETRY_BASE_MS, retryMaxMs: HOUR, leaseMs: LEASE_MS },
    random: () => 0.5,
  });
});
afterAll(async () => server?.close());

// Settle whatever a test left due, so the next one starts from an empty queue.
afterEach(async () => {
  server.fake.mode = 'ok';
  server.clock.advance(DAY);
  while ((await worker().runOnce()).claimed > 0);
});

const db = () => server.app.context.db;
const worker = () => server.app.emailWorker;
const receivedFor = (to: string) => server.fake.received.filter((r) => r.message.to[0].email === to);

describe('the outbox worker', () => {
  it('sends a due email through /messages/send and records Mandrill’s answer', async () => {
    const id = await queueTestEmail(server, {
      to: { email: 'first@example.com', name: 'First Person' },
      html: '<p>Kept</p>',
    });
    const summary = await worker().runOnce();
    expect(summary).toMatchObject({ claimed: 1, sent: 1, retrying: 0, rejected: 0, failed: 0, lost: 0 });

    const [request] = receivedFor('first@example.com');
    expect(request?.key).toBe(server.fake.apiKey);
    expect(request?.message).toMatchObject({
      from_email: server.app.context.config.mandrill.fromEmail,
      to: [{ email: 'first@example.com', name: 'First Person', type: 'to' }],
      tags: ['welcome'],
      metadata: { outbox_id: String(id) },
    });
    const row = await outboxRow(db(), id);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      mandrill_status: 'sent',
      lock_token: null,
      last_error: null,
    });
    expect(row.mandrill_id).toMatch(/^fake/);
    expect(row.html_body).toBe('<p>Kept</p>');
    expect(request?.message.html).toBe('<p>Kept</p>');
    expect(row.sent_at?.toISOString()).toBe(server.clock.now().toISOString());
    expect((await worker().runOnce()).claimed).toBe(0);
  });

  it('counts Mandrill’s queued as accepted and keeps the queued_reason', async () => {
    server.fake.mode = 'queued';
    const id = await queueTestEmail(server);
    expect((await worker().runOnce()).sent).toBe(1);
    expect(await outboxRow(db(), id)).toMatchObject({
      status: 'sent',
      mandrill_status: 'queued',
      queued_reason: 'sending-backlogged',
    });
  });

  it('retries after an HTTP 500 with backoff, then succeeds', async () => {
    const id = await queueTestEmail(server, { to: { email: 'retry@example.com' } });
    server.fake.script('http500');
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, retrying: 1 });

    const failed = await outboxRow(db(), id);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, lock_token: null });
    expect(failed.last_error).toBe('HTTP 500: GeneralError: Something went wrong');
    // base·2^0 with equal jitter at 0.5: three quarters of the base.
    expect(failed.next_attempt_at.getTime() - server.clock.now().getTime()).toBe(0.75 * RETRY_BASE_MS);

    server.clock.advance(0.75 * RETRY_BASE_MS - 1);
    expect((await worker().runOnce()).claimed).toBe(0);
    server.clock.advance(1);
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    expect(await outboxRow(db(), id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(receivedFor('retry@example.com').map((r) => r.answeredWith)).toEqual(['http500', 'ok']);
    expect(await notificationsOf(db(), id)).toEqual([]);
  });

  it.each(['reject', 'invalid'] as const)(
    'never retries a permanent refusal (%s) and reports it once',
    async (mode) => {
      const to = `refused-${mode}@example.com`;
      const id = await queueTestEmail(server, { to: { email: to } });
      server.fake.mode = mode;
      expect(await worker().runOnce()).toMatchObject({ claimed: 1, rejected: 1 });

      const row = await outboxRow(db(), id);
      expect(row).toMatchObject({
        status: 'rejected',
        attempts: 1,
        mandrill_status: mode === 'reject' ? 'rejected' : 'invalid',
        reject_reason: mode === 'reject' ? 'hard-bounce' : null,
      });
      server.clock.advance(DAY);
      expect((await worker().runOnce()).claimed).toBe(0);
      expect(receivedFor(to)).toHaveLength(1);

      const notifications = await notificationsOf(db(), id);
      expect(notifications).toHaveLength(1);
      expect(notifications[0]).toMatchObject({
        kind: 'email-rejected',
        severity: 'error',
        context: { email_id: id, email_kind: 'welcome', to_email: to, email_status: 'rejected' },
        acknowledged_at: null,
      });
    },
  );

  it('gives up on a send that does not answer within the timeout and retries it later', async () => {
    const id = await queueTestEmail(server, { to: { email: 'slow@example.com' } });
    server.fake.mode = 'timeout';
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
    expect(receivedFor('slow@example.com').map((r) => r.answeredWith)).toEqual(['timeout']);

    const row = await outboxRow(db(), id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.last_error).toBe(`timeout: Mandrill did not answer within ${MANDRILL_TIMEOUT_MS} ms`);

    server.fake.mode = 'ok';
    server.clock.advance(RETRY_BASE_MS);
    expect(await worker().runOnce()).toMatchObject({ sent: 1 });
    expect(await notificationsOf(db(), id)).toEqual([]);
  });

  it('marks an email failed after its last attempt and reports exactly one notification', async () => {
    const id = await queueTestEmail(server, { to: { email: 'down@example.com' } });
    server.fake.mode = 'http500';
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await worker().runOnce()).claimed).toBe(1);
      server.clock.advance(HOUR);
    }
    const row = await outboxRow(db(), id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, locked_until: null });
    expect(row.last_error).toContain('HTTP 500');
    expect((await worker().runOnce()).claimed).toBe(0);
    expect(receivedFor('down@example.com')).toHaveLength(3);

    const notifications = await notificationsOf(db(), id);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      kind: 'email-failed',
      severity: 'critical',
      context: { attempts: 3 },
    });
    expect(notifications[0]?.message).toContain('could not be sent after 3 attempts');
  });

  it('claims again an email whose worker died mid-send, once the lease runs out', async () => {
    const id = await queueTestEmail(server, { to: { email: 'orphan@example.com' } });
    const [claimed] = await worker().claimDue(10);
    expect(claimed?.id).toBe(id);
    // The worker that claimed it "crashed" here: nothing is recorded.
    expect(await outboxRow(db(), id)).toMatchObject({ status: 'sending', attempts: 1 });

    server.clock.advance(LEASE_MS - 1);
    expect((await worker().runOnce()).claimed).toBe(0);
    server.clock.advance(1);
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await outboxRow(db(), id)).toMatchObject({ status: 'sent', attempts: 2 });

    // The stale worker comes back: its result is not written over the newer one.
    server.fake.mode = 'reject';
    const late = await worker().deliver(claimed!);
    expect(late.recorded).toBe(false);
    expect(await outboxRow(db(), id)).toMatchObject({ status: 'sent', attempts: 2, reject_reason: null });
    expect(await notificationsOf(db(), id)).toEqual([]);
  });

  it('does not send an email past its send_before, erases its secret, and reports it', async () => {
    const id = await queueTestEmail(server, {
      to: { email: 'expired@example.com' },
      text: `your link: https://x/?t=${SECRET_PLACEHOLDER}`,
      sendBefore: new Date(server.clock.now().getTime() + MINUTE),
      secret: 'expired-secret-value',
    });
    server.clock.advance(MINUTE);
    expect(await worker().runOnce()).toMatchObject({ erased: 1, claimed: 1, failed: 1 });
    expect(receivedFor('expired@example.com')).toHaveLength(0);
    const row = await outboxRow(db(), id);
    expect(row).toMatchObject({
      status: 'failed',
      last_error: 'expired before it could be sent',
      secret: null,
    });
    const notifications = await notificationsOf(db(), id);
    expect(notifications.map((n) => n.kind)).toEqual(['email-failed']);
  });

  it('puts the secret into the body at send time only, and erases it once sent', async () => {
    const id = await queueTestEmail(server, {
      text: `your link: https://x/?t=${SECRET_PLACEHOLDER}`,
      html: `<a href="https://x/?t=${SECRET_PLACEHOLDER}">link</a>`,
      sendBefore: new Date(server.clock.now().getTime() + HOUR),
      secret: 'sent-secret-value',
    });
    expect(await outboxRow(db(), id)).toMatchObject({ secret: 'sent-secret-value', carries_secret: true });
    expect((await outboxRow(db(), id)).text_body).not.toContain('sent-secret-value');
    await worker().runOnce();
    const row = await outboxRow(db(), id);
    expect(row).toMatchObject({ status: 'sent', secret: null });
    expect(row.text_body).toBe(`your link: https://x/?t=${SECRET_PLACEHOLDER}`);
    const sent = server.fake.received.at(-1)?.message;
    expect(sent.text).toBe('your link: https://x/?t=sent-secret-value');
    expect(sent.html).toBe('<a href="https://x/?t=sent-secret-value">link</a>');
  });

  it('never sends an email whose secret was erased, whatever its own clock says', async () => {
    const id = await queueTestEmail(server, {
      to: { email: 'erased@example.com' },
      text: `your link: https://x/?t=${SECRET_PLACEHOLDER}`,
      sendBefore: new Date(server.clock.now().getTime() + HOUR),
      secret: 'erased-secret-value',
    });
    // Another instance, its clock ahead, erased it.
    await db().updateTable('email_outbox').set({ secret: null }).where('id', '=', id).execute();
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect(receivedFor('erased@example.com')).toHaveLength(0);
  });

  it('refuses a secret without a send_before (it could never be erased)', async () => {
    await expect(queueTestEmail(server, { secret: 'forever' })).rejects.toThrow(/sendBefore/);
  });

  it('never hands one email to two rounds running at once', async () => {
    const now = server.clock.now();
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push((await queueEmail(db(), testEmail(), { now })).id);
    const before = server.fake.received.length;
    const [a, b] = await Promise.all([worker().runOnce(20), worker().runOnce(20)]);
    expect(a!.claimed + b!.claimed).toBe(30);
    const sentIds = server.fake.received.slice(before).map((r) => Number(r.message.metadata.outbox_id));
    expect(sentIds.sort((x, y) => x - y)).toEqual(ids);
  });

  it('runs as a loop until stopped', async () => {
    const id = await queueTestEmail(server, { to: { email: 'loop@example.com' } });
    worker().start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await outboxRow(db(), id)).status !== 'sent' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await worker().stop();
    }
    expect(worker().isRunning).toBe(false);
    expect(await outboxRow(db(), id)).toMatchObject({ status: 'sent' });
    expect(receivedFor('loop@example.com')).toHaveLength(1);
  });
});
