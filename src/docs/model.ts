/**
 * What every documentation format (HTML pages, markdown, OpenAPI) reads from a route record: its
 * params flattened in documented order, its statuses split as the pages list them, examples.
 */
import { FORMAT_DOCS } from '../protocol/formats.js';
import { MONEY_MAX } from '../protocol/money.js';
import {
  formatOf,
  orderedParams,
  type ParamMap,
  type ParamSpec,
  type StringFormat,
} from '../protocol/params.js';
import { MAX_ARRAY_ITEMS } from '../protocol/validate.js';
import type { FieldSpec } from '../protocol/reply.js';
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
  if ((spec.type === 'parent' || spec.type === 'hash') && spec.children) {
    return flattenParams(spec.children, `${path}.`, depth);
  }
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
      return auth.permission
        ? `A signed-in ${listWords(auth.roles)} holding the \`${auth.permission}\` permission (others get \`permission-denied\`), picked by the request's \`application\`: pass the session \`token\`.`
        : `A signed-in user acting as ${listWords(auth.roles)}, picked by the request's \`application\`: pass the session \`token\`.`;
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

/** What an undeclared example of each format looks like. */
const FORMAT_EXAMPLES: Readonly<Record<StringFormat, string>> = {
  email: 'jane.doe@example.com',
  'email-list': 'jane.doe@example.com, sam.lee@example.com',
  id: '42',
  uuid: '3f1c2b9e-8d4a-4c6e-9b1f-0a2d3e4f5a6b',
  url: 'https://www.example.com/',
  decimal: '2.5',
  slug: 'client-request',
  date: '2026-01-05',
  time: '09:30',
  'date-time': '2026-01-05T12:00:00Z',
};

/**
 * The value request examples show: the declared `example`, or else one that passes the
 * declaration (the first possible value, a number inside min/max, text of the format).
 */
export function exampleValue(spec: ParamSpec): unknown {
  if (spec.example !== undefined) return spec.example;
  const format = formatOf(spec);
  switch (spec.type) {
    case 'string':
      if (spec.possibleValues?.[0] !== undefined) return spec.possibleValues[0];
      if (format) return FORMAT_EXAMPLES[format];
      return 'string'.padEnd(spec.minLength ?? 0, '-').slice(0, spec.maxLength);
    case 'date':
    case 'time':
      return FORMAT_EXAMPLES[format!];
    case 'datetime':
      return spec.acceptsDate ? FORMAT_EXAMPLES.date : FORMAT_EXAMPLES['date-time'];
    case 'integer':
      return clamp(1, spec);
    case 'float':
      return clamp(1.5, spec);
    case 'money':
      return clamp(49.99, spec);
    case 'boolean':
      return true;
    case 'hash':
      return spec.children ? exampleParams(spec.children) : { key: 'value' };
    case 'json':
      return { any: 'json' };
    case 'parent':
      return exampleParams(spec.children ?? {});
    case 'array':
      return spec.items
        ? Array.from({ length: Math.max(1, spec.minItems ?? 1) }, () => exampleValue(spec.items!))
        : [];
  }
}

function clamp(n: number, spec: ParamSpec): number {
  return Math.min(Math.max(n, spec.min ?? -Infinity), spec.max ?? Infinity);
}

/** One rule of a param in words; `inSchema` when a JSON Schema keyword states it too (OpenAPI). */
export interface RuleWords {
  readonly words: string;
  readonly inSchema: boolean;
}

/**
 * A param's rules in words, one sentence each, as the params tables show them (the max length,
 * possible values and list items have their own lines). Each comes from the declaration field the
 * validator checks, so the page cannot say other than what the server does.
 */
export function rulesOf(spec: ParamSpec): RuleWords[] {
  const rules: RuleWords[] = [];
  const add = (words: string, inSchema: boolean) => rules.push({ words, inSchema });
  const format = formatOf(spec);
  if (spec.type === 'money') {
    add(
      `An exact amount: a number or text with at most two decimal places (\`12\`, \`12.5\`, \`"12.34"\`), never rounded; ${range(spec.min ?? 0, spec.max ?? MONEY_MAX)}.`,
      false,
    );
  } else if (spec.min !== undefined || spec.max !== undefined) {
    add(`${capitalize(range(spec.min, spec.max))}.`, true);
  }
  if (format === 'date-time' && spec.acceptsDate) {
    add(`Format: a date (\`2026-01-05\`) or ${FORMAT_DOCS['date-time'].words}.`, false);
  } else if (format) {
    add(`Format: ${FORMAT_DOCS[format].words}.`, FORMAT_DOCS[format].openApi !== undefined);
  }
  if (spec.minLength !== undefined) add(`At least ${spec.minLength} characters.`, true);
  if (spec.minItems !== undefined) add(`At least ${plural(spec.minItems, 'item')}.`, true);
  if (spec.type === 'array') {
    add(`At most ${plural(Math.min(spec.maxItems ?? MAX_ARRAY_ITEMS, MAX_ARRAY_ITEMS), 'item')}.`, true);
  }
  if (spec.monthFirstWhen !== undefined) {
    add(`With \`${spec.monthFirstWhen}=true\`, \`MM/DD/YYYY\` too (read as month first).`, false);
  }
  if (spec.notInFuture) add('Not in the future.', false);
  if (spec.notBefore !== undefined) add(`Not before \`${spec.notBefore}\`.`, false);
  if (spec.requires?.length) {
    add(`Only with ${spec.requires.map((r) => `\`${r}\``).join(' and ')}.`, false);
  }
  if (spec.default !== undefined) add(`Default: \`${JSON.stringify(spec.default)}\`.`, true);
  if (spec.legacyDefault !== undefined) {
    add(`Left out (as older callers do): \`${JSON.stringify(spec.legacyDefault)}\`.`, false);
  }
  return rules;
}

