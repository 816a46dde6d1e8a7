import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resendRefusal } from '../../src/admin/email-outbox.js';
import { queueEmail } from '../../src/email/outbox.js';
import { SECRET_PLACEHOLDER } from '../../src/email/secrets.js';
import { startEmailTestServer, type EmailTestServer } from '../helpers/email.js';
import { auditOf, signedInAdmin } from './fixtures.js';

let server: EmailTestServer;
let admin: Awaited<ReturnType<typeof signedInAdmin>>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  server = await startEmailTestServer();
  admin = await signedInAdmin(server);
  const db = server.app.context.db;
  const now = server.clock.now();
  const email = (key: string, to: string, extra: object = {}) =>
    queueEmail(
      db,
      {
        kind: 'welcome',
        to: { email: to, name: 'Pat' },
        subject: `Subject ${key}`,
        html: `<p>body ${key}</p>`,
        text: `body ${key}`,
        idempotencyKey: `admin-outbox-${key}`,
        context: { user_id: 7 },
        ...extra,
      },
      { now },
    );
  ids.failed = (await email('failed', 'Failed@Example.com')).id;
  ids.queued = (await email('queued', 'queued@example.com')).id;
  ids.reset = (
    await email('reset', 'reset@example.com', {
      kind: 'password_reset',
      text: `reset at https://x.test/r?t=${SECRET_PLACEHOLDER}`,
      secret: 'pr_SECRET-never-shown',
      sendBefore: new Date(now.getTime() + 3_600_000),
    })
  ).id;
  await db
    .updateTable('email_outbox')
    .set({ status: 'failed', attempts: 5, last_error: 'Mandrill answered HTTP 500' })
    .where('id', 'in', [ids.failed, ids.reset])
    .execute();
  await db.updateTable('email_outbox').set({ secret: null }).where('id', '=', ids.reset!).execute();
  // Its next attempt is tomorrow: the worker rounds below leave it queued.
  await db
    .updateTable('email_outbox')
    .set({ next_attempt_at: new Date(now.getTime() + 86_400_000) })
    .where('id', '=', ids.queued!)
    .execute();
});
afterAll(async () => server?.close());

const list = (query: Record<string, string> = {}) =>
  server.call('GET', '/api/v1/email_outbox/list', { query: { token: admin.token, ...query } });
const resend = (id: number) =>
  server.call('POST', '/api/v1/email_outbox/resend', { json: { token: admin.token, id } });

describe('email_outbox/list', () => {
  it('lists newest first with counts by status, never a body or a secret', async () => {
    const res = await list();
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.emails.map((e: { id: number }) => e.id)).toEqual([
      ids.reset,
      ids.queued,
      ids.failed,
    ]);
    expect(res.body.data.counts).toEqual({ queued: 1, sending: 0, sent: 0, failed: 2, rejected: 0 });
    expect(res.body.data.emails[2]).toMatchObject({
      kind: 'welcome',
      to_email: 'Failed@Example.com',
      subject: 'Subject failed',
      status: 'failed',
      attempts: 5,
      last_error: 'Mandrill answered HTTP 500',
      carries_secret: false,
      context: { user_id: 7 },
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('body failed');
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain(SECRET_PLACEHOLDER);
  });

  it('filters by status, recipient (any case), kind and id; pages with before_id', async () => {
    const ofIds = (res: { body: { data: { emails: { id: number }[] } } }) =>
      res.body.data.emails.map((e) => e.id);
    expect(ofIds(await list({ status: 'failed' }))).toEqual([ids.reset, ids.failed]);
    expect(ofIds(await list({ to_email: 'failed@example.com' }))).toEqual([ids.failed]);
    expect(ofIds(await list({ kind: 'password_reset' }))).toEqual([ids.reset]);
    expect(ofIds(await list({ id: String(ids.queued) }))).toEqual([ids.queued]);
    const page = await list({ limit: '2' });
    expect(ofIds(page)).toEqual([ids.reset, ids.queued]);
    expect(ofIds(await list({ before_id: String(page.body.data.next_before_id) }))).toEqual([ids.failed]);
    expect((await list({ status: 'lost' })).body.status).toBe('invalid-param');
    expect((await list({ to_email: 'not an email' })).body.status).toBe('invalid-param');
  });
});

describe('email_outbox/resend', () => {
  it('queues a failed email again, which the worker then sends; audited', async () => {
    server.clock.advance(1_000);
    const res = await resend(ids.failed!);
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.email).toMatchObject({
      id: ids.failed,
      status: 'queued',
      attempts: 0,
      last_error: null,
    });
    const round = await server.app.emailWorker.runOnce();
    expect(round.sent).toBe(1);
    expect(server.fake.received.at(-1)!.message.to[0].email).toBe('Failed@Example.com');
    const after = await list({ id: String(ids.failed) });
    expect(after.body.data.emails[0]).toMatchObject({ status: 'sent', attempts: 1 });
    const trail = await auditOf(server, 'email', ids.failed!);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: 'resend',
      actor_user_id: admin.userId,
      before: { status: 'failed', attempts: 5 },
      after: { status: 'queued', attempts: 0 },
    });
  });

  it('refuses an email still to be sent, one whose secret is gone, and an unknown id', async () => {
    for (const id of [ids.queued!, ids.reset!, 999_999]) {
      const res = await resend(id);
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0].param).toBe('id');
    }
    expect((await resend(ids.reset!)).body.message).toContain('one-time secret');
  });
});

describe('resendRefusal', () => {
  const now = new Date('2026-01-05T12:00:00Z');
  it.each([
    [{ status: 'failed', carries_secret: false, send_before: null }, null],
    [{ status: 'rejected', carries_secret: false, send_before: null }, null],
    [{ status: 'sent', carries_secret: false, send_before: null }, null],
    [{ status: 'queued', carries_secret: false, send_before: null }, 'still to be sent'],
    [{ status: 'sending', carries_secret: false, send_before: null }, 'still to be sent'],
    [{ status: 'failed', carries_secret: true, send_before: null }, 'one-time secret'],
    [{ status: 'failed', carries_secret: false, send_before: now }, 'expired'],
  ] as const)('%o → %s', (email, refusal) => {
    const answer = resendRefusal(email, now);
    if (refusal === null) expect(answer).toBeNull();
    else expect(answer).toContain(refusal);
  });
});
