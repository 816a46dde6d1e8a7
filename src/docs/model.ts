/**
 * What every documentation format (HTML pages, markdown, OpenAPI) reads from a route record: its
 * params flattened in documented order, its statuses split as the pages list them, examples.
 */
import { orderedParams, type ParamMap, type ParamSpec } from '../protocol/params.js';
import type { AuthRequirement, RouteRecord } from '../protocol/route.js';
import { COMMON_STATUSES, STATUSES, UNCOMMON_STATUSES, type StatusSlug } from '../protocol/statuses.js';

/** One row of a parameter table: `client.email` for a parent's child, `ids[]` for an array's items. */
export interface DocParam {
  readonly name: string;
  /** 0 for a top-level param, 1 for a child or item of one, and so on. */
  readonly depth: number;
  /** An array's item declaration: it has no position of its own. */
  readonly isItem: boolean;
  readonly spec: ParamSpec;
}

export function flattenParams(params: ParamMap, prefix = '', depth = 0): DocParam[] {
  const rows: DocParam[] = [];
  for (const [name, spec] of orderedParams(params)) {
    const path = prefix + name;
    rows.push({ name: path, depth, isItem: false, spec });
    rows.push(...nestedRows(spec, path, depth + 1));
  }
  return rows;
}

function nestedRows(spec: ParamSpec, path: string, depth: number): DocParam[] {
  if (spec.type === 'parent' && spec.children) return flattenParams(spec.children, `${path}.`, depth);
  if (spec.type === 'array' && spec.items) {
    const itemPath = `${path}[]`;
    return [
      { name: itemPath, depth, isItem: true, spec: spec.items },
      ...nestedRows(spec.items, itemPath, depth + 1),
    ];
  }
  return [];
}

export interface DocStatus {
  readonly slug: StatusSlug;
  readonly http: number;
  readonly description: string;
  /** True for a route-scope status this route declares (shown under "Responses"). */
  readonly routeSpecific: boolean;
}

export interface RouteStatuses {
  /** Common statuses, then the route's own: the "Responses" section. */
  readonly responses: readonly DocStatus[];
  /** The "Uncommon Responses" section. */
  readonly uncommon: readonly DocStatus[];
}

function docStatus(slug: StatusSlug): DocStatus {
  const info = STATUSES[slug];
  return { slug, http: info.http, description: info.description, routeSpecific: info.scope === 'route' };
}

export function statusesOf(route: RouteRecord): RouteStatuses {
  const own = route.statuses.filter((slug) => STATUSES[slug].scope === 'route');
  return {
    responses: [...new Set([...COMMON_STATUSES, ...own])].map(docStatus),
    uncommon: UNCOMMON_STATUSES.map(docStatus),
  };
}

/** Every status a route may answer, each once. */
export function allStatusesOf(route: RouteRecord): DocStatus[] {
  const { responses, uncommon } = statusesOf(route);
  return [...responses, ...uncommon];
}

/** The statuses of a route grouped by HTTP code, codes ascending, slugs in page order. */
export function statusesByHttpCode(route: RouteRecord): Map<number, DocStatus[]> {
  const byCode = new Map<number, DocStatus[]>();
  for (const status of allStatusesOf(route)) {
    const list = byCode.get(status.http) ?? [];
    list.push(status);
    byCode.set(status.http, list);
  }
  return new Map([...byCode].sort(([a], [b]) => a - b));
}

export function describeAuth(auth: AuthRequirement): string {
  switch (auth.kind) {
    case 'public':
      return 'Public: no token is needed.';
    case 'user':
      return 'Any signed-in user: pass the session `token`.';
    case 'roles':
      return `A signed-in user acting as ${listWords(auth.roles)}, picked by the request's \`application\`: pass the session \`token\`.`;
    case 'application':
      return "An application's own API token: pass it as `token`.";
  }
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** `/api/v1/xso/capture_client` → `/documentation/api/v1/xso/capture_client` */
export function docPathOf(route: RouteRecord): string {
  return `/documentation${route.path}`;
}

/** A plausible value of a param's type, for request examples. */
export function exampleValue(spec: ParamSpec): unknown {
  switch (spec.type) {
    case 'string':
      return spec.possibleValues?.[0] ?? 'string'.slice(0, spec.maxLength);
    case 'integer':
      return 1;
    case 'float':
      return 1.5;
    case 'boolean':
      return true;
    case 'hash':
      return { key: 'value' };
    case 'json':
      return { any: 'json' };
    case 'parent':
      return exampleParams(spec.children ?? {});
    case 'array':
      return spec.items ? [exampleValue(spec.items)] : [];
  }
}

export function exampleParams(params: ParamMap): Record<string, unknown> {
  return Object.fromEntries(orderedParams(params).map(([name, spec]) => [name, exampleValue(spec)]));
}

/** Params as `key=value` pairs the decoder reads back (dotted keys for children, repeated keys for arrays). */
export function formPairs(value: Record<string, unknown>, prefix = ''): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + key;
    if (Array.isArray(v)) {
      for (const item of v)
        pairs.push([name, typeof item === 'object' ? JSON.stringify(item) : String(item)]);
    } else if (typeof v === 'object' && v !== null) {
      pairs.push(...formPairs(v as Record<string, unknown>, `${name}.`));
    } else {
      pairs.push([name, String(v)]);
    }
  }
  return pairs;
}

export interface RequestExample {
  /** The content type the route documents ("Request Body Example"). */
  readonly contentType: string;
  /** The example body, as sent. */
  readonly body: string;
  /** For base64 bodies: what the body decodes to. */
  readonly decoded?: string;
  /** For GET routes: the same params in a query string. */
  readonly query?: string;
}

export function requestExample(route: RouteRecord): RequestExample {
  const params = exampleParams(route.params);
  const json = JSON.stringify(params, null, 2);
  const form = new URLSearchParams(formPairs(params)).toString();
  const query = route.method === 'GET' && !route.sensitiveParams ? `${route.path}?${form}` : undefined;
  if (route.sensitiveParams) {
    const compact = JSON.stringify(params);
    return {
      contentType: route.bodyContentType,
      body: Buffer.from(compact).toString('base64'),
      decoded: json,
    };
  }
  const body = route.bodyContentType === 'application/x-www-form-urlencoded' ? form : json;
  return { contentType: route.bodyContentType, body, ...(query ? { query } : {}) };
}

/** Routes grouped by service, services in alphabetical order, routes by path. */
export function routesByService(routes: readonly RouteRecord[]): Map<string, RouteRecord[]> {
  const groups = new Map<string, RouteRecord[]>();
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const list = groups.get(route.service) ?? [];
    list.push(route);
    groups.set(route.service, list);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}
