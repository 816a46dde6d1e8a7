import { commonParams } from '../auth/params.js';
import { visibleRecord } from '../access/visibility.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { cancelationRef } from './access.js';
import { findCancelable } from './cancelables.js';
import { PARAM_DOCS } from './param-docs.js';
import { cancelationField, cancelationView, findCancelation, historyField, historyOf } from './records.js';
import { CANCELABLE_TYPES } from './tables.js';

export const showCancelation = defineRoute({
  method: 'GET',
  path: '/api/v1/cancelations/show',
  title: 'Show Cancelation',
  purpose:
    'Returns a cancelation with the canceled record’s current status and the full history of the cancelation (cancel, every update, reinstate: who, when, in which application, the values before and after). Clients see their own records’ cancelations, liaisons their clients’, employees all.',
  service: 'cancelations',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 87, description: PARAM_DOCS.id }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    cancelation: cancelationField,
    cancelable: field.object(
      {
        type: field.string({ possibleValues: CANCELABLE_TYPES, example: 'order' }),
        id: field.integer({ example: 1042 }),
        status: field.string({
          nullable: true,
          example: 'canceled',
          description: 'Its status now (null if the record is gone).',
        }),
      },
      { description: 'The canceled record.' },
    ),
    history: historyField,
  }),
  handler: async (input, ctx) => {
    const row = await visibleRecord(
      ctx.db,
      ctx.auth,
      await findCancelation(ctx.db, input.id),
      (c) => c.client_id,
      cancelationRef(input.id),
    );
    const target = await findCancelable(ctx.db, row.cancelable_type, row.cancelable_id);
    return {
      cancelation: cancelationView(row),
      cancelable: { type: row.cancelable_type, id: row.cancelable_id, status: target?.status ?? null },
      history: await historyOf(ctx.db, row.id),
    };
  },
});
