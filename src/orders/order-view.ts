/**
 * The one read of an order as replies show it: its fields, its line items and appointments, its
 * stage history and its total. Routes that answer `data.order` (or list orders) go through here,
 * so a new part of an order (prices, appointment times) is added in one place.
 */
import { sql, type Kysely } from 'kysely';
import { orderStageField, stagesOf } from '../order-stages/records.js';
import { appointmentField, appointmentView } from '../appointments/records.js';
import { byOrderId, lineItemField, lineItemView, totalCents } from '../line-items/records.js';
import { renderMoney, type Cents } from '../protocol/money.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import { ORDER_STATUSES } from './tables.js';

/** The order's own columns (on `orders as o`), `due_date` as `YYYY-MM-DD` text. */
export const ORDER_COLUMNS = [
  'o.id',
  'o.client_id',
  'o.tour_id',
  'o.address',
  'o.status',
  'o.notes',
  sql<string | null>`to_char(o.due_date, 'YYYY-MM-DD')`.as('due_date'),
  'o.delivery_rush',
  'o.created_at',
  'o.updated_at',
] as const;

function orderQuery(db: Kysely<Database>) {
  return db.selectFrom('orders as o').select(ORDER_COLUMNS);
}
export type OrderRow = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>;

export async function findOrder(db: Kysely<Database>, id: number): Promise<OrderRow | undefined> {
  return orderQuery(db).where('o.id', '=', id).executeTakeFirst();
}

const orderFields = {
  id: field.integer({ example: 1042 }),
  client_id: field.integer({ example: 311 }),
  tour_id: field.integer({ nullable: true, example: 118 }),
  address: field.string({ example: '12 Harbor Lane, Portland, ME 04101' }),
  status: field.string({ possibleValues: ORDER_STATUSES, example: 'new_request' }),
  notes: field.string({ nullable: true, example: 'Lockbox on the side door.' }),
  due_date: field.date({ nullable: true, example: '2026-01-12' }),
  delivery_rush: field.boolean({ example: false }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
  line_items: field.list(lineItemField, { description: 'Every line item, oldest first, with its price.' }),
  total_price: field.money({
    example: 349.5,
    description: 'The sum of the prices of the line items that are not canceled (exact, two places).',
  }),
};

/** An order as `orders/list` shows it: its fields, line items and total. */
export const orderListItemField = field.object(orderFields);

/** The fields of an order as `orders/read` shows it (checkout's reply adds its own to these). */
export const orderReadFields = {
  ...orderFields,
  appointments: field.list(appointmentField, { description: 'Every appointment, by start.' }),
  stages: field.list(orderStageField, { description: 'The stage history, oldest first.' }),
};

/** An order as `orders/read` and `orders/create` show it: also appointments and stages. */
export const orderField = field.object(orderReadFields);

type LineItemReply = ReturnType<typeof lineItemView>;
type ListItemReply = NonNullable<(typeof orderListItemField)['__value']>;
type OrderReply = NonNullable<(typeof orderField)['__value']>;

/** Line items of these orders, by order, oldest first, and their totals (one query for any number). */
async function lineItemsOf(db: Kysely<Database>, orderIds: readonly number[]) {
  const byOrder = new Map<number, LineItemReply[]>();
  const totals = new Map<number, Cents>();
  if (orderIds.length === 0) return { byOrder, totals };
  const rows = await db
    .selectFrom('line_items')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('id')
    .execute();
  for (const [orderId, items] of byOrderId(rows)) {
    byOrder.set(orderId, items.map(lineItemView));
    totals.set(orderId, totalCents(items));
  }
  return { byOrder, totals };
}

function orderBase(
  row: OrderRow,
  { byOrder, totals }: Awaited<ReturnType<typeof lineItemsOf>>,
): ListItemReply {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    line_items: byOrder.get(row.id) ?? [],
    total_price: renderMoney(totals.get(row.id) ?? 0),
  };
}

/** Orders as `orders/list` shows them (their line items in one more query). */
export async function orderListViews(
  db: Kysely<Database>,
  rows: readonly OrderRow[],
): Promise<ListItemReply[]> {
  const items = await lineItemsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => orderBase(row, items));
}

/** One order as `orders/read` shows it; its appointments' times rendered in the office time zone. */
export async function orderView(
  db: Kysely<Database>,
  row: OrderRow,
  officeTimeZone: string,
): Promise<OrderReply> {
  const [items, appointments, stages] = await Promise.all([
    lineItemsOf(db, [row.id]),
    db
      .selectFrom('appointments')
      .selectAll()
      .where('order_id', '=', row.id)
      .orderBy(sql`starts_at nulls last`)
      .orderBy('id')
      .execute(),
    stagesOf(db, row.id),
  ]);
  return {
    ...orderBase(row, items),
    appointments: appointments.map((a) => appointmentView(a, officeTimeZone)),
    stages,
  };
}
