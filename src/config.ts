import { cleanEnv, type CleanedEnv } from 'envalid';
import {
  booleanVar,
  choiceVar,
  httpUrlVar,
  integerVar,
  moneyVar,
  originsVar,
  postgresUrlVar,
  redisUrlVar,
  textVar,
  timeZoneVar,
  trustProxyVar,
} from './config-values.js';
import { parseMoney, type Cents } from './protocol/money.js';

/** Everything the server reads from its environment, parsed once at start. */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
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
  readonly sessionCacheTtlMs: number;
  readonly mandrill: MandrillConfig;
  readonly email: EmailDeliveryConfig;
  readonly passwordReset: PasswordResetConfig;
  /** `/metrics` answers other machines only with `Authorization: Bearer <this>`; empty: loopback only. */
  readonly metricsToken: string;
  /** false: no /metrics, no per-request counting, no default collectors (to measure their cost). */
  readonly metricsEnabled: boolean;
  readonly captureUrl: string;
  /** Browser origins allowed to call the API (CORS); empty answers no cross-origin request. */
  readonly corsOrigins: readonly string[];
  readonly loginThrottle: ThrottleLimits;
  /** Per-address limits of the public routes that create something or send an email. */
  readonly addressThrottle: { readonly register: AddressLimit; readonly passwordReset: AddressLimit };
  /** Where the throttle counters live: Redis when set, the database otherwise. */
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  /** Fastify's `trustProxy`: whose X-Forwarded-For names the client (off: the socket's peer). */
  readonly trustProxy: TrustProxy;
  readonly purge: PurgeConfig;
  readonly appointments: AppointmentConfig;
  readonly payments: PaymentsConfig;
}

/** Appointment times and the cancelation fees (src/appointments, src/cancelations/cascade.ts). */
export interface AppointmentConfig {
  /** The office's IANA time zone: the `_office` renderings of appointment times. */
  readonly officeTimeZone: string;
  /** Fee of an appointment canceled less than 24 h before its start; 0: none. */
  readonly sameDayCancelFee: Cents;
  /** Fee of an appointment canceled less than 2 h before its start; 0: none. */
  readonly onSiteCancelFee: Cents;
}

/** The payment provider: Stripe when a secret key is set, else the built-in sandbox (never in production). */
export interface PaymentsConfig {
  /** Stripe's API root (`https://api.stripe.com`); tests point it at a local fake. */
  readonly stripeApiBase: string;
  /** Empty: no Stripe; the sandbox takes test cards (refused when NODE_ENV=production). */
  readonly stripeSecretKey: string;
  /** How often payments of delivered or canceled orders are captured, voided or refunded. */
  readonly settlementIntervalMs: number;
}

/** `false`, `true` (any proxy), a hop count, or the proxies' addresses/CIDRs, as Fastify takes it. */
export type TrustProxy = boolean | number | string;

export interface ThrottleLimits {
  /** Sign-in attempts that did not succeed, allowed per account from one address within the window. */
  readonly perAccountAndIp: number;
  /** Failed sign-ins of one account from all addresses after which each attempt must wait. */
  readonly accountSlowdownAfter: number;
  /** The longest wait the account-wide slowdown imposes (it doubles from one second up to this). */
  readonly accountMaxDelayMs: number;
  /** Sign-in attempts allowed per client address within the window (any account, any outcome). */
  readonly perIp: number;
  readonly windowMs: number;
}

export interface AddressLimit {
  /** Requests allowed per client address within the window. */
  readonly perIp: number;
  readonly windowMs: number;
}

/** The periodic deletion of rows no rule needs (src/jobs/purge.ts); retentions count from a row's end. */
export interface PurgeConfig {
  /** Whether `npm start` runs the job in the server process (safe on every instance). */
  readonly enabled: boolean;
  readonly intervalMs: number;
  /** How long an ended session (revoked or expired) is kept, for the record of who was signed in. */
  readonly sessionRetentionMs: number;
  /** How long a used or expired hand-off code is kept. */
  readonly xsoRetentionMs: number;
  /** How long a sent, failed or rejected email is kept. */
  readonly emailRetentionMs: number;
  readonly batchSize: number;
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

/** Secrets: a refusal names the variable but never repeats its value. */
const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'MANDRILL_API_KEY',
  'METRICS_TOKEN',
  'REDIS_URL',
  'STRIPE_SECRET_KEY',
]);

