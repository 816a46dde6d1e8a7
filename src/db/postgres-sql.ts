import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type TransactionSettings,
} from 'kysely';

/**
 * What PlanoCore's two Kysely dialects share: both databases speak PostgreSQL's SQL, so only the
 * driver (how a statement reaches the database) differs.
 */
export abstract class PostgresSqlDialect implements Dialect {
  abstract createDriver(): Driver;

  createAdapter() {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/** The statements whose command tag counts the rows they changed. */
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * Kysely's `numAffectedRows`, by one rule for both drivers: a write's count from its command tag
 * (`UPDATE 3`); nothing for a SELECT or DDL.
 */
export function affectedRowsOf(command: string | undefined, rowCount: number | null | undefined) {
  return command !== undefined && WRITES.has(command) ? { numAffectedRows: BigInt(rowCount ?? 0) } : {};
}

/** Transactions and savepoints in PostgreSQL's SQL, over whatever connection a driver hands out. */
export abstract class PostgresSqlDriver implements Driver {
  abstract init(): Promise<void>;
  abstract acquireConnection(): Promise<DatabaseConnection>;
  abstract releaseConnection(conn: DatabaseConnection): Promise<void>;
  abstract destroy(): Promise<void>;

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    const access = settings.accessMode ? ` ${settings.accessMode}` : '';
    await run(conn, `start transaction${isolation}${access}`);
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await run(conn, 'commit');
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await run(conn, 'rollback');
  }

  async savepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await run(conn, `savepoint ${identifier(name)}`);
  }

  async rollbackToSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await run(conn, `rollback to savepoint ${identifier(name)}`);
  }

  async releaseSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await run(conn, `release savepoint ${identifier(name)}`);
  }
}

function run(conn: DatabaseConnection, statement: string) {
  return conn.executeQuery(CompiledQuery.raw(statement));
}

/** A savepoint's name as a quoted SQL identifier. */
function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
