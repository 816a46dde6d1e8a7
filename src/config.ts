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
  readonly requestTimeouts: RequestTimeouts;
  /** How long the cached deployed/undeployed state of routes and services may be stale. */
  readonly routeStateTtlMs: number;
  readonly mandrill: MandrillConfig;
  readonly email: EmailDeliveryConfig;
  readonly passwordReset: PasswordResetConfig;
  readonly captureUrl: string;
  /** Browser origins allowed to call the API (CORS); empty answers no cross-origin request. */
  readonly corsOrigins: readonly string[];
  readonly loginThrottle: { readonly perAccount: number; readonly perIp: number; readonly windowMs: number };
}

/**
 * How long a client may take to send a request. A slower one (a slowloris holding sockets open
 * with a byte now and then) is answered `request-timeout` (408) and its connection closed.
 */
export interface RequestTimeouts {
  /** From the connection's first byte to the end of the request's headers. */
  readonly headersMs: number;
  /** From the first byte to the end of the body; at least `headersMs`. */
  readonly requestMs: number;
}

export interface MandrillConfig {
  /** Mandrill's API root; `/messages/send` is appended. Tests point it at a local fake. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fromEmail: string;
  readonly fromName: string;
  /** A send that has not answered in this long is abandoned and retried later. */
  readonly timeoutMs: number;
}

/** How the outbox worker retries. Delays grow as `retryBaseMs·2^(attempt-1)`, capped, with jitter. */
export interface EmailDeliveryConfig {
  /** Whether `npm start` runs the outbox worker in the server process. */
  readonly workerEnabled: boolean;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** A row claimed this long ago by a worker that never reported back is claimed again. */
  readonly leaseMs: number;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  /** Sends in flight at once per worker. */
  readonly concurrency: number;
}

export interface PasswordResetConfig {
  /** The page of PlanoAuth that takes `?reset_token=…`; the emailed link points there. */
  readonly url: string;
  readonly ttlMs: number;
  /** Reset emails allowed per user within the window (each one is a Mandrill send). */
  readonly maxPerWindow: number;
  readonly windowMs: number;
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
    requestTimeouts: requestTimeouts(
      positiveInteger(env.HEADERS_TIMEOUT_MS, 10_000, 'HEADERS_TIMEOUT_MS'),
      positiveInteger(env.REQUEST_TIMEOUT_MS, 30_000, 'REQUEST_TIMEOUT_MS'),
    ),
    routeStateTtlMs: integer(env.ROUTE_STATE_TTL_MS, 5_000),
    mandrill: {
      baseUrl: env.MANDRILL_BASE_URL ?? 'https://mandrillapp.com/api/1.0',
      apiKey: env.MANDRILL_API_KEY ?? '',
      fromEmail: env.MANDRILL_FROM_EMAIL ?? 'no-reply@planomedia.example',
      fromName: env.MANDRILL_FROM_NAME ?? 'Plano Media',
      timeoutMs: integer(env.MANDRILL_TIMEOUT_MS, 10_000),
    },
    email: {
      workerEnabled: (env.EMAIL_WORKER ?? 'true') === 'true',
      maxAttempts: integer(env.EMAIL_MAX_ATTEMPTS, 12),
      retryBaseMs: integer(env.EMAIL_RETRY_BASE_MS, 30_000),
      retryMaxMs: integer(env.EMAIL_RETRY_MAX_MS, 60 * 60_000),
      leaseMs: integer(env.EMAIL_LEASE_MS, 5 * 60_000),
      pollIntervalMs: integer(env.EMAIL_POLL_INTERVAL_MS, 1_000),
      batchSize: integer(env.EMAIL_BATCH_SIZE, 20),
      concurrency: integer(env.EMAIL_CONCURRENCY, 4),
    },
    passwordReset: {
      url: env.PASSWORD_RESET_URL ?? 'http://127.0.0.1:5173/password_reset',
      ttlMs: integer(env.PASSWORD_RESET_TTL_MS, 60 * 60_000),
      maxPerWindow: integer(env.PASSWORD_RESET_MAX_PER_WINDOW, 3),
      windowMs: integer(env.PASSWORD_RESET_WINDOW_MS, 15 * 60_000),
    },
    captureUrl: env.CAPTURE_URL ?? 'http://127.0.0.1:5173/xso',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
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

function positiveInteger(text: string | undefined, fallback: number, name: string): number {
  const n = integer(text, fallback);
  if (n === 0) throw new Error(`${name} must be at least 1 (a timeout cannot be switched off)`);
  return n;
}

function requestTimeouts(headersMs: number, requestMs: number): RequestTimeouts {
  if (headersMs > requestMs) {
    throw new Error(
      `HEADERS_TIMEOUT_MS (${headersMs}) must not exceed REQUEST_TIMEOUT_MS (${requestMs}): the headers are part of the request`,
    );
  }
  return { headersMs, requestMs };
}
