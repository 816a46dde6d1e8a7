import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Beyond this many distinct SQL texts, statements run unnamed (planned each time) as before. */
const MAX_PREPARED = 500;
/** How many SQL texts seen once are remembered, waiting for a second run to be prepared. */
const MAX_SEEN = 5_000;

/**
 * Hands Kysely pool clients whose repeated statements run as named prepared statements, so
 * PostgreSQL parses and plans each SQL text once per connection instead of on every request. A text
 * is named on its second run, so one-off statements (migrations, DDL) do not take up names.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const seen = new Set<string>();
  let prepared = 0;

  const nameFor = (sql: string): string | undefined => {
    const known = names.get(sql);
    if (known !== undefined) return known;
    if (!seen.has(sql)) {
      if (seen.size >= MAX_SEEN) seen.clear();
      seen.add(sql);
      return undefined;
    }
    if (names.size >= MAX_PREPARED) return undefined;
    const name = `planocore_${++prepared}`;
    names.set(sql, name);
    return name;
  };

  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    // Kysely also passes cursors here for streaming, which PlanoCore does not use.
    query: (async (sql: string, values: readonly unknown[]) => {
      const name = nameFor(sql);
      try {
        return await client.query({ text: sql, values: values as unknown[], ...(name ? { name } : {}) });
      } catch (err) {
        // A table under the statement changed shape: later runs take a new name, prepared afresh.
        if (name !== undefined && (err as { code?: unknown }).code === '0A000') names.delete(sql);
        throw err;
      }
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });

  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
