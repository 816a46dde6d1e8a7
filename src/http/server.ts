import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS } from '../db/unreachable.js';
import { envelope } from '../protocol/envelope.js';
import { ApiError } from '../protocol/errors.js';
import { httpCodeOf, type StatusSlug } from '../protocol/statuses.js';
import type { RouteRecord } from '../protocol/route.js';
import { SECURITY_HEADERS, withReplyHeaders } from './reply-headers.js';
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
  const { headersMs, requestMs } = config.requestTimeouts;
  const app = Fastify({
    // Fastify's request logging makes a child logger per request and listens for every reply's end
    // (about 5 µs a request, 8 % of the public route) and writes nothing above info. Above info it
    // gets no logger, and requestLoggers() gives the pipeline the app's own.
    ...(writesRequestLogs(log) ? { loggerInstance: log } : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    // Behind a load balancer every request comes from it; trusting it (and only it) makes
    // `request.ip` the client's address from X-Forwarded-For, which the throttles count.
    trustProxy: trustProxyOption(config.trustProxy),
    // Node checks these on a timer (`connectionsCheckingInterval`, 30 s by default, which would let
    // a 10 s timeout run to 40 s): a tenth of the shorter one, at most a second.
    requestTimeout: requestMs,
    http: {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersMs / 10))),
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && INCOMING_REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    clientErrorHandler: answerUnreadableRequest,
    // A path that is not valid percent-encoding (`/api/v1/%ff`) can name no route.
    frameworkErrors: (err, request, reply) => {
      // The onSend hook does not run for these.
      withReplyHeaders(request, reply);
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

  // Once closing, a reply to a request that was in flight closes its connection: a keep-alive
  // client would otherwise hold the server open until the shutdown deadline.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // A callback hook, not an async one: it runs on every reply, and a promise per reply shows.
  app.addHook('onSend', (request, reply, payload, done) => {
    withReplyHeaders(request, reply);
    if (closing) reply.header('connection', 'close');
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

/** A hop count trusts that many proxies nearest the server, whatever their address. */
function trustProxyOption(trust: boolean | number | string) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
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

/** What Node's HTTP parser and its timers refuse before Fastify sees a request, by error code. */
const UNREADABLE: Record<string, { status: StatusSlug; reason: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 'payload-too-large',
    reason: 'Payload Too Large',
    message: 'The request URL and headers are larger than this server accepts',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 'request-timeout',
    reason: 'Request Timeout',
    message:
      'The request did not arrive in time (HEADERS_TIMEOUT_MS for the headers, REQUEST_TIMEOUT_MS in all)',
  },
};
const MALFORMED = {
  status: 'invalid-encoded-params',
  reason: 'Bad Request',
  message: 'The request could not be read',
} as const;

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a URL or headers over
 * `maxHeaderSize`, malformed HTTP, a client too slow to send its request) still get the envelope
 * and the security headers, not Fastify's own error shape. Nothing of the request is logged: its
 * raw bytes may hold a token.
 */
function answerUnreadableRequest(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, reason, message } = UNREADABLE[err.code ?? ''] ?? MALFORMED;
  const requestId = randomUUID();
  const body = JSON.stringify(envelope(status, null, null, requestId, { message, errors: [] }));
  if (socket.writable) {
    const headers = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(
      `HTTP/1.1 ${httpCodeOf(status)} ${reason}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n${headers.join('')}connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function healthRoute(ping: () => Promise<void>, kind: string, log: FastifyBaseLogger) {
  const logOf = requestLoggers(log);
  return (app: FastifyInstance) => {
    // The process answers: nothing about the database (a restart would not bring it back).
    app.get('/livez', (request, reply) => {
      sendEnvelope(reply, 200, envelope('action-successful', { process: 'up' }, null, request.id));
    });
    // /readyz (may this instance take traffic?) and /healthz (kept for existing checks) both ask the database.
    const ready = async (request: FastifyRequest, reply: FastifyReply) => {
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
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        sendEnvelope(
          reply,
          503,
          envelope('database-unreachable', data, null, request.id, {
            message: 'Database unreachable',
            errors: [],
          }),
        );
      }
    };
    app.get('/readyz', ready);
    app.get('/healthz', ready);
  };
}
