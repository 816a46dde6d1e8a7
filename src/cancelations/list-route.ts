import { scopeToCaller } from '../access/scope.js';
import { commonParams } from '../auth/params.js';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { defineRoute } from '../protocol/route.js';
import { parseTimestampOrDate } from '../protocol/timestamps.js';
import { cancelationView } from './records.js';
import { CANCELABLE_TYPES } from './tables.js';

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

export const listCancelations = defineRoute({
  method: 'GET',
  path: '/api/v1/cancelations/list',
  title: 'List Cancelations',
  purpose:
    'Lists cancelations, newest cancel first, filtered by canceled record, active, reason and date range, a page at a time. Clients see their own records’ cancelations, liaisons their clients’, employees all.',
  service: 'cancelations',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    cancelable_type: param.string({
      position: 400,
      possibleValues: CANCELABLE_TYPES,
      description: 'Only cancelations of this type of record.',
    }),
    cancelable_id: param.integer({
      position: 400,
      description: 'Only cancelations of this record (with cancelable_type): its whole cancel history.',
    }),
    reason_id: param.integer({ position: 500, description: 'Only cancelations with this reason.' }),
    reason_slug: param.string({
      position: 600,
      description: 'Only cancelations with the reason of this slug.',
    }),
    active: param.boolean({
      position: 1500,
      description: 'true: only standing cancelations; false: only reinstated ones. Both when absent.',
    }),
    canceled_from: param.string({
      position: 1600,
      description:
        'Only cancelations canceled at or after this moment: a date (2026-01-05, from 00:00 UTC) or ISO 8601 timestamp.',
    }),
    canceled_to: param.string({
      position: 1700,
      description:
        'Only cancelations canceled at or before this moment: a date (the whole day, UTC) or ISO 8601 timestamp.',
    }),
    client_id: param.integer({ position: 1800, description: 'Only cancelations of this client’s records.' }),
    page: param.integer({ position: 1900, description: 'Page number, from 1 (default 1).' }),
    per_page: param.integer({
      position: 2000,
      description: `Cancelations per page, 1 to ${MAX_PER_PAGE} (default ${DEFAULT_PER_PAGE}).`,
    }),
  },
  statuses: ['role-required'],
  handler: async (input, ctx) => {
    const page = input.page ?? 1;
    const perPage = input.per_page ?? DEFAULT_PER_PAGE;
    const errors = [
      ...(page < 1 ? [['page', 'page must be 1 or more']] : []),
      ...(perPage < 1 || perPage > MAX_PER_PAGE
        ? [['per_page', `per_page must be 1 to ${MAX_PER_PAGE}`]]
        : []),
      ...(input.cancelable_id !== undefined && input.cancelable_type === undefined
        ? [['cancelable_id', 'cancelable_id needs cancelable_type']]
        : []),
    ].map(([p, message]) => ({ param: p!, status: 'invalid-param' as const, message: message! }));
    if (errors.length > 0)
      throw new ApiError('invalid-param', errors.map((e) => e.message).join('; '), errors);
    const from = input.canceled_from
      ? parseTimestampOrDate('canceled_from', input.canceled_from).at
      : undefined;
    const to = input.canceled_to ? parseTimestampOrDate('canceled_to', input.canceled_to) : undefined;
    if (from && to && from.getTime() > to.at.getTime()) {
      throw ApiError.invalidParam('canceled_to', 'canceled_to must not be before canceled_from');
    }

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

    const [{ total }, rows] = await Promise.all([
      filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      filtered
        .selectAll('c')
        .select('r.slug as reason_slug')
        .orderBy('c.canceled_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute(),
    ]);
    return {
      cancelations: rows.map(cancelationView),
      pagination: { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) },
    };
  },
});
