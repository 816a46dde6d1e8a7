import { sql, type Kysely } from 'kysely';

/**
 * Fixed-window attempt counters shared by every server process on the database (sign-in,
 * registration and password-reset throttling). `key` is a scope and a hash of its subject (an
 * address, an account, or both), so no email or address is kept in the clear.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table throttle_counters (
      key text primary key,
      window_started_at timestamptz not null,
      count integer not null check (count >= 0),
      last_hit_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  // The purge job deletes counters whose window is over.
  await sql`create index throttle_counters_expires_idx on throttle_counters (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table throttle_counters`.execute(db);
}
