import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { envelope } from '../protocol/envelope.js';
import { ApiError } from '../protocol/errors.js';
import { httpCodeOf } from '../protocol/statuses.js';
import type { RouteRecord } from '../protocol/route.js';
import {
  pipelineFor,
  requestLoggers,
  sendEnvelope,
  sendError,
  writesRequestLogs,
  type PipelineDeps,
} from './pipeline.js';

export interface ServerOptions extends PipelineDeps {
  readonly routes: readonly RouteRecord[];
  /** Extra plain (non-envelope-protocol) routes such as /healthz and /documentation. */
  readonly plugins?: readonly ((app: FastifyInstance) => void | Promise<void>)[];
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config, log } = options.context;
  const logOf = requestLoggers(log);
  const app = Fastify({
    // Fastify's request logging makes a child logger per request and listens for every reply's end
    // (about 5 µs a request, 8 % of the public route) and writes nothing above info. Above info it
    // gets no logger, and requestLoggers() gives the pipeline the app's own.
    ...(writesRequestLogs(log) ? { loggerInstance: log } : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && INCOMING_REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    clientErrorHandler: answerUnreadableRequest,
    // A path that is not valid percent-encoding (`/api/v1/%ff`) can name no route.
    frameworkErrors: (err, request, reply) => {
      const path = request.url.split('?', 1)[0];
      const status = err.code === 'FST_ERR_BAD_URL' ? 'route-non-existent' : 'invalid-encoded-params';
      sendError(
        request,
        reply,
        new ApiError(status, `No route ${request.method} ${path}`),
        null,
        logOf(request),
      );
    },
  });

  // Bodies reach the pipeline as raw bytes: it decides, per route, how to read them and which
  // status answers a body it cannot read.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  // A callback hook, not an async one: it runs on every reply, and a promise per reply shows.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers({
      'x-request-id': request.id,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    done(null, payload);
  });

  for (const route of options.routes) {
    app.route({ method: route.method, url: route.path, handler: pipelineFor(route, options) });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0];
    sendError(
      request,
      reply,
      new ApiError('route-non-existent', `No route ${request.method} ${path}`),
      null,
      logOf(request),
    );
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    sendError(request, reply, toApiError(err), null, logOf(request));
  });

  for (const plugin of options.plugins ?? []) await plugin(app);
  return app;
}

/** Errors Fastify raises before a handler runs, mapped to the documented statuses. */
function toApiError(err: FastifyError): unknown {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ApiError('payload-too-large', 'The request body is larger than this server accepts');
  }
  if (err.code?.startsWith('FST_ERR_CTP_')) return new ApiError('invalid-content-type', err.message);
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return new ApiError('invalid-encoded-params', 'The request could not be read');
  }
  return err;
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a URL or headers over
 * `maxHeaderSize`, malformed HTTP) still get the envelope, not Fastify's own error shape.
 */
function answerUnreadableRequest(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 'payload-too-large' : 'invalid-encoded-params';
  const message = tooLarge
    ? 'The request URL and headers are larger than this server accepts'
    : 'The request could not be read';
  const body = JSON.stringify(envelope(status, null, null, randomUUID(), { message, errors: [] }));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${httpCodeOf(status)} ${tooLarge ? 'Payload Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `cache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function healthRoute(ping: () => Promise<void>, kind: string, log: FastifyBaseLogger) {
  const logOf = requestLoggers(log);
  return (app: FastifyInstance) => {
    app.get('/healthz', async (request, reply) => {
      const started = performance.now();
      try {
        await ping();
        const data = {
          database: { reachable: true, kind, latency_ms: +(performance.now() - started).toFixed(2) },
        };
        sendEnvelope(reply, 200, envelope('action-successful', data, null, request.id));
      } catch (err) {
        logOf(request).error({ err }, 'health check: database unreachable');
        const data = { database: { reachable: false, kind } };
        sendEnvelope(
          reply,
          503,
          envelope('database-unreachable', data, null, request.id, {
            message: 'Database unreachable',
            errors: [],
          }),
        );
      }
    });
  };
}
