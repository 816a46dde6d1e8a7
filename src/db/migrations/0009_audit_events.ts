import { sql, type Kysely } from 'kysely';

/**
 * The audit trail: one row per change of a record (tour, order, client, company, list item, route
 * deploy, …), written in the transaction of the change. Entity types and actions are open lists
 * (each capability names its own), so the table checks only their spelling.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('entity_type', 'text', (c) => c.notNull().check(sql`entity_type ~ '^[a-z][a-z0-9_]{0,62}$'`))
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action ~ '^[a-z][a-z0-9_]{0,62}$'`))
    // Null for a change made with an application's own token (server-to-server).
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    // Set when someone acted on the actor's behalf (XSO hand-off).
    .addColumn('acting_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('application', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addCheckConstraint('audit_events_records_a_state', sql`before is not null or after is not null`)
    .execute();
  await db.schema
    .createIndex('audit_events_entity_idx')
    .on('audit_events')
    .columns(['entity_type', 'entity_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_occurred_at_idx')
    .on('audit_events')
    .column('occurred_at')
    .execute();
  // Evidence: the database itself refuses to rewrite, delete or empty the trail.
  await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only' using errcode = 'restrict_violation';
    end
  $$`.execute(db);
  await sql`create trigger audit_events_append_only
    before update or delete or truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  await sql`drop function audit_events_append_only()`.execute(db);
}
