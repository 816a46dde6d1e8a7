import { sql, type Kysely } from 'kysely';

// Frozen here, not imported: this migration must create the same schema whatever the code's lists
// become. A new value needs a new migration (test/db/frozen-literals.test.ts checks they agree).
const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'rejected'];
const NOTIFICATION_SEVERITIES = ['info', 'warning', 'error', 'critical'];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_email', 'text', (c) => c.notNull())
    .addColumn('to_name', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('context', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${list(EMAIL_STATUSES)})`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('send_before', 'timestamptz')
    .addColumn('redact_when_settled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('lock_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('mandrill_id', 'text')
    .addColumn('mandrill_status', 'text')
    .addColumn('reject_reason', 'text')
    .addColumn('queued_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  // The worker's claim scans only unsettled rows, in due order.
  await sql`create index email_outbox_due_idx on email_outbox (next_attempt_at, id)
    where status in ('queued', 'sending')`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) =>
      c.notNull().check(sql`severity in (${list(NOTIFICATION_SEVERITIES)})`),
    )
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('context', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('acknowledged_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('notifications_kind_id_idx')
    .on('notifications')
    .columns(['kind', 'id'])
    .execute();
  await sql`create index notifications_unacknowledged_idx on notifications (id)
    where acknowledged_at is null`.execute(db);

  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('ip', 'text')
    .execute();
  await db.schema
    .createIndex('password_reset_tokens_user_created_idx')
    .on('password_reset_tokens')
    .columns(['user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_reset_tokens').execute();
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('email_outbox').execute();
}