export function ruleLines(spec: ParamSpec): string[] {
  return rulesOf(spec).map((rule) => rule.words);
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalize(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
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

/**
 * What request examples show for the caller's own token: never a value that looks live, but its
 * kind's prefix (`ps_…` a session token, `pa_…` an application's).
 */
export const TOKEN_PLACEHOLDERS = { session: 'ps_…', application: 'pa_…' } as const;

/** The placeholder of the `token` param of a route that reads one; undefined for public routes. */
export function tokenPlaceholder(route: RouteRecord): string | undefined {
  if (route.auth.kind === 'public' || !('token' in route.params)) return undefined;
  return route.auth.kind === 'application' ? TOKEN_PLACEHOLDERS.application : TOKEN_PLACEHOLDERS.session;
}

/** The example of one param row of a route: its declared example, a token as its placeholder. */
export function exampleOfParam(route: RouteRecord, row: { name: string; spec: ParamSpec }): unknown {
  const placeholder = row.name === 'token' ? tokenPlaceholder(route) : undefined;
  return placeholder ?? exampleValue(row.spec);
}

/** A route's example params, as request examples send them (the token as its placeholder). */
export function routeExampleParams(route: RouteRecord): Record<string, unknown> {
  const params = exampleParams(route.params);
  const placeholder = tokenPlaceholder(route);
  return placeholder === undefined ? params : { ...params, token: placeholder };
}

/** Where request examples send their calls. */
export const EXAMPLE_BASE_URL = 'http://127.0.0.1:3000';

/** `it's` → `'it'\''s'`: one single-quoted shell word. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * A curl command calling the route with its example params: a GET as `-G --data-urlencode`
 * pairs, a sensitive-params route's JSON encoded to base64 on the way (`base64 | tr -d '\n'`),
 * others with the body of their content type. Every call asks for the JSON envelope.
 */
export function curlExample(route: RouteRecord): string {
  const params = routeExampleParams(route);
  const url = shellQuote(`${EXAMPLE_BASE_URL}${route.path}`);
  const lines: string[] = [];
  const accept = "-H 'Accept: application/json'";
  if (route.sensitiveParams) {
    const json = JSON.stringify(params);
    lines.push(
      `curl -X ${route.method} ${url}`,
      accept,
      `-H ${shellQuote(`Content-Type: ${route.bodyContentType}`)}`,
      `--data-binary "$(printf '%s' ${shellQuote(json)} | base64 | tr -d '\\n')"`,
    );
  } else if (route.method === 'GET') {
    lines.push(`curl -G ${url}`, accept);
    for (const [key, value] of formPairs(params))
      lines.push(`--data-urlencode ${shellQuote(`${key}=${value}`)}`);
  } else if (route.bodyContentType === 'application/x-www-form-urlencoded') {
    lines.push(`curl -X ${route.method} ${url}`, accept);
    for (const [key, value] of formPairs(params))
      lines.push(`--data-urlencode ${shellQuote(`${key}=${value}`)}`);
  } else {
    lines.push(
      `curl -X ${route.method} ${url}`,
      accept,
      `-H ${shellQuote(`Content-Type: ${route.bodyContentType}`)}`,
      `--data-binary ${shellQuote(JSON.stringify(params, null, 2))}`,
    );
  }
  return lines.join(' \\\n  ');
}

export function requestExample(route: RouteRecord): RequestExample {
  const params = routeExampleParams(route);
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

/** What an example reply shows for a field without a declared example, by type. */
const FIELD_EXAMPLES: Readonly<Record<FieldSpec['type'], unknown>> = {
  string: 'text',
  integer: 1,
  number: 1.5,
  boolean: true,
  money: 149.5,
  datetime: '2026-01-05T15:04:05.000Z',
  date: '2026-01-05',
  object: {},
  list: [],
  json: {},
};

/**
 * An example of a declared reply: each field's declared `example` (null included), else the
 * first possible value or a value of its type; a list shows one item, optional fields are shown.
 */
export function exampleOfField(spec: FieldSpec): unknown {
  if ('example' in spec) return spec.example;
  switch (spec.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(spec.fields ?? {}).map(([name, f]) => [name, exampleOfField(f)]),
      );
    case 'list':
      return spec.items ? [exampleOfField(spec.items)] : [];
    case 'string':
      return spec.possibleValues?.[0] ?? FIELD_EXAMPLES.string;
    default:
      return FIELD_EXAMPLES[spec.type];
  }
}

/** The envelope of a successful call, with the example of the route's declared reply. */
export function exampleReply(route: RouteRecord): Record<string, unknown> {
  return {
    status: 'action-successful',
    data: exampleOfField(route.reply),
    session: route.auth.kind === 'public' ? null : EXAMPLE_SESSION,
    request_id: EXAMPLE_REQUEST_ID,
  };
}

export const EXAMPLE_REQUEST_ID = '9b2f4c1e-5d6a-4f0b-8e3c-2a7d1b6c9e40';

/** The default view of a session, as example replies show it. */
const EXAMPLE_SESSION = {
  id: 512,
  user_id: 42,
  application: 'planoauth',
  role: 'client',
  remember_me: false,
  acting_user_id: null,
  created_at: '2026-01-05T15:00:00.000Z',
  last_used_at: '2026-01-05T15:04:05.000Z',
  expires_at: '2026-01-12T15:00:00.000Z',
  idle_expires_at: '2026-01-08T15:04:05.000Z',
};
