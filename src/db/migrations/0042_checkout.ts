import { sql, type Kysely } from 'kysely';

// Frozen here, not imported (test/db/frozen-literals.test.ts checks them against the code's lists).
const SUBMIT_MODES = ['authorize', 'pay'];
const SUBMISSION_STATUSES = ['pending', 'completed'];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/**
 * Promotions (and who used them), the submits of orders (one per client and key: the
 * idempotency record of a checkout) and the prices of the line items a checkout made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('promotions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('code', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`code ~ '^[A-Z0-9_-]{1,50}$'`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('percent_off', 'integer', (c) => c.check(sql`percent_off between 1 and 100`))
    .addColumn('amount_off_cents', 'bigint', (c) => c.check(sql`amount_off_cents between 1 and 999999999999`))
    .addColumn('starts_at', 'timestamptz')
    .addColumn('ends_at', 'timestamptz')
    .addColumn('designation_id', 'integer')
    .addColumn('once_per_user', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('promotions_one_discount', sql`(percent_off is null) <> (amount_off_cents is null)`)
    .execute();
  await sql`insert into promotions (code, name, percent_off, once_per_user)
    values ('WELCOME10', 'Welcome: 10 % off your first order', 10, true)`.execute(db);

  await db.schema
    .createTable('checkout_submissions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in (${list(SUBMIT_MODES)})`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${list(SUBMISSION_STATUSES)})`))
    .addColumn('order_id', 'integer', (c) => c.references('orders.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('acting_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('promotion_id', 'integer', (c) => c.references('promotions.id'))
    .addColumn('subtotal_cents', 'bigint', (c) => c.notNull().check(sql`subtotal_cents >= 0`))
    .addColumn('discount_cents', 'bigint', (c) =>
      c.notNull().check(sql`discount_cents between 0 and subtotal_cents`),
    )
    .addColumn('total_cents', 'bigint', (c) =>
      c.notNull().check(sql`total_cents = subtotal_cents - discount_cents`),
    )
    .addColumn('property_access', 'jsonb')
    .addColumn('property_info', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addUniqueConstraint('checkout_submissions_client_key', ['client_id', 'key'])
    .execute();
  await db.schema
    .createIndex('checkout_submissions_order_id_idx')
    .on('checkout_submissions')
    .column('order_id')
    .execute();

  await db.schema
    .createTable('promotion_uses')
    .addColumn('promotion_id', 'integer', (c) => c.notNull().references('promotions.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('promotion_uses_pkey', ['promotion_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('line_item_prices')
    .addColumn('line_item_id', 'integer', (c) => c.primaryKey().references('line_items.id'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('price_cents', 'bigint', (c) => c.notNull().check(sql`price_cents between 0 and 999999999999`))
    .addColumn('primary', 'boolean', (c) => c.notNull())
    .addColumn('previous_order_id', 'integer', (c) => c.references('orders.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('line_item_prices').execute();
  await db.schema.dropTable('promotion_uses').execute();
  await db.schema.dropTable('checkout_submissions').execute();
  await db.schema.dropTable('promotions').execute();
}
