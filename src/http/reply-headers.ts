import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sent with every reply, beside `x-request-id`: by the server's onSend hook, and by the paths
 * Fastify and Node's HTTP parser answer without running it (a path that is not valid
 * percent-encoding, malformed HTTP, oversized headers, timeouts). The bench's bare baseline sends
 * them too, so its ratios compare the protocol's work and not a shorter reply.
 */
export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** The reply contract's headers: the request's id and the security headers. */
export function withReplyHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id).headers(SECURITY_HEADERS);
}
