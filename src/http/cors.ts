import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * Browser apps (PlanoAuth, PlanoOrder, PlanoX2, CaptuRE) call this server from their own origins.
 * Only origins listed in CORS_ORIGINS are answered; tokens travel as params, never cookies, so no
 * credentials are allowed.
 */
export function corsPlugin(allowedOrigins: readonly string[]) {
  return async (app: FastifyInstance) => {
    if (allowedOrigins.length === 0) return;
    await app.register(cors, {
      origin: allowedOrigins.includes('*') ? '*' : [...allowedOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'accept', 'x-request-id'],
      exposedHeaders: ['x-request-id'],
      credentials: false,
      maxAge: 600,
    });
  };
}
