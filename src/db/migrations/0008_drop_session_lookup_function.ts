import { sql, type Kysely } from 'kysely';

/**
 * Drops `session_by_token_hash` (0007). Repeated statements now run as named prepared statements
 * (src/db/statement-names.ts), which keep their plan the way the function did, and the lookup reads
 * fewer relations than the function's: the plain query is the faster of the two (PostgreSQL 103 →
 * 78 µs a lookup, PGlite 300 → 230 µs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists session_by_token_hash(text)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { up: recreate } = await import('./0007_session_lookup.js');
  await recreate(db);
}
