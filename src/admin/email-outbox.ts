import type { Kysely } from 'kysely';
import { recordChange } from '../audit/trail.js';
import { commonParams } from '../auth/params.js';
import { EMAIL_STATUSES, type EmailStatus } from '../email/tables.js';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { ADMIN_AUTH, ADMIN_SERVICE, unknownId } from './common.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** An outbox row as admins see it: never its bodies nor its secret. */
const emailField = field.object({
  id: field.integer({ example: 311 }),
  kind: field.string({ example: 'welcome' }),
  to_email: field.string({ example: 'client@demo.planocore.test' }),
  to_name: field.string({ nullable: true, example: 'Casey Client' }),
  subject: field.string({ example: 'Welcome to PlanOmatic' }),
  status: field.string({ possibleValues: EMAIL_STATUSES, example: 'failed' }),
  attempts: field.integer({ example: 3 }),
  next_attempt_at: field.datetime(),
  send_before: field.datetime({ nullable: true, description: 'Not sent after this moment.' }),
  carries_secret: field.boolean({
    example: false,
    description: 'It shows a one-time secret (a reset link); such an email cannot be resent.',
  }),
  last_error: field.string({ nullable: true, example: 'Mandrill answered HTTP 500' }),
  mandrill_status: field.string({ nullable: true, example: null }),
  reject_reason: field.string({ nullable: true, example: null }),
  context: field.json({ description: 'Who and what the email is about (user_id, order_id …).' }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
  sent_at: field.datetime({ nullable: true }),
});

const COLUMNS = [
  'id',
  'kind',
  'to_email',
  'to_name',
  'subject',
  'status',
  'attempts',
  'next_attempt_at',
  'send_before',
  'carries_secret',
  'last_error',
  'mandrill_status',
  'reject_reason',
  'context',
  'created_at',
  'updated_at',
  'sent_at',
] as const;

function emailRows(db: Kysely<Database>) {
  return db.selectFrom('email_outbox').select(COLUMNS);
}
type EmailRow = Awaited<ReturnType<ReturnType<typeof emailRows>['executeTakeFirstOrThrow']>>;

function emailView(row: EmailRow) {
  return {
    ...row,
    next_attempt_at: row.next_attempt_at.toISOString(),
    send_before: row.send_before?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    sent_at: row.sent_at?.toISOString() ?? null,
  };
}

const countsField = field.object(
  Object.fromEntries(EMAIL_STATUSES.map((status) => [status, field.integer({ example: 0 })])),
  { description: 'Rows of the whole outbox by status.' },
);

export const listEmailOutbox = defineRoute({
  method: 'GET',
  path: '/api/v1/email_outbox/list',
  title: 'List Email Outbox',
  purpose:
    'The transactional emails, newest first, with their delivery state. Bodies are never shown (a reset email’s body holds a one-time link). Page back with `before_id` = the previous page’s `next_before_id`.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    status: param.string({
      position: 400,
      possibleValues: EMAIL_STATUSES,
      example: 'failed',
      description: 'Only emails in this state.',
    }),
    to_email: param.string({
      position: 500,
      format: 'email',
      example: 'client@demo.planocore.test',
      description: 'Only emails to this address (case-insensitive).',
    }),
    kind: param.string({
      position: 600,
      format: 'slug',
      maxLength: 60,
      example: 'welcome',
      description: 'Only emails of this kind (`welcome`, `password_reset`, `cancelation_notice`, …).',
    }),
    id: param.integer({ position: 700, min: 1, example: 311, description: 'Only this email.' }),
    before_id: param.integer({
      position: 800,
      example: 311,
      description: 'Only emails older than this id (the `next_before_id` of the previous page).',
    }),
    limit: param.integer({
      position: 900,
      min: 1,
      max: MAX_LIMIT,
      default: DEFAULT_LIMIT,
      example: DEFAULT_LIMIT,
      description: 'Emails per page.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    emails: field.list(emailField, { description: 'Newest first.' }),
    next_before_id: field.integer({ nullable: true, example: null, description: 'null on the last page.' }),
    counts: countsField,
  }),
  handler: async (input, ctx) => {
    const { limit } = input;
    const rows = await emailRows(ctx.db)
      .$if(input.status !== undefined, (q) => q.where('status', '=', input.status!))
      .$if(input.to_email !== undefined, (q) =>
        q.where((eb) => eb(eb.fn('lower', ['to_email']), '=', input.to_email!.toLowerCase())),
      )
      .$if(input.kind !== undefined, (q) => q.where('kind', '=', input.kind as EmailRow['kind']))
      .$if(input.id !== undefined, (q) => q.where('id', '=', input.id!))
      .$if(input.before_id !== undefined, (q) => q.where('id', '<', input.before_id!))
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const byStatus = await ctx.db
      .selectFrom('email_outbox')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(EMAIL_STATUSES.map((s) => [s, 0]));
    for (const row of byStatus) counts[row.status] = Number(row.n);
    return {
      emails: page.map(emailView),
      next_before_id: rows.length > limit ? page.at(-1)!.id : null,
      counts,
    };
  },
});

const RESENDABLE: readonly EmailStatus[] = ['failed', 'rejected', 'sent'];

/**
 * Whether an outbox row may be queued again, and why not: the pure rule of `email_outbox/resend`.
 * A row still waiting is sent anyway; one with a one-time secret lost it when it settled.
 */
export function resendRefusal(
  email: Pick<EmailRow, 'status' | 'carries_secret' | 'send_before'>,
  now: Date,
): string | null {
  if (!RESENDABLE.includes(email.status)) return `the email is ${email.status}: it is still to be sent`;
  if (email.carries_secret) {
    return 'the email carried a one-time secret (a reset link) that was erased; the user asks for a new one';
  }
  if (email.send_before !== null && email.send_before <= now)
    return 'the email expired (send_before has passed)';
  return null;
}

export const resendEmail = defineRoute({
  method: 'POST',
  path: '/api/v1/email_outbox/resend',
  title: 'Resend Email',
  purpose:
    'Queues a settled email (failed, rejected or sent) to be sent again now, its attempts counted from zero; the outbox worker sends it on its next round. An email still queued or sending, one that carried a one-time secret (a reset link) and one past its `send_before` cannot be resent (`invalid-param` naming `id`). Kept in the audit trail.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 311, description: 'Id of the email.' }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ email: emailField }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const before = await emailRows(trx).where('id', '=', input.id).forUpdate().executeTakeFirst();
      if (!before) throw unknownId('an email', input.id);
      const refusal = resendRefusal(before, now);
      if (refusal) throw ApiError.invalidParam('id', refusal);
      const after = await trx
        .updateTable('email_outbox')
        .set({
          status: 'queued',
          attempts: 0,
          next_attempt_at: now,
          locked_until: null,
          lock_token: null,
          last_error: null,
          mandrill_id: null,
          mandrill_status: null,
          reject_reason: null,
          queued_reason: null,
          sent_at: null,
          updated_at: now,
        })
        .where('id', '=', input.id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await recordChange(trx, ctx.auth, {
        entityType: 'email',
        entityId: before.id,
        action: 'resend',
        before: { status: before.status, attempts: before.attempts, last_error: before.last_error },
        after: { status: 'queued', attempts: 0 },
        at: now,
      });
      return { email: emailView(after) };
    });
  },
});
