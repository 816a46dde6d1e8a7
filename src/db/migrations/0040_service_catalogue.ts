import { sql, type Kysely } from 'kysely';

/**
 * The service catalogue (what a client can order, at what price per quantity) and promotions.
 * The seed rows and literals below are frozen: this migration must read the same forever; price
 * changes are rows changed later, not edits here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('slug', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z][a-z0-9_]{0,99}$'`),
    )
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('primary', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('requires_previous_order', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('service_options')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity between 1 and 1000`))
    .addColumn('price_cents', 'bigint', (c) => c.notNull().check(sql`price_cents between 0 and 999999999999`))
    .addUniqueConstraint('service_options_service_quantity_key', ['service_id', 'quantity'])
    .execute();

  // The real service slugs and quantities (PlanOmatic's V3 services); prices are this catalogue's.
  await sql`insert into services (slug, name, description, "primary", requires_previous_order, position) values
    ('photos', 'Photos', 'Professional HDR photos of the property, edited and delivered in three sizes.', true, false, 1),
    ('exterior_photos', 'Exterior Photos', 'Photos of the front exterior only.', false, false, 2),
    ('back_exterior_photos', 'Back Exterior Photos', 'Photos of the back exterior and yard.', false, false, 3),
    ('zillow_3d_and_floor_plans', 'Zillow 3D Home Tour and Floor Plans', 'A Zillow 3D Home tour with an interactive floor plan.', true, false, 4),
    ('community_photography', 'Community Photography', 'Photos of the community amenities (pool, clubhouse, parks).', true, false, 5),
    ('ai_virtual_staging', 'AI Virtual Staging', 'Virtually staged copies of photos delivered with a previous order.', true, true, 6)`.execute(
    db,
  );
  await sql`insert into service_options (service_id, quantity, price_cents)
    select s.id, o.quantity, o.price_cents
    from (values
      ('photos', 10, 12900), ('photos', 15, 15900), ('photos', 20, 18900), ('photos', 25, 21900),
      ('exterior_photos', 1, 2500), ('exterior_photos', 3, 4900), ('exterior_photos', 4, 5900),
      ('exterior_photos', 5, 6900),
      ('back_exterior_photos', 1, 2500),
      ('zillow_3d_and_floor_plans', 1, 14900),
      ('community_photography', 1, 9900),
      ('ai_virtual_staging', 1, 2450)
    ) as o(slug, quantity, price_cents)
    join services s on s.slug = o.slug`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('service_options').execute();
  await db.schema.dropTable('services').execute();
}
