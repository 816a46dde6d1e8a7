import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // CaptuRE, the client ordering wizard: its sessions act as the client they belong to.
  await sql`insert into applications (slug, name, role) values ('capture', 'CaptuRE', 'client')
    on conflict (slug) do nothing`.execute(db);

  // A session opened by a hand-off lives only while the session it came from does.
  await db.schema
    .alterTable('sessions')
    .addColumn('origin_session_id', 'integer', (c) => c.references('sessions.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('sessions_origin_session_id_idx')
    .on('sessions')
    .column('origin_session_id')
    .where(sql.ref('origin_session_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('xso_grants')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('acting_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('origin_session_id', 'integer', (c) =>
      c.notNull().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('step_1', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('order_id', 'integer', (c) => c.references('orders.id').onDelete('cascade'))
    .addColumn('tour_id', 'integer', (c) => c.references('tours.id').onDelete('cascade'))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('redeemed_at', 'timestamptz')
    .addColumn('redeemed_session_id', 'integer', (c) => c.references('sessions.id').onDelete('set null'))
    .addCheckConstraint(
      'xso_grants_one_deep_link',
      sql`not (step_1 and (order_id is not null or tour_id is not null))`,
    )
    .addCheckConstraint('xso_grants_expires_after_created', sql`expires_at > created_at`)
    .execute();
  await db.schema.createIndex('xso_grants_client_id_idx').on('xso_grants').column('client_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('xso_grants').execute();
  await db.schema.dropIndex('sessions_origin_session_id_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('origin_session_id').execute();
  await sql`delete from applications where slug = 'capture'`.execute(db);
}
