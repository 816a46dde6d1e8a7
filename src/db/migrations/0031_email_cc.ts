import { sql, type Kysely } from 'kysely';

/**
 * Addresses copied on an email (a client's assistants on order emails, their additional addresses
 * on completion emails): a jsonb array of text, empty for most emails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('email_outbox')
    .addColumn('cc_emails', 'jsonb', (c) =>
      c
        .notNull()
        .defaultTo(sql`'[]'::jsonb`)
        .check(sql`jsonb_typeof(cc_emails) = 'array'`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('email_outbox').dropColumn('cc_emails').execute();
}
