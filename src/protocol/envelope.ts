import type { ParamError } from './errors.js';
import type { StatusSlug } from './statuses.js';

/** The one reply shape of every route. */
export interface Envelope {
  status: StatusSlug;
  data: unknown;
  session: unknown;
  request_id: string;
  /** On errors: a human-readable sentence. */
  message?: string;
  /** On errors: one entry per offending param; empty when no param is to blame. */
  errors?: { param: string; status: StatusSlug; message: string }[];
}

export function envelope(
  status: StatusSlug,
  data: unknown,
  session: unknown,
  requestId: string,
  error?: { message: string; errors: readonly ParamError[] },
): Envelope {
  const reply: Envelope = { status, data: data ?? null, session: session ?? null, request_id: requestId };
  if (!error) return reply;
  reply.message = error.message || status;
  reply.errors = error.errors.map((e) => ({ param: e.param, status: e.status, message: e.message }));
  return reply;
}
