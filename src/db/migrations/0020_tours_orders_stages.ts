import { sql, type Kysely } from 'kysely';

/**
 * Tours get the fields of the real `tours/update` page, orders the ones `orders/create` takes, and
 * every order a stage history (`order_stages`, the real `order_stages/create`). Literals are frozen
 * here: the order statuses a stage row may name are this migration's copy.
 */
const ORDER_STATUSES = [
  'new_request',
  'ordered',
  'scheduling',
  'scheduled',
  'in_production',
  'delivered',
  'completed',
  'canceled',
];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tours')
    .addColumn('address2', 'text')
    .addColumn('city', 'text')
    .addColumn('province_iso', 'text')
    // Text, so leading zeros stay (01234).
    .addColumn('postal_code', 'text')
    .addColumn('mls_number', 'text')
    // Decimal text as the page takes it (bathrooms 2.5).
    .addColumn('bedrooms', 'text')
    .addColumn('bathrooms', 'text')
    .addColumn('sqft', 'text')
    .addColumn('price', 'text')
    .addColumn('hide_sqft', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hide_price', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('property_type', 'text')
    .addColumn('map_x', 'double precision', (c) => c.check(sql`map_x between -90 and 90`))
    .addColumn('map_y', 'double precision', (c) => c.check(sql`map_y between -180 and 180`))
    .addColumn('property_description', 'text')
    .addColumn('greeting', 'text')
    .execute();
  await db.schema
    .alterTable('orders')
    .addColumn('notes', 'text')
    .addColumn('due_date', 'date')
    .addColumn('delivery_rush', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('orders_tour_id_idx').on('orders').column('tour_id').execute();
  await db.schema.createIndex('orders_created_at_idx').on('orders').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('order_stages')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_trigger', 'text')
    .addColumn('event_slug', 'text')
    .addColumn('update_status', 'boolean', (c) => c.notNull())
    // The order's status before and after this stage (equal when update_status was false).
    .addColumn('status_before', 'text', (c) =>
      c.notNull().check(sql`status_before in (${list(ORDER_STATUSES)})`),
    )
    .addColumn('status_after', 'text', (c) =>
      c.notNull().check(sql`status_after in (${list(ORDER_STATUSES)})`),
    )
    .addColumn('stage_at', 'timestamptz', (c) => c.notNull())
    .addColumn('notified_at', 'timestamptz')
    .addColumn('notes', 'text')
    .addColumn('created_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'text')
    .addColumn('updated_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_by', 'text')
    .addColumn('appointment', 'jsonb')
    .addColumn('client', 'jsonb')
    .addColumn('order', 'jsonb')
    // Who made the request, acting for whom, in which application.
    .addColumn('actor_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('acting_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('application', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('order_stages_order_id_idx')
    .on('order_stages')
    .columns(['order_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('order_stages').execute();
  await db.schema.dropIndex('orders_created_at_idx').execute();
  await db.schema.dropIndex('orders_tour_id_idx').execute();
  await db.schema
    .alterTable('orders')
    .dropColumn('notes')
    .dropColumn('due_date')
    .dropColumn('delivery_rush')
    .execute();
  for (const column of [
    'address2',
    'city',
    'province_iso',
    'postal_code',
    'mls_number',
    'bedrooms',
    'bathrooms',
    'sqft',
    'price',
    'hide_sqft',
    'hide_price',
    'property_type',
    'map_x',
    'map_y',
    'property_description',
    'greeting',
  ]) {
    await db.schema.alterTable('tours').dropColumn(column).execute();
  }
}
