import { commonParams } from '../auth/params.js';
import { cancelationField, cancelationView } from '../cancelations/records.js';
import { cancel } from '../cancelations/service.js';
import { ApiError } from '../protocol/errors.js';
import { pageField, paginate, paginationParams } from '../protocol/pagination.js';
import { renderMoney } from '../protocol/money.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { itemableIdParam, itemableTypeParam, LINE_ITEM_FIELD_PARAMS } from './params.js';
import { INACTIVE_LINE_ITEM_STATUS, lineItemField, lineItemView, orderTotalCents } from './records.js';
import { createLineItem, itemableFor, updateLineItem } from './service.js';

const sourceableParams = {
  sourceable_id: param.integer({
    position: 400,
    min: 1,
    example: 12,
    description: 'Id of what the item came from (with sourceable_type).',
  }),
  sourceable_type: param.string({
    position: 400,
    maxLength: 100,
    example: 'service_option',
    description: 'Type of what the item came from; `cancelation` marks a cancelation fee.',
  }),
  key: param.string({
    position: 400,
    maxLength: 255,
    example: 'order-2-photos',
    description:
      'Client-supplied unique key making the create idempotent: a retry with the same key on the same order or appointment returns the original item.',
  }),
};

const orderTotalField = field.money({
  example: 249.5,
  description: 'The order’s total_price after the change: the exact sum of its active line items.',
});

export const createLineItemRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/line_items/create',
  title: 'Line Items Create API',
  purpose:
    'Adds a line item (a product or fee) to an order or one of its appointments. Employees on any order, liaisons on their clients’ orders; not on a canceled order. Amounts are exact (at most two decimal places; more is invalid-param); `price` counts in the order’s total_price.',
  service: 'line_items',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison'] },
  params: {
    ...commonParams,
    itemable_type: itemableTypeParam(true),
    itemable_id: itemableIdParam(true),
    ...sourceableParams,
    ...LINE_ITEM_FIELD_PARAMS,
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    line_item: lineItemField,
    order_total_price: orderTotalField,
    replayed: field.boolean({ example: false, description: 'true when this key was used before.' }),
  }),
  handler: async (input, ctx) => {
    const { lineItem, replayed, totalCents } = await createLineItem(serviceContext(ctx), input);
    return { line_item: lineItemView(lineItem), order_total_price: renderMoney(totalCents), replayed };
  },
});

export const updateLineItemRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/line_items/update',
  title: 'Line Items Update API',
  purpose:
    'Changes a line item: the params given change. The itemable and key never change; a canceled item changes only through its cancelation (reinstate it first). Employees, and liaisons for their clients.',
  service: 'line_items',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison'] },
  params: {
    ...commonParams,
    id: param.integer({
      position: 400,
      required: true,
      min: 1,
      example: 57,
      description: 'Id of the line item.',
    }),
    itemable_type: itemableTypeParam(false),
    itemable_id: itemableIdParam(false),
    ...sourceableParams,
    ...LINE_ITEM_FIELD_PARAMS,
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    line_item: lineItemField,
    order_total_price: orderTotalField,
    changed: field.list(field.string(), { description: 'The fields that changed.' }),
  }),
  handler: async (input, ctx) => {
    const { lineItem, changed, totalCents } = await updateLineItem(serviceContext(ctx), input);
    return { line_item: lineItemView(lineItem), order_total_price: renderMoney(totalCents), changed };
  },
});

export const listLineItemsRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/line_items/list',
  title: 'Line Items List API',
  purpose:
    'The line items of one order or appointment, oldest first, a page at a time (`data.results`, `data.pagination`). Clients see their own, liaisons their clients’, employees all; another client’s record answers as a missing one does.',
  service: 'line_items',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    itemable_type: itemableTypeParam(true),
    itemable_id: itemableIdParam(true),
    active: param.boolean({
      position: 500,
      example: true,
      description: 'true: only items that count in the total; false: only canceled ones. Both when absent.',
    }),
    ...paginationParams({ position: 600, noun: 'line items' }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: pageField(lineItemField),
  handler: async (input, ctx) => {
    await itemableFor(ctx.db, ctx.auth, input.itemable_type, input.itemable_id);
    const filtered = ctx.db
      .selectFrom('line_items')
      .where('itemable_type', '=', input.itemable_type)
      .where('itemable_id', '=', input.itemable_id)
      .$if(input.active !== undefined, (q) =>
        q.where('status', input.active ? '<>' : '=', INACTIVE_LINE_ITEM_STATUS),
      );
    return paginate(filtered, input, (q) => q.selectAll().orderBy('id'), lineItemView);
  },
});

export const destroyLineItemRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/line_items/destroy',
  title: 'Line Items Destroy API',
  purpose:
    'Takes a line item off its order’s total: it is canceled (a cancelation, with its history, that an employee can reinstate), never erased. Employees, and liaisons for their clients.',
  service: 'line_items',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison'] },
  params: {
    ...commonParams,
    id: param.integer({
      position: 400,
      required: true,
      min: 1,
      example: 57,
      description: 'Id of the line item.',
    }),
  },
  statuses: ['permission-denied', 'role-required', 'already-canceled'],
  reply: field.object({
    line_item: lineItemField,
    cancelation: cancelationField,
    order_total_price: orderTotalField,
  }),
  handler: async (input, ctx) => {
    const { cancelation } = await cancel(
      { ...serviceContext(ctx), fees: ctx.config.appointments },
      { cancelable_type: 'line_item', cancelable_id: input.id },
    ).catch((err: unknown) => {
      // The cancelation names the record `cancelable_id`; this route calls it `id`.
      if (!(err instanceof ApiError)) throw err;
      const errors = err.errors.map((e) => (e.param === 'cancelable_id' ? { ...e, param: 'id' } : e));
      throw new ApiError(err.status, err.message, errors, err.data, err.session);
    });
    const row = await ctx.db
      .selectFrom('line_items')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
    return {
      line_item: lineItemView(row),
      cancelation: cancelationView(cancelation),
      order_total_price: renderMoney(await orderTotalCents(ctx.db, row.order_id)),
    };
  },
});

export const lineItemRoutes = [
  createLineItemRoute,
  updateLineItemRoute,
  listLineItemsRoute,
  destroyLineItemRoute,
];
