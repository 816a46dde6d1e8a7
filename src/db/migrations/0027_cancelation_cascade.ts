import { sql, type Kysely } from 'kysely';

/**
 * The cancelation cascade: a cancelation made because its parent (an order's) was canceled names
 * that parent, so reinstating the order reinstates exactly those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('cancelations')
    .addColumn('parent_cancelation_id', 'integer', (c) => c.references('cancelations.id'))
    .execute();
  await sql`create index cancelations_parent_idx on cancelations (parent_cancelation_id)
    where parent_cancelation_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cancelations_parent_idx`.execute(db);
  await db.schema.alterTable('cancelations').dropColumn('parent_cancelation_id').execute();
}
