import type { Kysely, Selectable } from 'kysely';
import { LINE_ITEM_STATUSES } from '../orders/tables.js';
import type { Cents } from '../protocol/money.js';
import { renderMoney } from '../protocol/money.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import { ITEMABLE_TYPES, type LineItemTables } from './tables.js';

export type LineItemRow = Selectable<LineItemTables['line_items']>;

/** A line item counts in its order's total unless it is canceled. */
export const INACTIVE_LINE_ITEM_STATUS = 'canceled';

/** An order's total_price in cents: the exact sum of its active line items' prices. */
export async function orderTotalCents(db: Kysely<Database>, orderId: number): Promise<Cents> {
  return (await orderTotalsCents(db, [orderId])).get(orderId) ?? 0;
}

/** The total_price in cents of each of these orders (one query); 0 without items. */
export async function orderTotalsCents(
  db: Kysely<Database>,
  orderIds: readonly number[],
): Promise<Map<number, Cents>> {
  const totals = new Map<number, Cents>(orderIds.map((id) => [id, 0]));
  if (orderIds.length === 0) return totals;
  const rows = await db
    .selectFrom('line_items')
    .select(['order_id', 'status', 'price'])
    .where('order_id', 'in', orderIds)
    .execute();
  for (const [orderId, items] of byOrderId(rows)) totals.set(orderId, totalCents(items));
  return totals;
}

/** Rows grouped by their order, in the rows' order (Map.groupBy needs Node 21). */
export function byOrderId<R extends { readonly order_id: number }>(rows: readonly R[]): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const row of rows) {
    const group = groups.get(row.order_id);
    if (group) group.push(row);
    else groups.set(row.order_id, [row]);
  }
  return groups;
}

/**
 * The rule itself, pure: an order's total is the exact sum (integer cents) of the prices of its
 * items not canceled. Reads that already hold the items (orders/read, orders/list) call it on them.
 */
export function totalCents(items: readonly Pick<LineItemRow, 'status' | 'price'>[]): Cents {
  let total = 0;
  for (const item of items) if (item.status !== INACTIVE_LINE_ITEM_STATUS) total += item.price;
  return total;
}

const moneyField = (example: number | null) => field.money({ nullable: true, example });

/** The declared reply shape of `lineItemView`. */
export const lineItemField = field.object({
  id: field.integer({ example: 57 }),
  order_id: field.integer({ example: 2, description: 'The order whose total it counts in.' }),
  itemable_type: field.string({ possibleValues: ITEMABLE_TYPES, example: 'order' }),
  itemable_id: field.integer({ example: 2 }),
  sourceable_type: field.string({
    nullable: true,
    example: null,
    description: '`cancelation` for a cancelation fee (then sourceable_id is the cancelation).',
  }),
  sourceable_id: field.integer({ nullable: true, example: null }),
  key: field.string({ nullable: true, example: 'order-2-photos' }),
  status: field.string({ possibleValues: LINE_ITEM_STATUSES, example: 'pending' }),
  active: field.boolean({ example: true, description: 'Counts in the order’s total (not canceled).' }),
  description: field.string({ example: 'Photos (25)' }),
  service_id: field.integer({ nullable: true, example: 4 }),
  service_name: field.string({ nullable: true, example: 'Photos (25)' }),
  service_description: field.string({ nullable: true, example: '25 edited photos' }),
  group_name: field.string({ nullable: true, example: 'photoplan' }),
  service_type_primary: field.boolean({ example: true }),
  quantity: field.integer({ example: 1 }),
  instructions: field.string({ nullable: true, example: 'Include the backyard.' }),
  price: field.money({ example: 249.5 }),
  base_price: moneyField(249.5),
  unit_price: moneyField(249.5),
  gross_price: moneyField(249.5),
  net_price: moneyField(224.55),
  base_price_final: moneyField(249.5),
  unit_price_final: moneyField(224.55),
  discount: moneyField(24.95),
  discount_applied_percent: field.number({ nullable: true, example: 10 }),
  updated_in: field.string({ nullable: true, example: 'planoorder' }),
  updated_at_fm: field.string({ nullable: true, example: '01/05/2026 09:30:00' }),
  processed_at: field.datetime({ nullable: true }),
  previous_order_id: field.integer({
    nullable: true,
    example: null,
    description: 'The earlier order of the client it was ordered on top of (a checkout add-on).',
  }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
});

const cents = (value: Cents | null) => (value === null ? null : renderMoney(value));

/** The line item as the API returns it, amounts as exact decimals. */
export function lineItemView(row: LineItemRow) {
  return {
    id: row.id,
    order_id: row.order_id,
    itemable_type: row.itemable_type,
    itemable_id: row.itemable_id,
    sourceable_type: row.sourceable_type,
    sourceable_id: row.sourceable_id,
    key: row.key,
    status: row.status,
    active: row.status !== INACTIVE_LINE_ITEM_STATUS,
    description: row.description,
    service_id: row.service_id,
    service_name: row.service_name,
    service_description: row.service_description,
    group_name: row.group_name,
    service_type_primary: row.service_type_primary,
    quantity: row.quantity,
    instructions: row.instructions,
    price: renderMoney(row.price),
    base_price: cents(row.base_price),
    unit_price: cents(row.unit_price),
    gross_price: cents(row.gross_price),
    net_price: cents(row.net_price),
    base_price_final: cents(row.base_price_final),
    unit_price_final: cents(row.unit_price_final),
    discount: cents(row.discount),
    discount_applied_percent:
      row.discount_applied_percent === null ? null : Number(row.discount_applied_percent),
    updated_in: row.updated_in,
    updated_at_fm: row.updated_at_fm,
    processed_at: row.processed_at?.toISOString() ?? null,
    previous_order_id: row.previous_order_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
