import type { PGlite } from '@electric-sql/pglite';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';
import { PGliteStatements } from './pglite-statements.js';
import { affectedRowsOf, PostgresSqlDialect, PostgresSqlDriver } from './postgres-sql.js';

/**
 * Kysely over PGlite. PGlite is one connection, so the driver hands it to one holder at a time:
 * a transaction keeps it until commit or rollback and other queries wait their turn.
 */
export class PGliteDialect extends PostgresSqlDialect {
  constructor(private readonly pglite: PGlite) {
    super();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
}

class PGliteDriver extends PostgresSqlDriver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {
    super();
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    this.connection.release = release;
    return this.connection;
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    (conn as PGliteConnection).release();
  }

  async destroy(): Promise<void> {
    await this.queue;
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => {};
  private readonly statements: PGliteStatements;

  constructor(private readonly pglite: PGlite) {
    this.statements = new PGliteStatements(pglite);
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters;
    const result = this.statements.canRun(params)
      ? await this.statements.run<R>(compiled.sql, params)
      : await this.pglite.query<R>(compiled.sql, [...params]);
    return { rows: result.rows, ...affectedRowsOf(result.command, result.rowCount) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
