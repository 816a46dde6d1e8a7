import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';
import type pg from 'pg';
import { queryNamed } from './pg-statements.js';
import { affectedRowsOf, PostgresSqlDialect, PostgresSqlDriver } from './postgres-sql.js';
import { StatementNames } from './statement-names.js';

/**
 * Kysely over a node-postgres pool, in place of Kysely's PostgresDialect: repeated statements run
 * as named prepared statements, so PostgreSQL parses and plans each SQL text once per connection
 * instead of on every request (node-postgres prepares a name on a connection the first time that
 * connection runs it), and each pooled client keeps one connection object for its whole life.
 */
export class PgDialect extends PostgresSqlDialect {
  constructor(private readonly pool: pg.Pool) {
    super();
  }

  createDriver(): Driver {
    return new PgDriver(this.pool);
  }
}

class PgDriver extends PostgresSqlDriver {
  private readonly names = new StatementNames();
  private readonly connections = new WeakMap<pg.PoolClient, PgConnection>();

  constructor(private readonly pool: pg.Pool) {
    super();
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    let connection = this.connections.get(client);
    if (!connection) {
      connection = new PgConnection(client, this.names);
      this.connections.set(client, connection);
    }
    return connection;
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    (conn as PgConnection).client.release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

class PgConnection implements DatabaseConnection {
  constructor(
    readonly client: pg.PoolClient,
    private readonly names: StatementNames,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    let result;
    try {
      result = await queryNamed(this.client, this.names, compiled.sql, compiled.parameters);
    } catch (err) {
      // node-postgres raises it from the socket's read; the stack should lead back to the caller.
      if (err instanceof Error) Error.captureStackTrace(err);
      throw err;
    }
    return {
      rows: result.rows as R[],
      ...affectedRowsOf(result.command, result.rowCount),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PlanoCore does not stream query results');
  }
}
