import { recordChange } from '../audit/trail.js';
import { commonParams } from '../auth/params.js';
import { reasonField, reasonView } from '../cancelations/reasons.js';
import { CANCELABLE_TYPES, type CancelableType } from '../cancelations/tables.js';
import { APPOINTMENT_STATUSES, LINE_ITEM_STATUSES, ORDER_STATUSES, TOUR_STATUSES } from '../orders/tables.js';
import type { Database } from '../schema.js';
import type { Kysely } from 'kysely';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { ADMIN_AUTH, ADMIN_SERVICE, unknownId } from './common.js';

const typesParam = <R extends boolean>(required: R) =>
  param.array({
    position: 600,
    required,
    minItems: 1,
    maxItems: CANCELABLE_TYPES.length,
    items: param.string({ position: 1, possibleValues: CANCELABLE_TYPES }),
    example: ['order', 'appointment'],
    description: 'The record types the reason may be given for.',
  });

const textParam = <R extends boolean>(required: R) =>
  param.string({
    position: 500,
    required,
    minLength: 1,
    maxLength: 500,
    example: 'The listing was sold before the shoot.',
    description: 'The reason as people read it.',
  });

const slugParam = <R extends boolean>(required: R) =>
  param.string({
    position: 450,
    required,
    format: 'slug',
    maxLength: 60,
    example: 'listing-sold',
    description: 'The reason’s slug (`reason_slug` of cancelations); unique.',
  });

async function assertSlugFree(db: Kysely<Database>, slug: string, exceptId: number | null): Promise<void> {
  const taken = await db
    .selectFrom('cancelation_reasons')
    .select('id')
    .where('slug', '=', slug)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  if (taken) throw ApiError.invalidParam('slug', `slug ${slug} is taken by reason ${taken.id}`);
}

/** The audited fields of a reason. */
const auditedReason = (r: ReturnType<typeof reasonView>) => ({
  slug: r.slug,
  text: r.text,
  applicable_types: r.applicable_types,
  active: r.active,
});

export const createCancelationReason = defineRoute({
  method: 'POST',
  path: '/api/v1/cancelation_reasons/create',
  title: 'Create Cancelation Reason',
  purpose:
    'Adds a reason cancelations may give (by `reason_id` or `reason_slug`). Reasons are never deleted; retire one with `active: false`. Kept in the audit trail.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    slug: slugParam(true),
    text: textParam(true),
    applicable_types: typesParam(true),
    active: param.boolean({
      position: 700,
      default: true,
      example: true,
      description: 'false creates it retired.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ cancelation_reason: reasonField }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      await assertSlugFree(trx, input.slug, null);
      const row = await trx
        .insertInto('cancelation_reasons')
        .values({
          slug: input.slug,
          text: input.text,
          applicable_types: [...new Set(input.applicable_types)] as CancelableType[],
          active: input.active,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = reasonView(row);
      await recordChange(trx, ctx.auth, {
        entityType: 'cancelation_reason',
        entityId: row.id,
        action: 'create',
        before: null,
        after: auditedReason(view),
        at: now,
      });
      return { cancelation_reason: view };
    });
  },
});

export const updateCancelationReason = defineRoute({
  method: 'POST',
  path: '/api/v1/cancelation_reasons/update',
  title: 'Update Cancelation Reason',
  purpose:
    'Changes a reason’s slug, text or types, retires it (`active: false`) or brings it back. Cancelations that named a retired reason keep it. Kept in the audit trail.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 3, description: 'Id of the reason.' }),
    slug: slugParam(false),
    text: textParam(false),
    applicable_types: typesParam(false),
    active: param.boolean({ position: 700, example: false, description: 'false retires the reason.' }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    cancelation_reason: reasonField,
    changed: field.list(field.string({ example: 'active' }), { description: 'The fields that changed.' }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('cancelation_reasons')
        .selectAll()
        .where('id', '=', input.id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw unknownId('a cancelation reason', input.id);
      const before = auditedReason(reasonView(row));
      const after = {
        slug: input.slug ?? before.slug,
        text: input.text ?? before.text,
        applicable_types: input.applicable_types
          ? ([...new Set(input.applicable_types)] as CancelableType[])
          : before.applicable_types,
        active: input.active ?? before.active,
      };
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
        (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]),
      );
      if (changed.length === 0) return { cancelation_reason: reasonView(row), changed: [] };
      if (changed.includes('slug')) await assertSlugFree(trx, after.slug, row.id);
      const updated = await trx
        .updateTable('cancelation_reasons')
        .set(after)
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordChange(trx, ctx.auth, {
        entityType: 'cancelation_reason',
        entityId: row.id,
        action: 'update',
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        at: now,
      });
      return { cancelation_reason: reasonView(updated), changed };
    });
  },
});

