import pg from 'pg';
import { isStalePlan, type StatementNames } from './statement-names.js';

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
    return await submit<R>(client, sql, values, name);
  } catch (err) {
    if (name !== undefined && isStalePlan(err)) names.forget(sql);
    throw err;
  }
}

/** A `pg.Query` with the fields node-postgres reads off it that its type leaves out. */
type NamedQuery<R extends pg.QueryResultRow> = pg.Query & {
  name?: string;
  callback?: (err: Error | null, result: pg.QueryResult<R>) => void;
};

/**
 * Fast path (every statement on PostgreSQL runs through here). `client.query(config)` copies its
 * config object property by property (`Object.getOwnPropertyDescriptors`) and chains a second
 * promise to rewrite error stacks; handing it a ready `pg.Query` built from the text skips both.
 * In bench (b)'s CPU profile on PostgreSQL, node-postgres's share over the baseline's fell from 0.16
 * to 0.02 of a request's ~3 units with this and the driver in pg-dialect.ts (README, Benchmarks).
 * The query object is node-postgres's own class, so pipeline mode (PipelinedReads) accepts it.
 */
function submit<R extends pg.QueryResultRow>(
  client: pg.ClientBase,
  sql: string,
  values: readonly unknown[],
  name: string | undefined,
): Promise<pg.QueryResult<R>> {
  return new Promise((resolve, reject) => {
    const query: NamedQuery<R> = new pg.Query(sql, values as unknown[]);
    if (name !== undefined) query.name = name;
    query.callback = (err, result) => (err ? reject(err) : resolve(result));
    client.query(query);
  });
}
