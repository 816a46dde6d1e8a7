import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { PGliteChangeFeed, PostgresChangeFeed, type ChangeFeed } from './change-feed.js';
import { lockDataDir } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { PgDialect } from './pg-dialect.js';
import { PipelinedReads } from './pipelined-reads.js';
import type { QueryRunner } from './precompiled.js';
import type { Database } from '../schema.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /**
   * Where the short reads every request makes go (`precompiled` queries such as the session
   * lookup): a pipelined connection on PostgreSQL, `db` itself on PGlite.
   */
  readonly reads: QueryRunner;
  /** What changed in the rows caches hold (sessions, role records, applications), as announced. */
  readonly changes: ChangeFeed;
  /** PostgreSQL only: the schema this handle works in, when not the default. */
  readonly schema?: string;
  /** PGlite only: the whole data directory, to start other databases from. */
  readonly dump?: () => Promise<Blob>;
  /** Resolves when the database answers a trivial query, rejects otherwise. */
  ping(): Promise<void>;
  /**
   * Runs `fn` while holding the database-wide lock `name`, so processes sharing the database take
   * turns (migrations and the demo seed at start). PostgreSQL: a session advisory lock on a
   * connection of its own, released when `fn` settles or the process dies. PGlite: one process
   * owns the data directory already, so `fn` just runs.
   */
  exclusively<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it PGlite is used. */
  readonly url?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory. */
  readonly pgliteDataDir?: string;
  /** PostgreSQL only: work inside this schema (created if missing), so test runs do not collide. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** PGlite only: start from this data directory dump (made by `dumpDataDir`) instead of an empty one. */
  readonly pgliteTemplate?: Blob;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.url ? await openPostgres(options.url, options) : await openPGlite(options);
  await handle.ping();
  return handle;
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.schema) await createSchema(url, options.schema);
  const connection: pg.ClientConfig = {
    connectionString: url,
    // Counts and ids fit in a JS number; strings for them would leak into every reply.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID ? Number : pg.types.getTypeParser(oid, format)) as never,
    },
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  };
  // Without a connect timeout a database host that stopped answering (no refusal, no reset) holds
  // every request forever; with it they answer database-unreachable.
  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
  // A connection the server ends (restart, failover, pg_terminate_backend) emits 'error': on the
  // pool while idle, on its client while checked out. Unheard, either event crashes the process.
  // The query in flight fails on its own (the request answers database-unreachable) and the pool
  // drops the dead connection, opening a new one on the next checkout.
  const connectionLost = (err: Error) => process.stderr.write(`PostgreSQL connection lost: ${err.message}\n`);
  pool.on('error', connectionLost);
  pool.on('connect', (client) => client.on('error', connectionLost));
  const db = new Kysely<Database>({ dialect: new PgDialect(pool) });
  const reads = new PipelinedReads(connection, connectionLost);
  const changes = new PostgresChangeFeed(connection, connectionLost);
  await changes.start();
  return {
    db,
    kind: 'postgres',
    reads,
    changes,
    ...(options.schema ? { schema: options.schema } : {}),
    ping: async () => void (await sql`select 1`.execute(db)),
    exclusively: (name, fn) => withAdvisoryLock(connection, name, fn, connectionLost),
    close: async () => {
      await changes.close();
      await reads.close();
      await db.destroy();
    },
  };
}

/** The lock is per schema (`current_schema()`), so test files on one server do not wait for each other. */
async function withAdvisoryLock<T>(
  connection: pg.ClientConfig,
  name: string,
  fn: () => Promise<T>,
  onError: (err: Error) => void,
): Promise<T> {
  const client = new pg.Client(connection);
  client.on('error', onError);
  await client.connect();
  try {
    const key = `planocore:${name}:`;
    await client.query('select pg_advisory_lock(hashtext($1 || current_schema()))', [key]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1 || current_schema()))', [key]);
    }
  } finally {
    await client.end();
  }
}

async function createSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Unsafe schema name: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${schema}`);
  } finally {
    await client.end();
  }
}

async function openPGlite(options: DatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.pgliteDataDir ?? 'memory://';
  let unlock = () => {};
  if (!dataDir.includes('://')) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  const pglite = await PGlite.create({
    dataDir,
    ...(options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {}),
    parsers: { [INT8_OID]: Number, [NUMERIC_OID]: Number },
  }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  const changes = new PGliteChangeFeed();
  await changes.start(pglite);
  return {
    db,
    kind: 'pglite',
    reads: db,
    changes,
    dump: () => pglite.dumpDataDir('none'),
    ping: async () => void (await sql`select 1`.execute(db)),
    exclusively: (_name, fn) => fn(),
    close: async () => {
      await changes.close();
      await db.destroy();
      unlock();
    },
  };
}