const DAY_MS = 24 * 60 * 60_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the server reads, in one place: what it accepts, its default and
 * what it means. `loadConfig` validates against it once at start; the README's variable tables
 * list exactly these names with these defaults (`test/config/schema.test.ts` checks). To add a
 * variable: one entry here, one line in `loadConfig`, one README row.
 */
export const ENV_SCHEMA = {
  NODE_ENV: choiceVar({
    default: 'development',
    choices: ['development', 'production', 'test'],
    desc: 'production: no demo data unless SEED_DEMO_DATA=true',
  }),
  DATABASE_URL: postgresUrlVar({ desc: 'PostgreSQL connection string; unset: embedded PGlite' }),
  PGLITE_DATA_DIR: textVar({ default: '.data/pglite', nonEmpty: true, desc: 'where PGlite keeps its files' }),
  HOST: textVar({ default: '127.0.0.1', nonEmpty: true, desc: 'address the server listens on' }),
  PORT: integerVar({ default: 3000, max: 65_535, desc: 'port the server listens on' }),
  SEED_DEMO_DATA: booleanVar({ desc: 'add demo data on start' }),
  LOG_LEVEL: choiceVar({ default: 'info', choices: LOG_LEVELS, desc: 'pino log level' }),
  BODY_LIMIT_BYTES: integerVar({ default: 1024 * 1024, min: 1, desc: 'largest request body' }),
  HEADERS_TIMEOUT_MS: integerVar({ default: 10_000, min: 1, desc: 'deadline for request headers' }),
  REQUEST_TIMEOUT_MS: integerVar({ default: 30_000, min: 1, desc: 'deadline for the whole request' }),
  ROUTE_STATE_TTL_MS: integerVar({ default: 5_000, desc: 'staleness of the cached deployed state' }),
  SESSION_CACHE_TTL_MS: integerVar({
    default: 30_000,
    desc: 'longest a cached session answers before it is read again; 0 turns the cache off',
  }),
  CAPTURE_URL: httpUrlVar({ default: 'http://127.0.0.1:5173/xso', desc: 'CaptuRE landing page (XSO)' }),
  CORS_ORIGINS: originsVar({ desc: 'browser origins allowed to call the API' }),
  LOGIN_MAX_FAILURES_PER_ACCOUNT_IP: integerVar({
    default: 10,
    min: 1,
    desc: 'unsuccessful sign-ins per account from one address',
  }),
  LOGIN_ACCOUNT_SLOWDOWN_AFTER: integerVar({
    default: 50,
    min: 1,
    desc: 'failed sign-ins per account (all addresses) before each attempt must wait',
  }),
  LOGIN_ACCOUNT_MAX_DELAY_MS: integerVar({ default: 60_000, min: 1_000, desc: 'longest such wait' }),
  LOGIN_MAX_ATTEMPTS_PER_IP: integerVar({ default: 100, min: 1, desc: 'sign-in attempts per address' }),
  LOGIN_THROTTLE_WINDOW_MS: integerVar({ default: 15 * 60_000, min: 1, desc: 'sign-in throttle window' }),
  REGISTER_MAX_PER_IP: integerVar({ default: 20, min: 1, desc: 'registrations per address' }),
  PASSWORD_RESET_MAX_PER_IP: integerVar({ default: 20, min: 1, desc: 'reset requests per address' }),
  ADDRESS_THROTTLE_WINDOW_MS: integerVar({ default: 60 * 60_000, min: 1, desc: 'per-address window' }),
  REDIS_URL: redisUrlVar({ desc: 'keep the throttle counters in Redis; unset: in the database' }),
  REDIS_KEY_PREFIX: textVar({ default: 'planocore:', desc: 'prefix of the Redis keys' }),
  TRUST_PROXY: trustProxyVar({ desc: "Fastify's trustProxy: true, a hop count, or proxy addresses" }),
  PURGE_JOB: booleanVar({ default: true, desc: 'run the purge job in the server process' }),
  PURGE_INTERVAL_MS: integerVar({ default: 60 * 60_000, min: 1, desc: 'time between purge rounds' }),
  PURGE_SESSION_RETENTION_MS: integerVar({ default: 30 * DAY_MS, desc: 'keep ended sessions' }),
  PURGE_XSO_RETENTION_MS: integerVar({ default: DAY_MS, desc: 'keep used or expired hand-off codes' }),
  PURGE_EMAIL_RETENTION_MS: integerVar({ default: 30 * DAY_MS, desc: 'keep settled emails' }),
  PURGE_BATCH_SIZE: integerVar({ default: 1_000, min: 1, desc: 'rows per purge statement' }),
  MANDRILL_BASE_URL: httpUrlVar({ default: 'https://mandrillapp.com/api/1.0', desc: 'Mandrill API root' }),
  MANDRILL_API_KEY: textVar({ default: '', desc: 'Mandrill API key; empty: nothing is sent' }),
  MANDRILL_FROM_EMAIL: textVar({ default: 'no-reply@planomedia.example', nonEmpty: true, desc: 'sender' }),
  MANDRILL_FROM_NAME: textVar({ default: 'Plano Media', desc: 'sender name' }),
  MANDRILL_TIMEOUT_MS: integerVar({ default: 10_000, min: 1, desc: 'deadline of one send' }),
  EMAIL_WORKER: booleanVar({ default: true, desc: 'run the outbox worker in the server process' }),
  EMAIL_MAX_ATTEMPTS: integerVar({ default: 12, min: 1, desc: 'sends before an email is failed' }),
  EMAIL_RETRY_BASE_MS: integerVar({ default: 30_000, min: 1, desc: 'first retry delay' }),
  EMAIL_RETRY_MAX_MS: integerVar({ default: 60 * 60_000, min: 1, desc: 'longest retry delay' }),
  EMAIL_LEASE_MS: integerVar({ default: 5 * 60_000, min: 1, desc: 'claim lease' }),
  EMAIL_POLL_INTERVAL_MS: integerVar({ default: 1_000, min: 1, desc: 'worker pause when idle' }),
  EMAIL_BATCH_SIZE: integerVar({ default: 20, min: 1, desc: 'emails claimed per round' }),
  EMAIL_CONCURRENCY: integerVar({ default: 4, min: 1, desc: 'sends in flight per worker' }),
  METRICS_TOKEN: textVar({ default: '', desc: 'bearer token for /metrics from other machines' }),
  METRICS_ENABLED: booleanVar({ default: true, desc: 'serve /metrics and count every request' }),
  PASSWORD_RESET_URL: httpUrlVar({
    default: 'http://127.0.0.1:5173/password_reset',
    desc: 'page the reset link opens',
  }),
  PASSWORD_RESET_TTL_MS: integerVar({ default: 60 * 60_000, min: 1, desc: 'reset token lifetime' }),
  PASSWORD_RESET_MAX_PER_WINDOW: integerVar({ default: 3, min: 1, desc: 'reset emails per window' }),
  PASSWORD_RESET_WINDOW_MS: integerVar({ default: 15 * 60_000, min: 1, desc: 'reset email window' }),
  OFFICE_TIME_ZONE: timeZoneVar({ default: 'America/Denver', desc: 'time zone of the office renderings' }),
  SAME_DAY_CANCEL_FEE: moneyVar({ default: '50.00', desc: 'fee of a cancel less than 24 h before' }),
  ON_SITE_CANCEL_FEE: moneyVar({ default: '100.00', desc: 'fee of a cancel less than 2 h before' }),
  STRIPE_API_BASE: httpUrlVar({ default: 'https://api.stripe.com', desc: 'Stripe API root' }),
  STRIPE_SECRET_KEY: textVar({ default: '', desc: 'Stripe secret key; empty: the built-in sandbox' }),
  PAYMENT_SETTLEMENT_INTERVAL_MS: integerVar({
    default: 60_000,
    min: 1,
    desc: 'time between settlement rounds',
  }),
};

