import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { testPasswords } from '../helpers/auth.js';
import { call, encodeSensitive, type CallResult } from '../helpers/server.js';

/**
 * A database that outlives the app on it, so a test can stop the server and start another on the
 * same data: a PGlite data directory in a temp folder, or a private schema on DATABASE_URL.
 */
export interface DurableDatabase {
  /** Opens (and migrates) a handle; `url` overrides DATABASE_URL (a proxy in front of it). */
  open(url?: string): Promise<DatabaseHandle>;
  remove(): Promise<void>;
}

export async function durableDatabase(): Promise<DurableDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `fault_${randomBytes(6).toString('hex')}`;
    return {
      open: async (through = url) => {
        const handle = await openDatabase({ url: through, schema, poolSize: 5 });
        await migrateToLatest(handle);
        return handle;
      },
      remove: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'planocore-fault-'));
  return {
    open: async () => {
      const handle = await openDatabase({ pgliteDataDir: dir });
      await migrateToLatest(handle);
      return handle;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface RunningApp {
  readonly app: App;
  readonly clock: ManualClock;
  call(method: string, path: string, options?: Parameters<typeof call>[3]): Promise<CallResult>;
  stop(): Promise<void>;
}

/** The real app over a given database handle, listening on a loopback port. */
export async function startApp(
  database: DatabaseHandle,
  config: Partial<Config> = {},
  clock = new ManualClock(),
): Promise<RunningApp> {
  const app = await buildApp({
    config: { ...loadConfig({}), logLevel: 'silent', ...config },
    database,
    clock,
    logger: false,
    passwords: testPasswords,
  });
  const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    clock,
    call: (method, path, options) => call(url, method, path, options, app.routes),
    stop: () => app.close(),
  };
}

export function registerClient(running: RunningApp, email: string): Promise<CallResult> {
  return running.call('POST', '/api/v1/clients/register', {
    body: encodeSensitive({
      client: { email, password: 'correct horse battery', first_name: 'Fault', last_name: 'Test' },
    }),
    contentType: 'text/plain',
  });
}

/**
 * A loopback TCP proxy in front of PostgreSQL that can cut every connection the moment a client
 * sends a statement containing `cutOn` (before the statement reaches the server).
 */
export interface CuttingProxy {
  readonly url: string;
  cutOn: string | null;
  /** How many connections were cut. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const state = { cutOn: null as string | null, cuts: 0 };
  const server: Server = createServer((client) => {
    const server = connect(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client).add(server);
    const cut = () => {
      state.cuts += 1;
      client.destroy();
      server.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (state.cutOn !== null && chunk.includes(state.cutOn)) return cut();
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    for (const [a, b] of [
      [client, server],
      [server, client],
    ] as const) {
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.on('error', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    get cutOn() {
      return state.cutOn;
    },
    set cutOn(text) {
      state.cutOn = text;
    },
    get cuts() {
      return state.cuts;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
