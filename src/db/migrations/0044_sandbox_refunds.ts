import { sql, type Kysely } from 'kysely';

/** The sandbox provider's refunds, one per idempotency key (a repeated refund call refunds once). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sandbox_refunds')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('intent_id', 'text', (c) => c.notNull().references('sandbox_intents.id'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sandbox_refunds').execute();
}
