import { buildApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { RouteRecord } from '../../src/protocol/route.js';
import { testPasswords } from './auth.js';
import { openTestDatabase } from './database.js';
import { assertReplyMatches, routeIndex } from './reply-check.js';
import type { PasswordHasher } from '../../src/auth/passwords.js';
import type { DestinationStream } from 'pino';

export interface CallOptions {
  query?: Record<string, string | string[]>;
  /** Sent as JSON unless `body` is given. */
  json?: unknown;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  http: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the envelope holds
  body: any;
  headers: Headers;
}

export interface TestServer {
  readonly app: App;
  readonly url: string;
  readonly clock: ManualClock;
  readonly database: DatabaseHandle;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  routes?: readonly RouteRecord[];
  config?: Partial<Config>;
  passwords?: PasswordHasher;
  /** Jitter source for email retry delays. */
  random?: () => number;
  /** Ends a Mandrill send after its timeout; the email helpers pass one fired by hand. */
  mandrillDeadline?: (ms: number) => AbortSignal;
  /** Log at this level to this stream (silent otherwise). */
  log?: { level: string; destination: DestinationStream };
}

/** Starts the real server on a loopback port, over a fresh database, with a hand-driven clock. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await openTestDatabase();
  const clock = new ManualClock();
  const config: Config = { ...loadConfig({}), logLevel: options.log?.level ?? 'silent', ...options.config };
  const app = await buildApp({
    config,
    database,
    clock,
    ...(options.log ? { logDestination: options.log.destination } : { logger: false }),
    passwords: options.passwords ?? testPasswords,
    ...(options.random ? { random: options.random } : {}),
    ...(options.mandrillDeadline ? { mandrillDeadline: options.mandrillDeadline } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  }).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  const address = await app.server.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url: address,
    clock,
    database,
    call: (method, path, callOptions) => call(address, method, path, callOptions, app.routes),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/**
 * One request. With the server's `routes`, the reply is checked against the protocol and the
 * route's declared reply (test/helpers/reply-check.ts): a reply that does not match throws.
 */
export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
  routes?: readonly RouteRecord[],
): Promise<CallResult> {
  const url = new URL(path, base);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
  }
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined = options.body;
  if (body === undefined && options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: tests see the text
  }
  const result = { http: response.status, body: parsed, headers: response.headers };
  if (routes) assertReplyMatches(indexOf(routes), { method, path: url.pathname }, result);
  return result;
}

const indexes = new WeakMap<readonly RouteRecord[], ReturnType<typeof routeIndex>>();
function indexOf(routes: readonly RouteRecord[]) {
  let index = indexes.get(routes);
  if (!index) indexes.set(routes, (index = routeIndex(routes)));
  return index;
}

/** Base64 of a JSON object, as sensitive-params routes take their body. */
export function encodeSensitive(params: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(params)).toString('base64');
}