/** The statuses each cancelable type can be in, as the update route's params declare them. */
const STATUSES_OF = {
  order: ORDER_STATUSES,
  tour: TOUR_STATUSES,
  appointment: APPOINTMENT_STATUSES,
  line_item: LINE_ITEM_STATUSES,
} as const satisfies Record<CancelableType, readonly string[]>;

const statusListField = (type: CancelableType) =>
  field.list(field.string({ possibleValues: STATUSES_OF[type], example: STATUSES_OF[type][0] }), {
    description: `The ${type} statuses in which a client may cancel their own ${type}.`,
  });

const cancelableStatusesField = field.object({
  order: statusListField('order'),
  tour: statusListField('tour'),
  appointment: statusListField('appointment'),
  line_item: statusListField('line_item'),
});

type StatusSets = Record<CancelableType, string[]>;

async function statusSets(db: Kysely<Database>): Promise<StatusSets> {
  const rows = await db
    .selectFrom('cancelable_statuses')
    .select(['cancelable_type', 'status'])
    .orderBy('cancelable_type')
    .orderBy('status')
    .execute();
  const sets: StatusSets = { order: [], tour: [], appointment: [], line_item: [] };
  for (const row of rows) sets[row.cancelable_type].push(row.status);
  return sets;
}

export const listCancelableStatuses = defineRoute({
  method: 'GET',
  path: '/api/v1/cancelable_statuses/list',
  title: 'List Cancelable Statuses',
  purpose:
    'The statuses in which a client may cancel their own order, tour, appointment or line item (`status-not-cancelable` otherwise). Employees may cancel in any status.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: { ...commonParams },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ cancelable_statuses: cancelableStatusesField }),
  handler: async (_input, ctx) => ({ cancelable_statuses: await statusSets(ctx.db) }),
});

const statusesParam = (type: CancelableType, position: number) =>
  param.array({
    position,
    maxItems: STATUSES_OF[type].length,
    items: param.string({ position: 1, possibleValues: STATUSES_OF[type] }),
    example: [...STATUSES_OF[type].slice(0, 2)],
    description: `The ${type} statuses in which a client may cancel (replaces the list; \`[]\`: never).`,
  });

export const updateCancelableStatuses = defineRoute({
  method: 'POST',
  path: '/api/v1/cancelable_statuses/update',
  title: 'Update Cancelable Statuses',
  purpose:
    'Sets the statuses in which clients may cancel, per record type: each list given replaces that type’s; types not given keep theirs. Kept in the audit trail (one settings record, id 0).',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    order: statusesParam('order', 400),
    tour: statusesParam('tour', 500),
    appointment: statusesParam('appointment', 600),
    line_item: statusesParam('line_item', 700),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    cancelable_statuses: cancelableStatusesField,
    changed: field.list(field.string({ possibleValues: CANCELABLE_TYPES, example: 'order' }), {
      description: 'The types whose list changed.',
    }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      // One writer at a time: the settings are read, compared and rewritten as a whole.
      await trx.selectFrom('cancelable_statuses').select('status').forUpdate().execute();
      const before = await statusSets(trx);
      const after: StatusSets = { ...before };
      for (const type of CANCELABLE_TYPES) {
        const given = input[type];
        if (given !== undefined) after[type] = [...new Set<string>(given)].sort();
      }
      const changed = CANCELABLE_TYPES.filter((t) => after[t].join() !== before[t].join());
      if (changed.length === 0) return { cancelable_statuses: before, changed: [] };
      await trx.deleteFrom('cancelable_statuses').where('cancelable_type', 'in', changed).execute();
      const rows = changed.flatMap((type) =>
        after[type].map((status) => ({ cancelable_type: type, status })),
      );
      if (rows.length > 0) await trx.insertInto('cancelable_statuses').values(rows).execute();
      await recordChange(trx, ctx.auth, {
        entityType: 'cancelable_statuses',
        entityId: 0,
        action: 'update',
        before: Object.fromEntries(changed.map((t) => [t, before[t]])),
        after: Object.fromEntries(changed.map((t) => [t, after[t]])),
        at: now,
      });
      return { cancelable_statuses: after, changed };
    });
  },
});
