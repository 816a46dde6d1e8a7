/**
 * Every reply a test receives from an API route is checked against the protocol: the envelope's
 * fields, the HTTP code of its status, `message` and `errors` on errors, the `session` object, and
 * a success's `data` against the route's declared `reply`. A reply that differs fails the test
 * that received it, whatever that test asserts.
 */
import { sessionField } from '../../src/auth/session-views.js';
import { checkReply, type ReplyMismatch } from '../../src/protocol/reply.js';
import type { RouteRecord } from '../../src/protocol/route.js';
import { httpCodeOf, STATUSES, type StatusSlug } from '../../src/protocol/statuses.js';

const ENVELOPE_KEYS = new Set(['status', 'data', 'session', 'request_id', 'message', 'errors']);

export class ReplyMismatchError extends Error {
  override name = 'ReplyMismatchError';
}

/** Indexes routes by `METHOD path` (HEAD answers as GET). */
export function routeIndex(routes: readonly RouteRecord[]): ReadonlyMap<string, RouteRecord> {
  return new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
}

/** The ways a reply breaks the protocol or its route's declaration; empty when it keeps both. */
export function replyMismatches(
  routes: ReadonlyMap<string, RouteRecord>,
  request: { method: string; path: string },
  reply: { http: number; body: unknown },
): ReplyMismatch[] {
  if (!request.path.startsWith('/api/') || request.method === 'HEAD' || request.method === 'OPTIONS')
    return [];
  const body = reply.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ path: 'body', problem: 'is not the JSON envelope' }];
  }
  const envelope = body as Record<string, unknown>;
  const out: ReplyMismatch[] = [];
  for (const key of Object.keys(envelope)) {
    if (!ENVELOPE_KEYS.has(key)) out.push({ path: key, problem: 'is not a field of the envelope' });
  }
  for (const key of ['data', 'session']) {
    if (!(key in envelope)) out.push({ path: key, problem: 'is missing' });
  }
  if (typeof envelope.request_id !== 'string') out.push({ path: 'request_id', problem: 'is not a string' });
  const status = envelope.status;
  if (typeof status !== 'string' || !(status in STATUSES)) {
    out.push({ path: 'status', problem: `${JSON.stringify(status)} is not a status of the table` });
    return out;
  }
  const expectedHttp = httpCodeOf(status as StatusSlug);
  const redirect = status === 'action-successful' && reply.http === 302;
  if (reply.http !== expectedHttp && !redirect) {
    out.push({ path: 'status', problem: `${status} came with HTTP ${reply.http}, not ${expectedHttp}` });
  }
  if (envelope.session !== null && envelope.session !== undefined) {
    out.push(...checkReply(sessionField, envelope.session, 'session'));
  }
  if (status === 'action-successful') {
    if ('message' in envelope || 'errors' in envelope) {
      out.push({ path: 'message', problem: 'a success has no message or errors' });
    }
    const route = routes.get(`${request.method} ${request.path}`);
    if (!route) out.push({ path: 'data', problem: `no route ${request.method} ${request.path} declares it` });
    else out.push(...checkReply(route.reply, envelope.data));
    return out;
  }
  if (typeof envelope.message !== 'string' || envelope.message === '') {
    out.push({ path: 'message', problem: 'an error reply must have a message' });
  }
  if (!Array.isArray(envelope.errors)) {
    out.push({ path: 'errors', problem: 'an error reply must have an errors list (possibly empty)' });
  } else {
    envelope.errors.forEach((e: unknown, i) => {
      const entry = e as Record<string, unknown> | null;
      const ok =
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.param === 'string' &&
        typeof entry.message === 'string' &&
        typeof entry.status === 'string' &&
        entry.status in STATUSES &&
        Object.keys(entry).length === 3;
      if (!ok) out.push({ path: `errors[${i}]`, problem: 'is not {param, status, message}' });
    });
  }
  return out;
}

/** Throws when the reply breaks the protocol or its route's declaration. */
export function assertReplyMatches(
  routes: ReadonlyMap<string, RouteRecord>,
  request: { method: string; path: string },
  reply: { http: number; body: unknown },
): void {
  const problems = replyMismatches(routes, request, reply);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  ${p.path} ${p.problem}`).join('\n');
  throw new ReplyMismatchError(
    `The reply to ${request.method} ${request.path} (HTTP ${reply.http}) does not match its declaration:\n${lines}`,
  );
}
