import { sql, type Kysely } from 'kysely';

// Frozen here, not imported: this migration must create the same schema whatever the code's lists
// become. A new value needs a new migration (test/db/frozen-literals.test.ts checks they agree).
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
const TOUR_STATUSES = ['draft', 'published', 'archived', 'canceled'];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tours')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in (${list(TOUR_STATUSES)})`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('tours_client_id_idx').on('tours').column('client_id').execute();
  await db.schema
    .createTable('orders')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('tour_id', 'integer', (c) => c.references('tours.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('new_request')
        .check(sql`status in (${list(ORDER_STATUSES)})`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('orders_client_id_idx').on('orders').column('client_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('orders').execute();
  await db.schema.dropTable('tours').execute();
}
