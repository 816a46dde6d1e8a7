/**
 * The one read of an order as replies show it: its fields, its line items and appointments, its
 * stage history and its total. Routes that answer `data.order` (or list orders) go through here,
 * so a new part of an order (prices, appointment times) is added in one place.
 */
import { sql, type Kysely } from 'kysely';
import { orderStageField } from '../order-stages/records.js';
import { stagesOf } from '../order-stages/records.js';
import { renderMoney, type Cents } from '../protocol/money.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import { APPOINTMENT_STATUSES, LINE_ITEM_STATUSES, ORDER_STATUSES } from './tables.js';

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

const lineItemField = field.object({
  id: field.integer({ example: 7001 }),
  order_id: field.integer({ example: 1042 }),
  description: field.string({ example: 'Photo package (25 photos)' }),
  status: field.string({ possibleValues: LINE_ITEM_STATUSES, example: 'pending' }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
});

const appointmentField = field.object({
  id: field.integer({ example: 880 }),
  order_id: field.integer({ example: 1042 }),
  starts_at: field.datetime({ nullable: true, description: 'null while the appointment is only requested.' }),
  status: field.string({ possibleValues: APPOINTMENT_STATUSES, example: 'scheduled' }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
});

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
  line_items: field.list(lineItemField, { description: 'Every line item, oldest first.' }),
  total_price: field.money({
    example: 349.5,
    description: 'The sum of the prices of the line items that are not canceled (exact, two places).',
  }),
};

/** An order as `orders/list` shows it: its fields, line items and total. */
export const orderListItemField = field.object(orderFields);

/** An order as `orders/read` and `orders/create` show it: also appointments and stages. */
export const orderField = field.object({
  ...orderFields,
  appointments: field.list(appointmentField, { description: 'Every appointment, by start.' }),
  stages: field.list(orderStageField, { description: 'The stage history, oldest first.' }),
});

type LineItemReply = NonNullable<(typeof lineItemField)['__value']>;
type ListItemReply = NonNullable<(typeof orderListItemField)['__value']>;
type OrderReply = NonNullable<(typeof orderField)['__value']>;

/** Line items of these orders, by order, oldest first (one query). */
async function lineItemsOf(db: Kysely<Database>, orderIds: readonly number[]) {
  const byOrder = new Map<number, LineItemReply[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .selectFrom('line_items')
    .select(['id', 'order_id', 'description', 'status', 'created_at', 'updated_at'])
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const items = byOrder.get(row.order_id) ?? [];
    items.push({
      ...row,
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    });
    byOrder.set(row.order_id, items);
  }
  return byOrder;
}

/**
 * The total of an order's line items in cents. Line items carry no price yet (the line-items
 * routes add one); until then every order totals 0.00. The sum of the active items' prices goes here.
 */
function totalCents(_items: readonly LineItemReply[]): Cents {
  return 0;
}

function orderBase(row: OrderRow, items: LineItemReply[]): ListItemReply {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    line_items: items,
    total_price: renderMoney(totalCents(items)),
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
  return rows.map((row) => orderBase(row, items.get(row.id) ?? []));
}

/** One order as `orders/read` shows it. */
export async function orderView(db: Kysely<Database>, row: OrderRow): Promise<OrderReply> {
  const [items, appointments, stages] = await Promise.all([
    lineItemsOf(db, [row.id]),
    db
      .selectFrom('appointments')
      .select(['id', 'order_id', 'starts_at', 'status', 'created_at', 'updated_at'])
      .where('order_id', '=', row.id)
      .orderBy('starts_at')
      .orderBy('id')
      .execute(),
    stagesOf(db, row.id),
  ]);
  return {
    ...orderBase(row, items.get(row.id) ?? []),
    appointments: appointments.map((a) => ({
      ...a,
      starts_at: a.starts_at?.toISOString() ?? null,
      created_at: a.created_at.toISOString(),
      updated_at: a.updated_at.toISOString(),
    })),
    stages,
  };
}
