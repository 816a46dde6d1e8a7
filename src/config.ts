/** Everything the server reads from its environment, parsed once at start. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** PostgreSQL connection string; when unset the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  /** PGlite data directory, or `memory://` for a throwaway in-memory database. */
  readonly pgliteDataDir: string;
  readonly seedDemoData: boolean;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  /** How long the cached deployed/undeployed state of routes and services may be stale. */
  readonly routeStateTtlMs: number;
  readonly mandrill: { readonly baseUrl: string; readonly apiKey: string; readonly fromEmail: string };
  readonly captureUrl: string;
  readonly loginThrottle: { readonly perAccount: number; readonly perIp: number; readonly windowMs: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env.PORT, 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDataDir: env.PGLITE_DATA_DIR ?? '.data/pglite',
    seedDemoData: (env.SEED_DEMO_DATA ?? (env.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 1024 * 1024),
    routeStateTtlMs: integer(env.ROUTE_STATE_TTL_MS, 5_000),
    mandrill: {
      baseUrl: env.MANDRILL_BASE_URL ?? 'https://mandrillapp.com/api/1.0',
      apiKey: env.MANDRILL_API_KEY ?? '',
      fromEmail: env.MANDRILL_FROM_EMAIL ?? 'no-reply@planomedia.example',
    },
    captureUrl: env.CAPTURE_URL ?? 'http://127.0.0.1:5173/xso',
    loginThrottle: {
      perAccount: integer(env.LOGIN_MAX_FAILURES_PER_ACCOUNT, 10),
      perIp: integer(env.LOGIN_MAX_ATTEMPTS_PER_IP, 100),
      windowMs: integer(env.LOGIN_THROTTLE_WINDOW_MS, 15 * 60_000),
    },
  };
}

function integer(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a non-negative integer, got ${text}`);
  return n;
}
