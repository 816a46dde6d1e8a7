/**
 * The typed client (`npm run client`): one dependency-free TypeScript module written from the
 * route records. One function per route, its params typed from the param declarations, its `data`
 * from the reply declaration, its statuses as a union; sensitive-params routes get their body
 * base64-encoded by the client. Works for any route record: nothing here names a route.
 */
import { orderedParams, type ParamMap, type ParamSpec } from '../protocol/params.js';
import type { FieldSpec } from '../protocol/reply.js';
import type { RouteRecord } from '../protocol/route.js';
import { STATUSES } from '../protocol/statuses.js';
import { allStatusesOf, flattenParams } from './model.js';
import { baseOperationId } from './openapi.js';

export interface ClientSourceOptions {
  /** The shape of the envelope's `session` (typed `unknown` without it). */
  readonly session?: FieldSpec;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** An object key as TypeScript source: bare when it can be, else quoted. */
function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** Text made safe inside a block comment. */
function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}

function literalUnion(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(' | ');
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}

/** The TypeScript type of what a caller passes for a param. */
export function paramType(spec: ParamSpec, depth = 0): string {
  switch (spec.type) {
    case 'string':
      return spec.possibleValues?.length ? literalUnion(spec.possibleValues) : 'string';
    case 'integer':
    case 'float':
      return 'number';
    case 'money':
      return 'number | string';
    case 'boolean':
      return 'boolean';
    case 'date':
    case 'time':
    case 'datetime':
      return 'string';
    case 'hash':
      return 'Record<string, unknown>';
    case 'json':
      return 'unknown';
    case 'parent':
      return paramsType(spec.children ?? {}, depth);
    case 'array': {
      const item = spec.items ? paramType(spec.items, depth) : 'unknown';
      return /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
  }
}

/** An object type of params: required ones (without a default) must be given. */
function paramsType(params: ParamMap, depth: number): string {
  const entries = orderedParams(params);
  if (entries.length === 0) return 'Record<string, never>';
  const lines = entries.map(([name, spec]) => {
    const doc = spec.description ? `${indent(depth + 1)}/** ${commentText(spec.description)} */\n` : '';
    const optional = spec.required && spec.default === undefined ? '' : '?';
    return `${doc}${indent(depth + 1)}${key(name)}${optional}: ${paramType(spec, depth + 1)};`;
  });
  return `{\n${lines.join('\n')}\n${indent(depth)}}`;
}

/** The TypeScript type of a declared reply field. */
export function fieldType(spec: FieldSpec, depth = 0): string {
  let base: string;
  switch (spec.type) {
    case 'string':
      base = spec.possibleValues?.length ? literalUnion(spec.possibleValues) : 'string';
      break;
    case 'integer':
    case 'number':
    case 'money':
      base = 'number';
      break;
    case 'boolean':
      base = 'boolean';
      break;
    case 'datetime':
    case 'date':
      base = 'string';
      break;
    case 'json':
      return 'unknown';
    case 'list': {
      const item = spec.items ? fieldType(spec.items, depth) : 'unknown';
      base = /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
      break;
    }
    case 'object': {
      const entries = Object.entries(spec.fields ?? {});
      if (entries.length === 0) {
        base = 'Record<string, never>';
        break;
      }
      const lines = entries.map(([name, f]) => {
        const doc = f.description ? `${indent(depth + 1)}/** ${commentText(f.description)} */\n` : '';
        return `${doc}${indent(depth + 1)}${key(name)}${f.optional ? '?' : ''}: ${fieldType(f, depth + 1)};`;
      });
      base = `{\n${lines.join('\n')}\n${indent(depth)}}`;
      break;
    }
  }
  return spec.nullable ? `${base} | null` : base;
}

/**
 * The function of a route: its OpenAPI operationId (`/api/v1/password_reset/request` →
 * `passwordResetRequest`), made a valid identifier.
 */
export function functionNameOf(route: RouteRecord): string {
  const name = baseOperationId(route).replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[A-Za-z_$]/.test(name) ? name : `_${name}`;
}

/** Names of the functions, one per route; a second route on the same path gets its method added. */
function functionNames(routes: readonly RouteRecord[]): Map<RouteRecord, string> {
  const names = new Map<RouteRecord, string>();
  const taken = new Set<string>();
  for (const route of routes) {
    let name = functionNameOf(route);
    if (taken.has(name)) name += route.method[0] + route.method.slice(1).toLowerCase();
    for (let i = 2; taken.has(name); i++) name = `${functionNameOf(route)}${i}`;
    taken.add(name);
    names.set(route, name);
  }
  return names;
}

function pascal(name: string): string {
  return name[0]!.toUpperCase() + name.slice(1);
}

/** Paths (`doc`, `client.meta`) of `json` params, which a query string carries as JSON text. */
function jsonParamPaths(route: RouteRecord): string[] {
  return flattenParams(route.params)
    .filter((row) => row.spec.type === 'json' && !row.isItem)
    .map((row) => row.name);
}

const RUNTIME = `
/** The part of \`fetch\` the client uses (the global one unless another is given). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface ClientOptions {
  /** Where PlanoCore listens, e.g. \`http://127.0.0.1:3000\`. */
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
  /** Sent with every request. */
  readonly headers?: Record<string, string>;
}

/** One entry of an error reply's \`errors\`. */
export interface ParamError {
  param: string;
  status: Status;
  message: string;
}

interface EnvelopeBase {
  /** The HTTP status code of the reply. */
  http: number;
  session: Session | null;
  request_id: string;
}

/** A reply: \`data\` is the route's declared shape once \`status\` is \`action-successful\`. */
export type Reply<D, S extends Status> =
  | (EnvelopeBase & { status: 'action-successful'; data: D })
  | (EnvelopeBase & {
      status: Exclude<S, 'action-successful'>;
      data: unknown;
      message: string;
      errors: ParamError[];
    });

interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly sensitive: boolean;
  readonly contentType: string;
  readonly jsonParams: readonly string[];
}

interface Encoding {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  btoa(bytes: string): string;
  fetch: FetchLike;
}
const host = globalThis as unknown as Encoding;

function base64(text: string): string {
  const bytes = new host.TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return host.btoa(binary);
}

/** Params as query pairs: children as \`a.b\`, arrays and \`json\` params as JSON text. */
function queryPairs(value: unknown, name: string, jsonParams: readonly string[], out: string[]): void {
  if (value === undefined) return;
  const put = (v: string) => out.push(encodeURIComponent(name) + '=' + encodeURIComponent(v));
  if (jsonParams.includes(name) || Array.isArray(value)) {
    put(JSON.stringify(value));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) queryPairs(v, name ? name + '.' + k : k, jsonParams, out);
  } else put(String(value));
}

async function request<D, S extends Status>(
  options: ClientOptions,
  route: RouteInfo,
  params: object,
): Promise<Reply<D, S>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let url = options.baseUrl.replace(/\\/+$/, '') + route.path;
  let body: string | undefined;
  if (route.sensitive) {
    body = base64(JSON.stringify(params));
    headers['content-type'] = route.contentType;
  } else if (route.method === 'GET') {
    const pairs: string[] = [];
    queryPairs(params, '', route.jsonParams, pairs);
    if (pairs.length > 0) url += '?' + pairs.join('&');
  } else {
    body = JSON.stringify(params);
    headers['content-type'] = 'application/json';
  }
  const send = options.fetch ?? host.fetch;
  const response = await send(url, { method: route.method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new Error(\`\${route.method} \${route.path} answered HTTP \${response.status} without the JSON envelope\`);
  }
  return { http: response.status, ...(envelope as object) } as Reply<D, S>;
}
`;

/** The source of the client module. */
export function renderClient(routes: readonly RouteRecord[], options: ClientSourceOptions = {}): string {
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  const names = functionNames(sorted);
  const out: string[] = [
    '/**',
    ' * PlanoCore API client, written by `npm run client` from the route records. Do not edit: run',
    ' * it again when routes change. No dependencies: it needs a global `fetch` (or one passed in).',
    ' */',
    '/* eslint-disable */',
    '',
    '/** Every status slug a reply may carry. */',
    `export type Status =\n  | ${Object.keys(STATUSES)
      .map((s) => JSON.stringify(s))
      .join('\n  | ')};`,
    '',
    "/** The envelope's `session`. */",
    `export type Session = ${options.session ? fieldType(options.session) : 'unknown'};`,
    RUNTIME,
  ];
  const info: string[] = [];
  const functions: string[] = [];
  for (const route of sorted) {
    const name = names.get(route)!;
    const type = pascal(name);
    const statuses = [...new Set(['action-successful', ...allStatusesOf(route).map((s) => s.slug)])];
    const doc = `/** ${commentText(route.title)}: ${route.method} ${route.path}. ${commentText(route.purpose)} */`;
    out.push(
      `/** The params of ${name} (${route.method} ${route.path}). */`,
      `export type ${type}Params = ${paramsType(route.params, 0)};`,
      '',
      `/** The \`data\` of a successful ${name}. */`,
      `export type ${type}Data = ${fieldType(route.reply)};`,
      '',
      `/** The statuses ${name} may answer. */`,
      `export type ${type}Status =\n  | ${statuses.map((s) => JSON.stringify(s)).join('\n  | ')};`,
      '',
    );
    info.push(
      `  ${key(name)}: ${JSON.stringify({
        method: route.method,
        path: route.path,
        sensitive: route.sensitiveParams,
        contentType: route.bodyContentType,
        jsonParams: jsonParamPaths(route),
      })},`,
    );
    const required = Object.values(route.params).some((p) => p.required && p.default === undefined);
    functions.push(
      `    ${doc}`,
      `    ${key(name)}: (params: ${type}Params${required ? '' : ' = {}'}): Promise<Reply<${type}Data, ${type}Status>> =>`,
      `      request(options, routes.${name}, params),`,
    );
  }
  out.push(
    '/** How each route is called. */',
    `export const routes = {\n${info.join('\n')}\n} as const satisfies Record<string, RouteInfo>;`,
    '',
    '/** A client: one function per route, named after its path (`cancelations/update` → `cancelationsUpdate`). */',
    'export function createClient(options: ClientOptions) {',
    '  return {',
    ...functions,
    '  };',
    '}',
    '',
    'export type PlanoCoreClient = ReturnType<typeof createClient>;',
    '',
  );
  return out.join('\n');
}
