import { clientToActFor } from '../access/may-act-for.js';
import { scopeToCaller } from '../access/scope.js';
import { visibleRecord } from '../access/visibility.js';
import { commonParams } from '../auth/params.js';
import { pageField, paginate, paginationParams } from '../protocol/pagination.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { orderRef } from './access.js';
import {
  findOrder,
  ORDER_COLUMNS,
  orderField,
  orderListItemField,
  orderListViews,
  orderView,
} from './order-view.js';
import { createOrder } from './service.js';
import { ORDER_STATUSES } from './tables.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ORDER_VIEWS = ['default'] as const;
const viewParam = (position: number) =>
  param.string({
    position,
    possibleValues: ORDER_VIEWS,
    default: 'default',
    example: 'default',
    description: 'Shape of the returned order.',
  });
const orderReply = field.object({ order: orderField });

export const createOrderRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/orders/create',
  title: 'Orders Create API',
  purpose:
    'Creates an order for a client in `new_request`, with the first row of its stage history. Employees create orders for any client, liaisons for their clients. The address is the one given, else the tour’s.',
  service: 'orders',
  auth: { kind: 'roles', roles: ['employee', 'liaison'] },
  params: {
    ...commonParams,
    client_id: param.integer({
      position: 400,
      required: true,
      example: 311,
      description: 'The client the order is for.',
    }),
    tour_id: param.integer({
      position: 500,
      example: 118,
      description: 'The tour (property) the order is for; one of the client’s tours.',
    }),
    address: param.string({
      position: 600,
      maxLength: 1_000,
      example: '48 Elm Street, Portland, ME 04101',
      description: 'Where the shoot is; required without tour_id, the tour’s address otherwise.',
    }),
    notes: param.string({
      position: 700,
      maxLength: 1_000,
      example: 'Lockbox on the side door.',
      description: 'Order notes, shown to the photographer on site.',
    }),
    due_date: param.date({ position: 800, example: '2026-01-12', description: 'When the media are due.' }),
    delivery_rush: param.boolean({
      position: 900,
      default: false,
      example: false,
      description: 'Rush delivery.',
    }),
    view: viewParam(1000),
  },
  statuses: ['client-access-denied', 'role-required'],
  reply: orderReply,
  handler: async (input, ctx) => {
    await clientToActFor(ctx.db, ctx.auth, input.client_id);
    const row = await createOrder(serviceContext(ctx), input);
    return { order: await orderView(ctx.db, row, ctx.config.appointments.officeTimeZone) };
  },
});

export const readOrderRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/orders/read',
  title: 'Orders Read API',
  purpose:
    'Returns one order with its line items, appointments, stage history (oldest first) and total price. Clients read their own orders, liaisons their clients’, employees all; another client’s order answers like one that does not exist.',
  service: 'orders',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 1042, description: 'Id of the order.' }),
    view: viewParam(500),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: orderReply,
  handler: async ({ id }, ctx) => {
    const row = await visibleRecord(
      ctx.db,
      ctx.auth,
      await findOrder(ctx.db, id),
      (o) => o.client_id,
      orderRef(id),
    );
    return { order: await orderView(ctx.db, row, ctx.config.appointments.officeTimeZone) };
  },
});

export const listOrdersRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/orders/list',
  title: 'Orders List API',
  purpose:
    'Lists orders with their line items and totals, newest first, a page at a time (`data.results`, `data.pagination`), filtered by client, tour, status and when they were created. Clients see their own orders, liaisons their clients’, employees all.',
  service: 'orders',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    client_id: param.integer({ position: 400, example: 311, description: 'Only this client’s orders.' }),
    tour_id: param.integer({ position: 500, example: 118, description: 'Only the orders of this tour.' }),
    status: param.string({
      position: 600,
      possibleValues: ORDER_STATUSES,
      example: 'scheduling',
      description: 'Only orders in this status.',
    }),
    created_from: param.datetimeOrDate({
      position: 700,
      shownAs: 'string',
      example: '2026-01-01',
      description: 'Only orders created at or after this moment; a date counts from 00:00 UTC.',
    }),
    created_to: param.datetimeOrDate({
      position: 800,
      shownAs: 'string',
      notBefore: 'created_from',
      example: '2026-01-31',
      description: 'Only orders created at or before this moment; a date includes that whole day (UTC).',
    }),
    view: viewParam(900),
    ...paginationParams({ position: 1000, noun: 'orders' }),
  },
  statuses: ['role-required'],
  reply: pageField(orderListItemField),
  handler: async (input, ctx) => {
    const from = input.created_from?.at;
    const to = input.created_to;
    const filtered = scopeToCaller(ctx.db.selectFrom('orders as o'), ctx.auth, 'o.client_id')
      .$if(input.client_id !== undefined, (q) => q.where('o.client_id', '=', input.client_id!))
      .$if(input.tour_id !== undefined, (q) => q.where('o.tour_id', '=', input.tour_id!))
      .$if(input.status !== undefined, (q) => q.where('o.status', '=', input.status!))
      .$if(from !== undefined, (q) => q.where('o.created_at', '>=', from!))
      .$if(to !== undefined, (q) =>
        to!.dateOnly
          ? q.where('o.created_at', '<', new Date(to!.at.getTime() + DAY_MS))
          : q.where('o.created_at', '<=', to!.at),
      );
    const page = await paginate(filtered, input, (q) =>
      q.select(ORDER_COLUMNS).orderBy('o.created_at', 'desc').orderBy('o.id', 'desc'),
    );
    return { ...page, results: await orderListViews(ctx.db, page.results) };
  },
});

export const orderRoutes = [createOrderRoute, readOrderRoute, listOrdersRoute];
