import { sql, type Kysely } from 'kysely';

// Frozen here, not imported (test/db/frozen-literals.test.ts checks they agree with the code's).
const ITEMABLE_TYPES = ['order', 'appointment'];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
const MONEY_CHECK = (column: string) => sql`${sql.ref(column)} between -999999999999 and 999999999999`;

/**
 * Line items as `line_items/create` takes them: polymorphic `itemable_*` (what it is on; its order
 * is `order_id`, the order whose total it counts in) and `sourceable_*` (what it came from), an
 * idempotency `key`, and exact prices in integer cents.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .alterTable('line_items')
    .addColumn('itemable_type', 'text', (c) =>
      c
        .notNull()
        .defaultTo('order')
        .check(sql`itemable_type in (${list(ITEMABLE_TYPES)})`),
    )
    .addColumn('itemable_id', 'integer')
    .addColumn('sourceable_type', 'text')
    .addColumn('sourceable_id', 'integer')
    .addColumn('key', 'text', (c) => c.unique())
    .addColumn('service_id', 'integer')
    .addColumn('service_name', 'text')
    .addColumn('service_description', 'text')
    .addColumn('group_name', 'text')
    .addColumn('service_type_primary', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('quantity', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`quantity >= 0`),
    )
    .addColumn('instructions', 'text')
    .addColumn('discount_applied_percent', 'numeric', (c) =>
      c.check(sql`discount_applied_percent between 0 and 100`),
    )
    .addColumn('updated_in', 'text')
    .addColumn('updated_at_fm', 'text')
    .addColumn('processed_at', 'timestamptz');
  for (const column of [
    'price',
    'base_price',
    'unit_price',
    'gross_price',
    'net_price',
    'base_price_final',
    'unit_price_final',
    'discount',
  ]) {
    table = table.addColumn(column, 'bigint', (c) =>
      (column === 'price' ? c.notNull().defaultTo(0) : c).check(MONEY_CHECK(column)),
    );
  }
  await table.execute();
  await sql`update line_items set itemable_id = order_id`.execute(db);
  await sql`alter table line_items alter column itemable_id set not null`.execute(db);
  // A row written without its itemable is on its order (the rows from before this migration too).
  await sql`create function line_items_default_itemable() returns trigger language plpgsql as $$
    begin
      if new.itemable_id is null then
        new.itemable_type := 'order';
        new.itemable_id := new.order_id;
      end if;
      return new;
    end
  $$`.execute(db);
  await sql`create trigger line_items_default_itemable before insert on line_items
    for each row execute function line_items_default_itemable()`.execute(db);
  await db.schema
    .createIndex('line_items_itemable_idx')
    .on('line_items')
    .columns(['itemable_type', 'itemable_id', 'id'])
    .execute();
  await db.schema
    .createIndex('line_items_sourceable_idx')
    .on('line_items')
    .columns(['sourceable_type', 'sourceable_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger line_items_default_itemable on line_items`.execute(db);
  await sql`drop function line_items_default_itemable()`.execute(db);
  await db.schema.dropIndex('line_items_sourceable_idx').execute();
  await db.schema.dropIndex('line_items_itemable_idx').execute();
  let table = db.schema.alterTable('line_items').dropColumn('itemable_type');
  for (const column of [
    'itemable_id',
    'sourceable_type',
    'sourceable_id',
    'key',
    'service_id',
    'service_name',
    'service_description',
    'group_name',
    'service_type_primary',
    'quantity',
    'instructions',
    'discount_applied_percent',
    'updated_in',
    'updated_at_fm',
    'processed_at',
    'price',
    'base_price',
    'unit_price',
    'gross_price',
    'net_price',
    'base_price_final',
    'unit_price_final',
    'discount',
  ]) {
    table = table.dropColumn(column);
  }
  await table.execute();
}
