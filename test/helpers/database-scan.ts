import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/schema.js';

/** Every `table.column` of the test database whose text holds `needle` anywhere. */
export async function columnsContaining(db: Kysely<Database>, needle: string): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema()
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')`.execute(db);
  const hits: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    const found = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table_name)}
      where position(${needle} in ${sql.ref(column_name)}::text) > 0`.execute(db);
    if ((found.rows[0]?.n ?? 0) > 0) hits.push(`${table_name}.${column_name}`);
  }
  return hits;
}

/** How many text columns the scan looks at, so a test can show the scan is not empty. */
export async function scannedColumnCount(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying')`.execute(db);
  return r.rows[0]?.n ?? 0;
}
