/** Seconds a client is told to wait (`Retry-After`) before trying again when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket errors that mean the database server cannot be reached or dropped the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * SQLSTATEs of a database that is going away or not taking connections: class 08 (connection
 * exception), 57P01–57P03 (shut down by an administrator, crash shutdown, cannot connect now) and
 * 53300 (too many connections).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What the drivers say, in words only, when the connection is gone (pg, pg-pool, Kysely). */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
  /^Client has encountered a connection error and is not queryable/,
  /^driver has already been destroyed/,
  /^PGlite is closed/,
];

/**
 * Whether an error means the database could not be reached (or the connection was lost mid-way),
 * rather than a bug or a refused statement: those answer `database-unreachable` (503, retryable),
 * not `application-crash`. A transaction whose connection was lost is rolled back by the server.
 */
export function isDatabaseUnreachable(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  const { code, message, cause, errors } = err as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || /^08/.test(code)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
    return true;
  // A host with several addresses fails with an AggregateError of one error per address.
  if (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((e) => isDatabaseUnreachable(e, depth + 1))
  ) {
    return true;
  }
  return isDatabaseUnreachable(cause, depth + 1);
}
