import type { FastifyInstance, FastifyReply } from 'fastify';
import { collectionsOf, type ListItemCatalog } from '../protocol/list-items.js';
import type { RouteRecord } from '../protocol/route.js';
import { DOCS_CSP } from './assets.js';
import {
  renderIndex,
  renderListItemsPage,
  renderNotFound,
  renderRoutePage,
  type ListItemsOf,
} from './html.js';
import { docPathOf } from './model.js';
import { buildOpenApi, type OpenApiOptions } from './openapi.js';

export interface DocumentationOptions {
  readonly routes: readonly RouteRecord[];
  /** The live deployed state (code flag, operator switch, service switch). */
  readonly isDeployed: (route: RouteRecord) => boolean;
  readonly openApi?: OpenApiOptions;
  /** The active list items pages show for `param.listItem` params (none shown without it). */
  readonly listItems?: ListItemCatalog;
}

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,99}$/;

/** Search queries longer than this are cut: they could never match a route anyway. */
const MAX_QUERY_LENGTH = 200;

/**
 * Rendered pages keyed by the deployed state of every route: a page is rendered once per state
 * snapshot, and the whole cache is dropped when any route's state changes. A page showing list
 * items also carries their `version` (the items themselves): a list change renders it anew.
 */
class SnapshotCache {
  private snapshot = '';
  private readonly entries = new Map<string, { version: string; text: string }>();

  get(snapshot: string, key: string, render: () => string, version = ''): { text: string; renderMs: number } {
    if (snapshot !== this.snapshot) {
      this.snapshot = snapshot;
      this.entries.clear();
    }
    const cached = this.entries.get(key);
    if (cached !== undefined && cached.version === version) return { text: cached.text, renderMs: 0 };
    const started = performance.now();
    const text = render();
    const renderMs = performance.now() - started;
    this.entries.set(key, { version, text });
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
  const collectionsByRoute = new Map(routes.map((route) => [route, collectionsOf(route.params)]));
  const activeItems = async (collections: readonly string[]): Promise<ListItemsOf> =>
    collections.length > 0 && options.listItems ? options.listItems.activeItems(collections) : new Map();

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

    app.get<{ Params: { collection: string } }>(
      '/documentation/list_items/:collection',
      async (request, reply) => {
        const { collection } = request.params;
        const usedBy = routes.filter((route) => collectionsByRoute.get(route)!.includes(collection));
        const items = COLLECTION_NAME.test(collection)
          ? ((await activeItems([collection])).get(collection) ?? [])
          : [];
        if (usedBy.length === 0 && items.length === 0) {
          return sendHtml(reply, 404, renderNotFound(safeDecode(request.url.split('?', 1)[0]!), routes), 0);
        }
        const started = performance.now();
        const html = renderListItemsPage(collection, items, usedBy, routes);
        return sendHtml(reply, 200, html, performance.now() - started);
      },
    );

    app.get('/documentation/*', async (request, reply) => {
      const path = request.url.split('?', 1)[0]!;
      const route = byDocPath.get(path);
      if (route) {
        // One small query when the page shows list items; the items are the cache entry's version.
        const items = await activeItems(collectionsByRoute.get(route)!);
        const version = items.size > 0 ? JSON.stringify([...items]) : '';
        const { text, renderMs } = cache.get(
          snapshotOf(),
          path,
          () => renderRoutePage(route, isDeployed(route), items, routes),
          version,
        );
        return sendHtml(reply, 200, text, renderMs);
      }
      const trimmed = path.replace(/\/+$/, '');
      const known = trimmed === '/documentation' || trimmed === '/documentation/openapi.json';
      if (trimmed !== path && (known || byDocPath.has(trimmed))) {
        return reply.redirect(trimmed, 301);
      }
      return sendHtml(reply, 404, renderNotFound(safeDecode(path), routes), 0);
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
