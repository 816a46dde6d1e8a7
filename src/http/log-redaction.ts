import type { SerializedError } from 'pino';
import type { RouteRecord } from '../protocol/route.js';

/**
 * What the logs may say about a request or an error. No log line, at any level, carries a token,
 * a hand-off code, a password or any value of a sensitive-params route: the request line logs a
 * URL whose secret query values are replaced, never a body or a header; an error logs its type,
 * message and stack (secrets scrubbed) and a few database fields, never the values a driver
 * attaches (`detail`, `where`, `parameters`).
 */

/** Query names whose values are secrets, on any route: `token`, `code`, `new_password`, `api_key` … */
const SECRET_NAME = /token|password|secret|code|key|signature/i;

/** A PlanoCore token or code (`ps_…` session, `pa_…` application, `px_…` hand-off, `pr_…` reset). */
const TOKEN_TEXT = /\bp[saxr]_[A-Za-z0-9_-]{16,}/g;
/** Credentials in a connection string: `postgres://user:password@host`. */
const URL_CREDENTIALS = /\/\/[^/\s:@]+:[^/\s@]+@/g;

export const REDACTED = '[redacted]';

/** Replaces what looks like a token, or a connection string's credentials, in free text. */
export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_TEXT, REDACTED).replace(URL_CREDENTIALS, `//${REDACTED}@`);
}

/**
 * The URL with the value of every secret-named query param replaced, or of every param when
 * `everyValue` (a sensitive-params route, whose query should carry nothing, but may).
 */
export function redactUrl(url: string, everyValue: boolean): string {
  const start = url.indexOf('?');
  if (start === -1) return scrubSecrets(url);
  const pairs = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      if (equals === -1) return everyValue ? REDACTED : pair;
      return everyValue || SECRET_NAME.test(decodeName(name)) ? `${name}=${REDACTED}` : pair;
    });
  return scrubSecrets(`${url.slice(0, start + 1)}${pairs.join('&')}`);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

/** The parts of a request Fastify's request log needs. */
interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly ip?: string;
  readonly socket?: { readonly remotePort?: number };
  readonly routeOptions?: { readonly url?: string };
}

const DATABASE_FIELDS = ['code', 'severity', 'routine', 'constraint', 'table', 'column', 'schema'];
const MAX_CAUSES = 3;

/**
 * Serializers for the app's pino logger; Fastify's request logger inherits them. Built from the
 * route records, which say which routes take sensitive params.
 */
export function logSerializers(routes: readonly RouteRecord[]) {
  const sensitivePaths = new Set(routes.filter((r) => r.sensitiveParams).map((r) => r.path));
  return {
    req(request: LoggedRequest) {
      const url = request.url ?? '';
      const path = request.routeOptions?.url ?? url.split('?', 1)[0]!;
      return {
        method: request.method,
        url: redactUrl(url, sensitivePaths.has(path)),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      };
    },
    res(reply: { readonly statusCode?: number }) {
      return { statusCode: reply.statusCode };
    },
    err: serializeError,
  };
}

export function serializeError(err: unknown, depth = 0): SerializedError | unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrubSecrets(err) : err;
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name,
    message: scrubSecrets(err.message),
    stack: scrubSecrets(err.stack ?? ''),
  };
  for (const field of DATABASE_FIELDS) {
    const value = (err as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (err.cause !== undefined && depth < MAX_CAUSES) out.cause = serializeError(err.cause, depth + 1);
  return out;
}