export type Env = CleanedEnv<typeof ENV_SCHEMA>;

/** A refused configuration: every offending variable, each with what it accepts. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment against `ENV_SCHEMA`; an empty value counts as unset. */
export function readEnv(env: NodeJS.ProcessEnv): Env {
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  return cleanEnv(given, ENV_SCHEMA, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([variable, err]) => ({
        variable,
        message: SECRET_VARIABLES.has(variable)
          ? `${err?.message ?? 'invalid'} (value not shown)`
          : `${JSON.stringify(given[variable])} ${err?.message ?? 'is invalid'}`,
      }));
      if (problems.length > 0) throw new ConfigError(problems);
    },
  });
}

/** Everything the server reads from its environment, validated once (`ConfigError` when not). */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const env = readEnv(environment);
  const timeouts = { headersMs: env.HEADERS_TIMEOUT_MS, requestMs: env.REQUEST_TIMEOUT_MS };
  if (timeouts.headersMs > timeouts.requestMs) {
    throw new ConfigError([
      {
        variable: 'HEADERS_TIMEOUT_MS',
        message: `(${timeouts.headersMs}) must not exceed REQUEST_TIMEOUT_MS (${timeouts.requestMs}): the headers are part of the request`,
      },
    ]);
  }
  return {
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDataDir: env.PGLITE_DATA_DIR,
    seedDemoData: env.SEED_DEMO_DATA ?? env.NODE_ENV !== 'production',
    logLevel: env.LOG_LEVEL,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    requestTimeouts: timeouts,
    routeStateTtlMs: env.ROUTE_STATE_TTL_MS,
    sessionCacheTtlMs: env.SESSION_CACHE_TTL_MS,
    mandrill: {
      baseUrl: env.MANDRILL_BASE_URL,
      apiKey: env.MANDRILL_API_KEY,
      fromEmail: env.MANDRILL_FROM_EMAIL,
      fromName: env.MANDRILL_FROM_NAME,
      timeoutMs: env.MANDRILL_TIMEOUT_MS,
    },
    email: {
      workerEnabled: env.EMAIL_WORKER,
      maxAttempts: env.EMAIL_MAX_ATTEMPTS,
      retryBaseMs: env.EMAIL_RETRY_BASE_MS,
      retryMaxMs: env.EMAIL_RETRY_MAX_MS,
      leaseMs: env.EMAIL_LEASE_MS,
      pollIntervalMs: env.EMAIL_POLL_INTERVAL_MS,
      batchSize: env.EMAIL_BATCH_SIZE,
      concurrency: env.EMAIL_CONCURRENCY,
    },
    passwordReset: {
      url: env.PASSWORD_RESET_URL,
      ttlMs: env.PASSWORD_RESET_TTL_MS,
      maxPerWindow: env.PASSWORD_RESET_MAX_PER_WINDOW,
      windowMs: env.PASSWORD_RESET_WINDOW_MS,
    },
    metricsToken: env.METRICS_TOKEN,
    metricsEnabled: env.METRICS_ENABLED,
    captureUrl: env.CAPTURE_URL,
    corsOrigins: env.CORS_ORIGINS,
    loginThrottle: {
      perAccountAndIp: env.LOGIN_MAX_FAILURES_PER_ACCOUNT_IP,
      accountSlowdownAfter: env.LOGIN_ACCOUNT_SLOWDOWN_AFTER,
      accountMaxDelayMs: env.LOGIN_ACCOUNT_MAX_DELAY_MS,
      perIp: env.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowMs: env.LOGIN_THROTTLE_WINDOW_MS,
    },
    addressThrottle: {
      register: { perIp: env.REGISTER_MAX_PER_IP, windowMs: env.ADDRESS_THROTTLE_WINDOW_MS },
      passwordReset: { perIp: env.PASSWORD_RESET_MAX_PER_IP, windowMs: env.ADDRESS_THROTTLE_WINDOW_MS },
    },
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    trustProxy: env.TRUST_PROXY,
    purge: {
      enabled: env.PURGE_JOB,
      intervalMs: env.PURGE_INTERVAL_MS,
      sessionRetentionMs: env.PURGE_SESSION_RETENTION_MS,
      xsoRetentionMs: env.PURGE_XSO_RETENTION_MS,
      emailRetentionMs: env.PURGE_EMAIL_RETENTION_MS,
      batchSize: env.PURGE_BATCH_SIZE,
    },
    appointments: {
      officeTimeZone: env.OFFICE_TIME_ZONE,
      sameDayCancelFee: feeCents(env.SAME_DAY_CANCEL_FEE),
      onSiteCancelFee: feeCents(env.ON_SITE_CANCEL_FEE),
    },
    payments: {
      stripeApiBase: env.STRIPE_API_BASE,
      stripeSecretKey: env.STRIPE_SECRET_KEY,
      settlementIntervalMs: env.PAYMENT_SETTLEMENT_INTERVAL_MS,
    },
  };
}

/** The cancel fees the schema gives when nothing is set (the demo seed runs before any config). */
export function defaultCancelFees(): { sameDayCancelFee: Cents; onSiteCancelFee: Cents } {
  return {
    sameDayCancelFee: feeCents(String(ENV_SCHEMA.SAME_DAY_CANCEL_FEE.default)),
    onSiteCancelFee: feeCents(String(ENV_SCHEMA.ON_SITE_CANCEL_FEE.default)),
  };
}

/** A fee the schema already checked, in cents. */
function feeCents(text: string): Cents {
  const parsed = parseMoney(text);
  return parsed.ok ? parsed.cents : 0;
}
