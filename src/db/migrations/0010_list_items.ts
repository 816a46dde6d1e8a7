import { sql, type Kysely } from 'kysely';

/**
 * Named collections of choices that drive forms and validate params (`param.listItem`), editable
 * without a deploy. The literals below are frozen: this migration must read the same forever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('list_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('collection', 'text', (c) => c.notNull().check(sql`collection ~ '^[a-z][a-z0-9_]{0,99}$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
    .addColumn('value', 'text', (c) => c.notNull().check(sql`char_length(value) between 1 and 200`))
    .addColumn('description', 'text', (c) => c.check(sql`char_length(description) <= 1000`))
    .addColumn('notes', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('external_id', 'text')
    .addColumn('item_type', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('list_items_collection_value_key', ['collection', 'value'])
    .execute();
  // A collection has at most one default item.
  await sql`create unique index list_items_one_default_per_collection
    on list_items (collection) where is_default`.execute(db);

  // The property types of a tour (the real PlanoCore's `property_type` list).
  await sql`insert into list_items (collection, value, name, position) values
    ('property_type', 'single_family', 'Single Family', 1),
    ('property_type', 'condo_townhouse', 'Condo / Townhouse', 2),
    ('property_type', 'duplex_townhouse', 'Duplex / Townhouse', 3),
    ('property_type', 'commercial', 'Commercial', 4),
    ('property_type', 'land', 'Land', 5)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('list_items').execute();
}
