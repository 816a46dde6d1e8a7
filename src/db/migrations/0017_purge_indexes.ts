import { sql, type Kysely } from 'kysely';

/**
 * What the purge job (src/jobs/purge.ts) looks for, each found by an index rather than a scan of
 * its table: sessions that ended (revoked, or past their absolute or idle end), hand-off codes
 * past their expiry, settled emails. The settled statuses are frozen here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index sessions_revoked_at_idx on sessions (revoked_at) where revoked_at is not null`.execute(
    db,
  );
  await sql`create index sessions_created_at_idx on sessions (created_at) where not remember_me`.execute(db);
  await sql`create index sessions_last_used_at_idx on sessions (last_used_at) where not remember_me`.execute(
    db,
  );
  await sql`create index xso_grants_expires_at_idx on xso_grants (expires_at)`.execute(db);
  await sql`create index email_outbox_settled_idx on email_outbox (updated_at)
    where status in ('sent', 'failed', 'rejected')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'email_outbox_settled_idx',
    'xso_grants_expires_at_idx',
    'sessions_last_used_at_idx',
    'sessions_created_at_idx',
    'sessions_revoked_at_idx',
  ]) {
    await sql`drop index ${sql.id(index)}`.execute(db);
  }
}
