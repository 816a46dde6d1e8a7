import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { envelope } from '../protocol/envelope.js';
import { sendEnvelope } from '../http/pipeline.js';
import type { Metrics } from './metrics.js';

/**
 * `GET /metrics` in Prometheus text. Served to a caller on this machine, or to one sending
 * `Authorization: Bearer <METRICS_TOKEN>`. A request that came through a proxy (it carries
 * `x-forwarded-for`) is not taken as local even when the proxy runs on loopback.
 */
export function metricsRoute(metrics: Metrics, token: string) {
  const expected = token ? digest(token) : null;
  const allowed = (request: FastifyRequest): boolean => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (expected && given !== undefined) return timingSafeEqual(digest(given), expected);
    return isLoopback(request.socket.remoteAddress) && request.headers['x-forwarded-for'] === undefined;
  };
  return (app: FastifyInstance) => {
    app.get('/metrics', async (request, reply) => {
      if (!allowed(request)) {
        const message =
          'Metrics are served to this machine only, or with Authorization: Bearer <METRICS_TOKEN>';
        sendEnvelope(
          reply,
          403,
          envelope('permission-denied', null, null, request.id, { message, errors: [] }),
        );
        return;
      }
      const text = await metrics.text();
      reply.code(200).header('content-type', metrics.contentType).send(text);
    });
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}
