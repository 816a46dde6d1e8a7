import { sql, type Kysely } from 'kysely';

// Frozen here, not imported (test/db/frozen-literals.test.ts checks them against the code's lists).
const PROVIDERS = ['stripe', 'sandbox'];
const PAYMENT_STATUSES = ['authorized', 'captured', 'canceled', 'refunded', 'partially_refunded'];
const SANDBOX_INTENT_STATUSES = ['requires_capture', 'succeeded', 'canceled'];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/**
 * Payment methods (what we keep of a card: the provider's id, brand, last four digits, expiry;
 * never its number), the payments of orders, and the built-in sandbox provider's own records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payment_methods')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in (${list(PROVIDERS)})`))
    .addColumn('provider_id', 'text', (c) =>
      c.notNull().check(sql`char_length(provider_id) between 1 and 255`),
    )
    .addColumn('brand', 'text', (c) => c.notNull().check(sql`char_length(brand) between 1 and 50`))
    .addColumn('last4', 'text', (c) => c.notNull().check(sql`last4 ~ '^[0-9]{4}$'`))
    .addColumn('exp_month', 'integer', (c) => c.notNull().check(sql`exp_month between 1 and 12`))
    .addColumn('exp_year', 'integer', (c) => c.notNull().check(sql`exp_year between 2000 and 2200`))
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addUniqueConstraint('payment_methods_provider_id_key', ['provider', 'provider_id'])
    .execute();
  await db.schema
    .createIndex('payment_methods_client_id_idx')
    .on('payment_methods')
    .column('client_id')
    .execute();
  await db.schema
    .createTable('payments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('payment_method_id', 'integer', (c) => c.notNull().references('payment_methods.id'))
    .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in (${list(PROVIDERS)})`))
    .addColumn('provider_intent_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${list(PAYMENT_STATUSES)})`))
    .addColumn('amount_cents', 'bigint', (c) =>
      c.notNull().check(sql`amount_cents between 0 and 999999999999`),
    )
    .addColumn('refunded_cents', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`refunded_cents between 0 and amount_cents`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('payments_order_id_idx').on('payments').column('order_id').execute();

  // The sandbox provider keeps what a real provider would, on its side: a card's outcome, never its number.
  await db.schema
    .createTable('sandbox_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('exp_month', 'integer', (c) => c.notNull())
    .addColumn('exp_year', 'integer', (c) => c.notNull())
    .addColumn('declines', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('sandbox_intents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('card_id', 'text', (c) => c.notNull().references('sandbox_cards.id'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${list(SANDBOX_INTENT_STATUSES)})`))
    .addColumn('refunded_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sandbox_intents').execute();
  await db.schema.dropTable('sandbox_cards').execute();
  await db.schema.dropTable('payments').execute();
  await db.schema.dropTable('payment_methods').execute();
}
