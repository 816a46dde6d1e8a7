import { scopeToCaller } from '../access/scope.js';
import { commonParams } from '../auth/params.js';
import { pageField, paginate, paginationParams } from '../protocol/pagination.js';
import { param } from '../protocol/params.js';
import { defineRoute } from '../protocol/route.js';
import { cancelationField, cancelationView } from './records.js';
import { CANCELABLE_TYPES } from './tables.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const listCancelations = defineRoute({
  method: 'GET',
  path: '/api/v1/cancelations/list',
  title: 'List Cancelations',
  purpose:
    'Lists cancelations, newest cancel first, filtered by canceled record, active, reason and date range, a page at a time (`data.results`, `data.pagination`). Clients see their own records’ cancelations, liaisons their clients’, employees all.',
  service: 'cancelations',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    cancelable_type: param.string({
      position: 400,
      possibleValues: CANCELABLE_TYPES,
      example: 'order',
      description: 'Only cancelations of this type of record.',
    }),
    cancelable_id: param.integer({
      position: 400,
      requires: ['cancelable_type'],
      example: 1042,
      description: 'Only cancelations of this record: its whole cancel history.',
    }),
    reason_id: param.integer({
      position: 500,
      example: 3,
      description: 'Only cancelations with this reason.',
    }),
    reason_slug: param.string({
      position: 600,
      maxLength: 100,
      example: 'client-request',
      description: 'Only cancelations with the reason of this slug.',
    }),
    active: param.boolean({
      position: 1500,
      example: true,
      description: 'true: only standing cancelations; false: only reinstated ones. Both when absent.',
    }),
    canceled_from: param.datetimeOrDate({
      position: 1600,
      shownAs: 'string',
      example: '2025-12-01',
      description: 'Only cancelations canceled at or after this moment; a date counts from 00:00 UTC.',
    }),
    canceled_to: param.datetimeOrDate({
      position: 1700,
      shownAs: 'string',
      notBefore: 'canceled_from',
      example: '2025-12-31',
      description:
        'Only cancelations canceled at or before this moment; a date includes that whole day (UTC).',
    }),
    client_id: param.integer({
      position: 1800,
      example: 311,
      description: 'Only cancelations of this client’s records.',
    }),
    ...paginationParams({ position: 1900, noun: 'cancelations' }),
  },
  statuses: ['role-required'],
  reply: pageField(cancelationField),
  handler: async (input, ctx) => {
    const from = input.canceled_from?.at;
    const to = input.canceled_to;
    const filtered = scopeToCaller(
      ctx.db.selectFrom('cancelations as c').leftJoin('cancelation_reasons as r', 'r.id', 'c.reason_id'),
      ctx.auth,
      'c.client_id',
    )
      .$if(input.cancelable_type !== undefined, (q) =>
        q.where('c.cancelable_type', '=', input.cancelable_type!),
      )
      .$if(input.cancelable_id !== undefined, (q) => q.where('c.cancelable_id', '=', input.cancelable_id!))
      .$if(input.reason_id !== undefined, (q) => q.where('c.reason_id', '=', input.reason_id!))
      .$if(input.reason_slug !== undefined, (q) => q.where('r.slug', '=', input.reason_slug!))
      .$if(input.active !== undefined, (q) => q.where('c.active', '=', input.active!))
      .$if(input.client_id !== undefined, (q) => q.where('c.client_id', '=', input.client_id!))
      .$if(from !== undefined, (q) => q.where('c.canceled_at', '>=', from!))
      .$if(to !== undefined, (q) =>
        to!.dateOnly
          ? q.where('c.canceled_at', '<', new Date(to!.at.getTime() + DAY_MS))
          : q.where('c.canceled_at', '<=', to!.at),
      );

    return paginate(
      filtered,
      input,
      (q) =>
        q
          .selectAll('c')
          .select('r.slug as reason_slug')
          .orderBy('c.canceled_at', 'desc')
          .orderBy('c.id', 'desc'),
      cancelationView,
    );
  },
});
