import { eventView } from '../audit/trail.js';
import { AUDIT_ACTIONS, AUDITED_ENTITIES } from '../audit/tables.js';
import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { ADMIN_AUTH, ADMIN_SERVICE } from './common.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const auditEventField = field.object({
  id: field.integer({ example: 913 }),
  entity_type: field.string({ possibleValues: AUDITED_ENTITIES, example: 'api_route' }),
  entity_id: field.integer({ example: 12 }),
  action: field.string({ possibleValues: AUDIT_ACTIONS, example: 'undeploy' }),
  actor_user_id: field.integer({ nullable: true, example: 1, description: 'Who made the change.' }),
  acting_user_id: field.integer({ nullable: true, example: null, description: 'Who acted for them (XSO).' }),
  application: field.string({ nullable: true, example: 'planoorder' }),
  occurred_at: field.datetime(),
  before: field.json({ description: 'The changed fields before (null for a creation).' }),
  after: field.json({ description: 'The changed fields after (null for a deletion).' }),
});

export const listAuditEvents = defineRoute({
  method: 'GET',
  path: '/api/v1/audit_events/list',
  title: 'List Audit Events',
  purpose:
    'The audit trail, newest first: every change of an audited record (orders, tours, route and service switches, applications, emails resent, cancelation settings, …) with who made it, when and the changed fields before and after. Page back with `before_id` = the previous page’s `next_before_id`.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    entity_type: param.string({
      position: 400,
      possibleValues: AUDITED_ENTITIES,
      example: 'api_route',
      description: 'Only changes of this kind of record.',
    }),
    entity_id: param.integer({
      position: 500,
      requires: ['entity_type'],
      example: 12,
      description: 'Only changes of this record (with `entity_type`).',
    }),
    before_id: param.integer({
      position: 600,
      example: 913,
      description: 'Only events older than this id (the `next_before_id` of the previous page).',
    }),
    limit: param.integer({
      position: 700,
      min: 1,
      max: MAX_LIMIT,
      default: DEFAULT_LIMIT,
      example: DEFAULT_LIMIT,
      description: 'Events per page.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    audit_events: field.list(auditEventField, { description: 'Newest first.' }),
    next_before_id: field.integer({ nullable: true, example: null, description: 'null on the last page.' }),
  }),
  handler: async (input, ctx) => {
    const { limit } = input;
    const rows = await ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .$if(input.entity_type !== undefined, (q) => q.where('entity_type', '=', input.entity_type!))
      .$if(input.entity_id !== undefined, (q) => q.where('entity_id', '=', input.entity_id!))
      .$if(input.before_id !== undefined, (q) => q.where('id', '<', input.before_id!))
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return {
      audit_events: page.map((row) => ({
        ...eventView(row),
        entity_type: row.entity_type,
        entity_id: row.entity_id,
      })),
      next_before_id: rows.length > limit ? page.at(-1)!.id : null,
    };
  },
});
