import { sql, type Kysely } from 'kysely';

/**
 * One home for a line item's price: what checkout kept in `line_item_prices` (service, quantity,
 * price, primary, previous order) moves into the line item's own columns, which orders/read sums.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('line_items')
    .addColumn('previous_order_id', 'integer', (c) => c.references('orders.id'))
    .execute();
  await sql`
    update line_items as li
       set service_id = lp.service_id,
           service_name = s.name,
           service_description = s.description,
           quantity = lp.quantity,
           price = lp.price_cents,
           base_price = lp.price_cents,
           service_type_primary = lp."primary",
           previous_order_id = lp.previous_order_id
      from line_item_prices as lp
      join services as s on s.id = lp.service_id
     where lp.line_item_id = li.id`.execute(db);
  await db.schema.dropTable('line_item_prices').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('line_item_prices')
    .addColumn('line_item_id', 'integer', (c) => c.primaryKey().references('line_items.id'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('price_cents', 'bigint', (c) => c.notNull().check(sql`price_cents between 0 and 999999999999`))
    .addColumn('primary', 'boolean', (c) => c.notNull())
    .addColumn('previous_order_id', 'integer', (c) => c.references('orders.id'))
    .execute();
  await sql`
    insert into line_item_prices (line_item_id, service_id, quantity, price_cents, "primary", previous_order_id)
    select li.id, li.service_id, li.quantity, coalesce(li.base_price, li.price), li.service_type_primary,
           li.previous_order_id
      from line_items as li
      join services as s on s.id = li.service_id`.execute(db);
  await db.schema.alterTable('line_items').dropColumn('previous_order_id').execute();
}
