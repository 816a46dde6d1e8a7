import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteRecord } from '../protocol/route.js';
import { DOCS_CSP } from './assets.js';
import { renderIndex, renderNotFound, renderRoutePage } from './html.js';
import { docPathOf } from './model.js';
import { buildOpenApi, type OpenApiOptions } from './openapi.js';

export interface DocumentationOptions {
  readonly routes: readonly RouteRecord[];
  /** The live deployed state (code flag, operator switch, service switch). */
  readonly isDeployed: (route: RouteRecord) => boolean;
  readonly openApi?: OpenApiOptions;
}

/** Search queries longer than this are cut: they could never match a route anyway. */
const MAX_QUERY_LENGTH = 200;

/**
 * Rendered pages keyed by the deployed state of every route: a page is rendered once per state
 * snapshot, and the whole cache is dropped when any route's state changes.
 */
class SnapshotCache {
  private snapshot = '';
  private readonly entries = new Map<string, string>();

  get(snapshot: string, key: string, render: () => string): { text: string; renderMs: number } {
    if (snapshot !== this.snapshot) {
      this.snapshot = snapshot;
      this.entries.clear();
    }
    const cached = this.entries.get(key);
    if (cached !== undefined) return { text: cached, renderMs: 0 };
    const started = performance.now();
    const text = render();
    const renderMs = performance.now() - started;
    this.entries.set(key, text);
    return { text, renderMs };
  }
}

/**
 * `GET /documentation` (index), `/documentation/api/v1/<resource>/<action>` (one page per route,
 * deployed or not) and `/documentation/openapi.json` (deployed routes only).
 */
export function documentationPlugin(options: DocumentationOptions) {
  const { routes, isDeployed } = options;
  const byDocPath = new Map(routes.map((route) => [docPathOf(route), route]));
  const cache = new SnapshotCache();
  const snapshotOf = () => routes.map((route) => (isDeployed(route) ? '1' : '0')).join('');

  return (app: FastifyInstance) => {
    app.get<{ Querystring: { q?: unknown } }>('/documentation', async (request, reply) => {
      const q = typeof request.query.q === 'string' ? request.query.q.slice(0, MAX_QUERY_LENGTH) : '';
      const entries = () => routes.map((route) => ({ route, deployed: isDeployed(route) }));
      if (q.trim()) {
        const started = performance.now();
        const html = renderIndex(entries(), q);
        return sendHtml(reply, 200, html, performance.now() - started);
      }
      const { text, renderMs } = cache.get(snapshotOf(), 'index', () => renderIndex(entries()));
      return sendHtml(reply, 200, text, renderMs);
    });

    app.get('/documentation/openapi.json', async (_request, reply) => {
      const { text, renderMs } = cache.get(snapshotOf(), 'openapi', () =>
        JSON.stringify(buildOpenApi(routes.filter(isDeployed), options.openApi), null, 2),
      );
      return reply
        .code(200)
        .header('content-type', 'application/json; charset=utf-8')
        .header('server-timing', serverTiming(renderMs))
        .send(text);
    });

    app.get('/documentation/*', async (request, reply) => {
      const path = request.url.split('?', 1)[0]!;
      const route = byDocPath.get(path);
      if (route) {
        const { text, renderMs } = cache.get(snapshotOf(), path, () =>
          renderRoutePage(route, isDeployed(route)),
        );
        return sendHtml(reply, 200, text, renderMs);
      }
      const trimmed = path.replace(/\/+$/, '');
      const known = trimmed === '/documentation' || trimmed === '/documentation/openapi.json';
      if (trimmed !== path && (known || byDocPath.has(trimmed))) {
        return reply.redirect(trimmed, 301);
      }
      return sendHtml(reply, 404, renderNotFound(safeDecode(path)), 0);
    });
  };
}

function sendHtml(reply: FastifyReply, code: number, html: string, renderMs: number): FastifyReply {
  return reply
    .code(code)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', DOCS_CSP)
    .header('server-timing', serverTiming(renderMs))
    .send(html);
}

/** `render;dur=0.41`: 0 when the page came from the cache. */
function serverTiming(renderMs: number): string {
  return `render;dur=${renderMs.toFixed(2)}`;
}

/** The path as the reader typed it, control characters replaced. */
function safeDecode(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // not valid percent-encoding: show it as it came
  }
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return decoded.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}
