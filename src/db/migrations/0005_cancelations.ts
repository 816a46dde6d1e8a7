import { sql, type Kysely } from 'kysely';

// Frozen here, not imported: this migration must create the same schema whatever the code's lists
// become. A new value needs a new migration (test/db/frozen-literals.test.ts checks they agree).
const CANCELABLE_TYPES = ['order', 'tour', 'appointment', 'line_item'];
const CANCELATION_ACTIONS = ['cancel', 'update', 'reinstate'];
const APPOINTMENT_STATUSES = ['requested', 'scheduled', 'completed', 'canceled'];
const LINE_ITEM_STATUSES = ['pending', 'in_production', 'delivered', 'canceled'];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  // The two order parts that can be canceled on their own, besides orders and tours.
  await db.schema
    .createTable('appointments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('requested')
        .check(sql`status in (${list(APPOINTMENT_STATUSES)})`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('appointments_order_id_idx').on('appointments').column('order_id').execute();
  await db.schema
    .createTable('line_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in (${list(LINE_ITEM_STATUSES)})`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('line_items_order_id_idx').on('line_items').column('order_id').execute();

  await db.schema
    .createTable('cancelation_reasons')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('applicable_types', sql`text[]`, (c) =>
      c
        .notNull()
        .check(
          sql`cardinality(applicable_types) > 0 and applicable_types <@ array[${list(CANCELABLE_TYPES)}]::text[]`,
        ),
    )
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cancelable_statuses')
    .addColumn('cancelable_type', 'text', (c) =>
      c.notNull().check(sql`cancelable_type in (${list(CANCELABLE_TYPES)})`),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cancelable_statuses_pkey', ['cancelable_type', 'status'])
    .execute();
  // Business rule, not demo data: the statuses in which a client may still cancel an order.
  await sql`insert into cancelable_statuses (cancelable_type, status) values
    ('order', 'new_request'), ('order', 'ordered'), ('order', 'scheduling')`.execute(db);

  await db.schema
    .createTable('cancelations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('cancelable_type', 'text', (c) =>
      c.notNull().check(sql`cancelable_type in (${list(CANCELABLE_TYPES)})`),
    )
    .addColumn('cancelable_id', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('key', 'text', (c) => c.unique())
    .addColumn('key_fingerprint', 'text')
    .addColumn('reason_id', 'integer', (c) => c.references('cancelation_reasons.id'))
    .addColumn('reason_text', 'text')
    .addColumn('reason_note', 'text')
    .addColumn('canceled_at', 'timestamptz', (c) => c.notNull())
    .addColumn('canceled_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('canceled_in', 'text', (c) => c.references('applications.slug'))
    .addColumn('status_before_cancel', 'text', (c) => c.notNull())
    .addColumn('reinstated_at', 'timestamptz')
    .addColumn('reinstated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reinstated_in', 'text', (c) => c.references('applications.slug'))
    .addColumn('reinstated_note', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    // A standing cancelation has no reinstatement; a reinstated one has its when and who.
    .addCheckConstraint(
      'cancelations_active_matches_reinstatement',
      sql`(active and reinstated_at is null and reinstated_by is null)
        or (not active and reinstated_at is not null and reinstated_by is not null)`,
    )
    .addCheckConstraint('cancelations_reinstated_after_canceled', sql`reinstated_at >= canceled_at`)
    .execute();
  // The concurrency guarantee: two cancels of one record can never both stand.
  await sql`create unique index cancelations_one_active_per_target
    on cancelations (cancelable_type, cancelable_id) where active`.execute(db);
  await db.schema
    .createIndex('cancelations_target_idx')
    .on('cancelations')
    .columns(['cancelable_type', 'cancelable_id'])
    .execute();
  await db.schema
    .createIndex('cancelations_client_canceled_at_idx')
    .on('cancelations')
    .columns(['client_id', 'canceled_at'])
    .execute();
  await db.schema
    .createIndex('cancelations_canceled_at_idx')
    .on('cancelations')
    .column('canceled_at')
    .execute();

  await db.schema
    .createTable('cancelation_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('cancelation_id', 'integer', (c) => c.notNull().references('cancelations.id'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in (${list(CANCELATION_ACTIONS)})`))
    .addColumn('actor_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('acting_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('application', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute();
  await db.schema
    .createIndex('cancelation_events_cancelation_id_idx')
    .on('cancelation_events')
    .columns(['cancelation_id', 'id'])
    .execute();
  // History is evidence: the database itself refuses to rewrite or delete it.
  await sql`create function cancelation_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'cancelation_events is append-only' using errcode = 'restrict_violation';
    end
  $$`.execute(db);
  await sql`create trigger cancelation_events_append_only
    before update or delete on cancelation_events
    for each statement execute function cancelation_events_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cancelation_events').execute();
  await sql`drop function cancelation_events_append_only()`.execute(db);
  for (const table of [
    'cancelations',
    'cancelable_statuses',
    'cancelation_reasons',
    'line_items',
    'appointments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
