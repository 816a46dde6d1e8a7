import { sql, type Kysely } from 'kysely';

/**
 * Clients and companies as the real PlanoCore's update pages describe them (issue 15): a client's
 * profile, assistants and the addresses copied on their emails; a company's hierarchy (parent,
 * billing parent), designation, notes, email settings and branding. Address lists are jsonb
 * arrays of text. Literals here are frozen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('assistant_first_name', 'text', (c) => c.check(sql`char_length(assistant_first_name) <= 100`))
    .addColumn('assistant_last_name', 'text', (c) => c.check(sql`char_length(assistant_last_name) <= 100`))
    .addColumn('assistant_phone', 'text', (c) => c.check(sql`char_length(assistant_phone) <= 30`))
    .addColumn('assistant_emails', 'jsonb', (c) =>
      c
        .notNull()
        .defaultTo(sql`'[]'::jsonb`)
        .check(sql`jsonb_typeof(assistant_emails) = 'array'`),
    )
    .addColumn('additional_emails', 'jsonb', (c) =>
      c
        .notNull()
        .defaultTo(sql`'[]'::jsonb`)
        .check(sql`jsonb_typeof(additional_emails) = 'array'`),
    )
    .addColumn('employee_notes', 'text')
    .addColumn('realtor_license', 'text', (c) => c.check(sql`char_length(realtor_license) <= 100`))
    .addColumn('bio', 'text', (c) => c.check(sql`char_length(bio) <= 5000`))
    .addColumn('display_name', 'text', (c) => c.check(sql`char_length(display_name) <= 200`))
    .addColumn('use_display_name', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('clients_company_id_idx').on('clients').column('company_id').execute();

  await db.schema
    .alterTable('companies')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('parent_id', 'integer', (c) => c.references('companies.id'))
    .addColumn('billing_parent_id', 'integer', (c) => c.references('companies.id'))
    .addColumn('designation_id', 'integer')
    .addColumn('internal_notes', 'text')
    .addColumn('job_completion_email', 'text', (c) => c.check(sql`char_length(job_completion_email) <= 254`))
    .addColumn('confirmation_email_custom_message', 'text', (c) =>
      c.check(sql`char_length(confirmation_email_custom_message) <= 2000`),
    )
    .addColumn('branding_name', 'text')
    .addColumn('branding_website', 'text')
    .addColumn('branding_notes', 'text')
    .addColumn('branding_phone', 'text')
    .addColumn('branding_address', 'text')
    .addColumn('branding_address2', 'text')
    .addColumn('branding_city', 'text')
    .addColumn('branding_province_iso', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A company is never its own parent; longer cycles are refused by companies/update (one lock).
  await sql`alter table companies
    add constraint companies_parent_not_self check (parent_id <> id),
    add constraint companies_billing_parent_not_self check (billing_parent_id <> id)`.execute(db);
  await db.schema.createIndex('companies_parent_id_idx').on('companies').column('parent_id').execute();
  await db.schema
    .createIndex('companies_billing_parent_id_idx')
    .on('companies')
    .column('billing_parent_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('companies_billing_parent_id_idx').execute();
  await db.schema.dropIndex('companies_parent_id_idx').execute();
  await db.schema.dropIndex('clients_company_id_idx').execute();
  for (const column of [
    'active',
    'parent_id',
    'billing_parent_id',
    'designation_id',
    'internal_notes',
    'job_completion_email',
    'confirmation_email_custom_message',
    'branding_name',
    'branding_website',
    'branding_notes',
    'branding_phone',
    'branding_address',
    'branding_address2',
    'branding_city',
    'branding_province_iso',
    'updated_at',
  ]) {
    await db.schema.alterTable('companies').dropColumn(column).execute();
  }
  for (const column of [
    'active',
    'assistant_first_name',
    'assistant_last_name',
    'assistant_phone',
    'assistant_emails',
    'additional_emails',
    'employee_notes',
    'realtor_license',
    'bio',
    'display_name',
    'use_display_name',
    'updated_at',
  ]) {
    await db.schema.alterTable('clients').dropColumn(column).execute();
  }
}
