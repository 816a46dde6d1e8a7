import { sql, type Kysely } from 'kysely';

/**
 * The provider's customer of each client (Stripe keeps a client's reusable payment methods on a
 * Customer), and the customer a payment method is attached to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payment_customers')
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('payment_customers_pkey', ['client_id', 'provider'])
    .execute();
  await db.schema.alterTable('payment_methods').addColumn('provider_customer_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payment_methods').dropColumn('provider_customer_id').execute();
  await db.schema.dropTable('payment_customers').execute();
}
