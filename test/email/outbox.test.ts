import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueCancelationNotice, queueWelcomeEmail } from '../../src/email/emails.js';
import { queueEmail } from '../../src/email/outbox.js';
import { createUser } from '../helpers/auth.js';
import { outboxRow, startEmailTestServer, testEmail, type EmailTestServer } from '../helpers/email.js';

let server: EmailTestServer;
beforeAll(async () => {
  server = await startEmailTestServer();
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;

describe('queueing in the business transaction', () => {
  it('commits the email with the change that caused it', async () => {
    const now = server.clock.now();
    const { userId, emailId } = await db()
      .transaction()
      .execute(async (trx) => {
        const user = await trx
          .insertInto('users')
          .values({
            email: 'committed@example.com',
            password_hash: null,
            first_name: 'Ann',
            last_name: 'Lee',
            phone: null,
            password_changed_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const queued = await queueWelcomeEmail(trx, {
          userId: user.id,
          email: 'committed@example.com',
          firstName: 'Ann',
          lastName: 'Lee',
          now,
        });
        return { userId: user.id, emailId: queued.id };
      });
    const row = await outboxRow(db(), emailId);
    expect(row).toMatchObject({
      kind: 'welcome',
      to_email: 'committed@example.com',
      to_name: 'Ann Lee',
      status: 'queued',
      attempts: 0,
      idempotency_key: `welcome:user:${userId}`,
      context: { user_id: userId, client_id: null },
    });
    expect(row.next_attempt_at.toISOString()).toBe(now.toISOString());
    expect(row.text_body).toContain('Hi Ann,');
  });

  it('leaves no email behind when the change rolls back', async () => {
    const before = await db()
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const failure = new Error('business rule failed after queueing');
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          const user = await trx
            .insertInto('users')
            .values({
              email: 'rolledback@example.com',
              password_hash: null,
              first_name: 'Bo',
              last_name: 'Ng',
              phone: null,
              password_changed_at: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await queueWelcomeEmail(trx, {
            userId: user.id,
            email: 'rolledback@example.com',
            now: server.clock.now(),
          });
          throw failure;
        }),
    ).rejects.toBe(failure);
    const after = await db()
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const leftovers = await db()
      .selectFrom('email_outbox')
      .select('id')
      .where('to_email', '=', 'rolledback@example.com')
      .execute();
    expect(leftovers).toEqual([]);
    const users = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'rolledback@example.com')
      .execute();
    expect(users).toEqual([]);
  });

  it('queues one email per idempotency key', async () => {
    const email = testEmail();
    const now = server.clock.now();
    const first = await queueEmail(db(), email, { now });
    const second = await queueEmail(db(), { ...email, subject: 'changed' }, { now });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false, lockToken: null });
    const rows = await db()
      .selectFrom('email_outbox')
      .select(['subject'])
      .where('idempotency_key', '=', email.idempotencyKey)
      .execute();
    expect(rows).toEqual([{ subject: email.subject }]);
  });
});

describe('the email helpers', () => {
  it('escapes names in the HTML of the welcome email', async () => {
    const user = await createUser(db(), ['client']);
    const queued = await queueWelcomeEmail(db(), {
      userId: user.userId,
      email: user.email,
      firstName: '<script>alert(1)</script>',
      now: server.clock.now(),
    });
    const row = await outboxRow(db(), queued.id);
    expect(row.html_body).not.toContain('<script>');
    expect(row.html_body).toContain('&lt;script&gt;');
  });

  it('queues a cancelation notice once per cancelation and time', async () => {
    const canceledAt = new Date('2026-01-05T11:30:00Z');
    const input = {
      cancelationId: 41,
      cancelableType: 'order',
      cancelableId: 7,
      description: 'Order #7 at 1 Main St',
      to: { email: 'client@example.com', firstName: 'Cy' },
      reasonText: 'Client asked',
      canceledAt,
      now: server.clock.now(),
    };
    const first = await queueCancelationNotice(db(), input);
    const again = await queueCancelationNotice(db(), input);
    const recanceled = await queueCancelationNotice(db(), {
      ...input,
      canceledAt: new Date('2026-01-06T09:00:00Z'),
    });
    expect(again.id).toBe(first.id);
    expect(recanceled.id).not.toBe(first.id);
    const row = await outboxRow(db(), first.id);
    expect(row).toMatchObject({
      kind: 'cancelation_notice',
      subject: 'Canceled: Order #7 at 1 Main St',
      context: { cancelation_id: 41, cancelable_type: 'order', cancelable_id: 7 },
    });
    expect(row.text_body).toContain('Reason: Client asked');
    expect(row.text_body).toContain('2026-01-05 11:30 UTC');
  });
});
