import type { Kysely } from 'kysely';
import { commonParams } from '../auth/params.js';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { defineRoute } from '../protocol/route.js';
import { NOTIFICATION_KINDS, NOTIFICATION_SEVERITIES } from './tables.js';
import { field } from '../protocol/reply.js';

const DEFAULT_LIMIT = 25;

/** The declared reply shape of `render`. */
const notificationField = field.object({
  id: field.integer({ example: 120 }),
  kind: field.string({ possibleValues: NOTIFICATION_KINDS, example: 'mandrill-email-failed' }),
  severity: field.string({ possibleValues: NOTIFICATION_SEVERITIES, example: 'error' }),
  message: field.string({
    example: 'Mandrill refused the password reset email to client@demo.planocore.test.',
  }),
  context: field.json({ description: 'What the failure was about (ids, route, request id).' }),
  created_at: field.datetime(),
  acknowledged_by: field.integer({
    nullable: true,
    example: null,
    description: 'User id of who acknowledged it.',
  }),
  acknowledged_at: field.datetime({ nullable: true }),
  acknowledged_by_name: field.string({ nullable: true, example: null }),
});
const MAX_LIMIT = 100;

function notificationQuery(db: Kysely<Database>) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('users as u', 'u.id', 'n.acknowledged_by')
    .select([
      'n.id',
      'n.kind',
      'n.severity',
      'n.message',
      'n.context',
      'n.created_at',
      'n.acknowledged_by',
      'n.acknowledged_at',
      'u.first_name',
      'u.last_name',
    ]);
}

type NotificationRow = Awaited<ReturnType<ReturnType<typeof notificationQuery>['executeTakeFirstOrThrow']>>;

function render(row: NotificationRow) {
  const { first_name, last_name, ...rest } = row;
  return {
    ...rest,
    created_at: row.created_at.toISOString(),
    acknowledged_at: row.acknowledged_at?.toISOString() ?? null,
    acknowledged_by_name:
      row.acknowledged_by === null ? null : `${first_name ?? ''} ${last_name ?? ''}`.trim(),
  };
}

export const listNotificationsRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/notifications/list',
  title: 'List Notifications',
  purpose:
    'The production notifications feed: failures the dev team must look at (for example every `mandrill-email-failed`), newest first. Page back with `before_id` = the previous page’s `next_before_id`.',
  service: 'notifications',
  auth: { kind: 'roles', roles: ['employee'] },
  params: {
    ...commonParams,
    kind: param.string({
      position: 400,
      possibleValues: NOTIFICATION_KINDS,
      example: 'mandrill-email-failed',
      description: 'Only this kind.',
    }),
    severity: param.string({
      position: 500,
      possibleValues: NOTIFICATION_SEVERITIES,
      example: 'error',
      description: 'Only this severity.',
    }),
    acknowledged: param.boolean({
      position: 600,
      example: false,
      description: 'true: only acknowledged ones; false: only those nobody has acknowledged yet.',
    }),
    before_id: param.integer({
      position: 700,
      example: 120,
      description: 'Only notifications older than this id (the `next_before_id` of the previous page).',
    }),
    limit: param.integer({
      position: 800,
      min: 1,
      max: MAX_LIMIT,
      default: DEFAULT_LIMIT,
      example: DEFAULT_LIMIT,
      description: 'Notifications per page.',
    }),
  },
  reply: field.object({
    notifications: field.list(notificationField, { description: 'Newest first.' }),
    next_before_id: field.integer({
      nullable: true,
      example: null,
      description: 'Pass as `before_id` for the next page; null on the last page.',
    }),
    unacknowledged_count: field.integer({
      example: 2,
      description: 'Notifications nobody acknowledged yet.',
    }),
  }),
  handler: async (input, ctx) => {
    const { limit } = input;
    let query = notificationQuery(ctx.db);
    if (input.kind !== undefined) query = query.where('n.kind', '=', input.kind);
    if (input.severity !== undefined) query = query.where('n.severity', '=', input.severity);
    if (input.acknowledged !== undefined) {
      query = query.where('n.acknowledged_at', input.acknowledged ? 'is not' : 'is', null);
    }
    if (input.before_id !== undefined) query = query.where('n.id', '<', input.before_id);
    const rows = await query
      .orderBy('n.id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const unacknowledged = await ctx.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('acknowledged_at', 'is', null)
      .executeTakeFirstOrThrow();
    return {
      notifications: page.map(render),
      next_before_id: rows.length > limit ? page.at(-1)!.id : null,
      unacknowledged_count: Number(unacknowledged.n),
    };
  },
});

export const acknowledgeNotificationRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/notifications/acknowledge',
  title: 'Acknowledge Notification',
  purpose:
    'Marks a notification as seen by the signed-in employee. Acknowledging it again changes nothing: the first acknowledgement (who and when) is kept.',
  service: 'notifications',
  auth: { kind: 'roles', roles: ['employee'] },
  params: {
    ...commonParams,
    id: param.integer({
      position: 400,
      required: true,
      example: 120,
      description: 'PlanoCore id of the notification.',
    }),
  },
  reply: field.object({ notification: notificationField }),
  handler: async (input, ctx) => {
    await ctx.db
      .updateTable('notifications')
      .set({ acknowledged_by: ctx.auth.userId, acknowledged_at: ctx.clock.now() })
      .where('id', '=', input.id)
      .where('acknowledged_at', 'is', null)
      .execute();
    const row = await notificationQuery(ctx.db).where('n.id', '=', input.id).executeTakeFirst();
    if (!row) throw ApiError.invalidParam('id', 'id is not a notification');
    return { notification: render(row) };
  },
});

export const notificationRoutes = [listNotificationsRoute, acknowledgeNotificationRoute];
