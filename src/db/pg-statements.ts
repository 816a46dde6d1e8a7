import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { isStalePlan, StatementNames } from './statement-names.js';

/**
 * Hands Kysely pool clients whose repeated statements run as named prepared statements, so
 * PostgreSQL parses and plans each SQL text once per connection instead of on every request
 * (node-postgres prepares a name on each connection the first time that connection runs it).
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new StatementNames();

  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    // Kysely also passes cursors here for streaming, which PlanoCore does not use.
    query: ((sql: string, values: readonly unknown[]) =>
      queryNamed(client, names, sql, values)) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });

  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}

/**
 * Runs `sql` on `client` under the name `names` gives it (unnamed until its second run); a plan
 * gone stale under a changed table makes the text take a fresh name next time.
 */
export async function queryNamed<R extends pg.QueryResultRow>(
  client: pg.ClientBase,
  names: StatementNames,
  sql: string,
  values: readonly unknown[],
): Promise<pg.QueryResult<R>> {
  const name = names.nameFor(sql);
  try {
    return await client.query<R>({ text: sql, values: values as unknown[], ...(name ? { name } : {}) });
  } catch (err) {
    if (name !== undefined && isStalePlan(err)) names.forget(sql);
    throw err;
  }
}
