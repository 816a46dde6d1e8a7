/**
 * An OpenAPI 3.1 document of the routes given (the deployed ones, when served), from the same route
 * records that validate requests: params as query params (GET) or a request body, and one response
 * per HTTP code, each listing the status slugs that share it.
 */
import { SUPPORTED_CONTENT_TYPES } from '../protocol/decode.js';
import { FORMAT_DOCS } from '../protocol/formats.js';
import { listItemsDocPath } from '../protocol/list-items.js';
import { MONEY_MAX } from '../protocol/money.js';
import { formatOf, orderedParams, type ParamMap, type ParamSpec } from '../protocol/params.js';
import type { FieldSpec } from '../protocol/reply.js';
import type { RouteRecord } from '../protocol/route.js';
import { STATUSES, type StatusSlug } from '../protocol/statuses.js';
import { MAX_ARRAY_ITEMS } from '../protocol/validate.js';
import {
  describeAuth,
  EXAMPLE_REQUEST_ID,
  exampleOfField,
  exampleParams,
  exampleReply,
  exampleValue,
  requestExample,
  rulesOf,
  statusesByHttpCode,
  type DocStatus,
} from './model.js';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  readonly title?: string;
  readonly version?: string;
  /** Base URL clients call; relative `/` (the server that served the document) by default. */
  readonly serverUrl?: string;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export function buildOpenApi(routes: readonly RouteRecord[], options: OpenApiOptions = {}): Json {
  const paths: Record<string, Json> = {};
  const operationIds = new Set<string>();
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operation(route, uniqueOperationId(route, operationIds));
  }
  const services = [...new Set(routes.map((r) => r.service))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'PlanoCore API',
      version: options.version ?? '0.1.0',
      description:
        'The core API behind PlanoAuth, PlanoOrder, PlanoX2 and CaptuRE. Every reply, success or error, is the JSON envelope `{status, data, session, request_id}`; errors add `message` and `errors` (one entry per offending param). The `status` slug tells what happened; several slugs share an HTTP code, so clients branch on `status`. Signed-in routes take the session or application token as the `token` param, not as a header.',
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    tags: services.map((name) => ({ name })),
    paths,
    components: { schemas: componentSchemas(), responses: sharedResponses() },
  };
}

/** `/api/v1/password_reset/request` → `passwordResetRequest` (the typed client's names too). */
export function baseOperationId(route: RouteRecord): string {
  const words = route.path
    .replace(/^\/api\/v\d+\//, '')
    .split(/[/_\-.]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function uniqueOperationId(route: RouteRecord, taken: Set<string>): string {
  let id = baseOperationId(route);
  if (taken.has(id)) id += route.method[0] + route.method.slice(1).toLowerCase();
  taken.add(id);
  return id;
}

function operation(route: RouteRecord, operationId: string): Json {
  const notes = [route.purpose, `**Authentication:** ${describeAuth(route.auth)}`];
  if (route.sensitiveParams) {
    notes.push(
      '**Sensitive params:** the params are sent only as a base64-encoded body (of a JSON object, or of `key=value` pairs); the query string is ignored.',
    );
  }
  const op: Json = {
    operationId,
    summary: route.title,
    description: notes.join('\n\n'),
    tags: [route.service],
  };
  if (route.method === 'GET' && !route.sensitiveParams) {
    op.parameters = orderedParams(route.params).map(([name, spec]) => queryParameter(name, spec));
  } else if (Object.keys(route.params).length > 0) {
    op.requestBody = requestBody(route);
  }
  op.responses = responses(route);
  return op;
}

// ---------------------------------------------------------------------------------------------
// Params

/**
 * A param's JSON Schema: its type and every rule JSON Schema can state (bounds, lengths, format,
 * items, enum, default, example); the rest (list items, relations between params, "not in the
 * future") in the description, in the words the docs pages use.
 */
export function paramSchema(spec: ParamSpec): Json {
  const schema = baseSchema(spec);
  const notes = [spec.description, ...rulesOf(spec).flatMap((rule) => (rule.inSchema ? [] : [rule.words]))];
  if (spec.listItems !== undefined) {
    notes.push(
      `One of the active items of the \`${spec.listItems}\` list (${listItemsDocPath(spec.listItems)}); the server checks each request against the current list.`,
    );
    schema['x-list-items'] = spec.listItems;
  }
  const description = notes.filter(Boolean).join(' ');
  if (description) schema.description = description;
  if (spec.default !== undefined) schema.default = spec.default;
  if (spec.type !== 'parent') schema.examples = [exampleValue(spec)];
  return schema;
}

function baseSchema(spec: ParamSpec): Json {
  const format = formatOf(spec);
  switch (spec.type) {
    case 'string':
    case 'date':
    case 'time':
    case 'datetime': {
      const s: Json = { type: 'string' };
      if (spec.minLength !== undefined) s.minLength = spec.minLength;
      if (spec.maxLength !== undefined) s.maxLength = spec.maxLength;
      if (spec.possibleValues) s.enum = [...spec.possibleValues];
      if (format === 'time') s.pattern = '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$';
      else if (format === 'id') s.pattern = '^[1-9][0-9]{0,14}$';
      else if (format === 'decimal') s.pattern = '^[0-9]{1,15}([.][0-9]{1,6})?$';
      else if (format === 'date-time' && spec.acceptsDate) {
        return {
          anyOf: [
            { ...s, format: 'date' },
            { ...s, format: 'date-time' },
          ],
        };
      } else if (format) s.format = FORMAT_DOCS[format].openApi;
      return s;
    }
    case 'integer':
      return { type: 'integer', format: 'int32', ...bounds(spec) };
    case 'float':
      return { type: 'number', ...bounds(spec) };
    case 'money':
      return {
        type: 'number',
        multipleOf: 0.01,
        minimum: spec.min ?? 0,
        maximum: spec.max ?? MONEY_MAX,
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'hash':
      return spec.children ? objectSchema(spec.children) : { type: 'object', additionalProperties: true };
    case 'json':
      return {};
    case 'parent':
      return objectSchema(spec.children ?? {});
    case 'array':
      return {
        type: 'array',
        items: spec.items ? paramSchema(spec.items) : {},
        ...(spec.minItems !== undefined ? { minItems: spec.minItems } : {}),
        maxItems: Math.min(spec.maxItems ?? MAX_ARRAY_ITEMS, MAX_ARRAY_ITEMS),
      };
  }
}

function bounds(spec: ParamSpec): Json {
  return {
    ...(spec.min !== undefined ? { minimum: spec.min } : {}),
    ...(spec.max !== undefined ? { maximum: spec.max } : {}),
  };
}

/** The params as one JSON object schema, properties in documented order. */
export function objectSchema(params: ParamMap): Json {
  const ordered = orderedParams(params);
  const properties = Object.fromEntries(
    ordered.map(([name, spec]) => [name, { ...paramSchema(spec), 'x-position': spec.position }]),
  );
  const required = ordered.filter(([, spec]) => spec.required).map(([name]) => name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

function queryParameter(name: string, spec: ParamSpec): Json {
  const p: Json = { name, in: 'query', required: spec.required };
  if (spec.description) p.description = spec.description;
  if (spec.type === 'json') {
    // Any JSON value, sent as JSON text in the query string.
    p.content = { 'application/json': { schema: {} } };
  } else if (spec.type === 'parent' || spec.type === 'hash') {
    // `client[email]=…`, which the server reads like `client.email=…`.
    Object.assign(p, { style: 'deepObject', explode: true, schema: paramSchema(spec) });
  } else {
    // Arrays: repeated keys (`ids=1&ids=2`), the default form style.
    p.schema = paramSchema(spec);
  }
  p['x-position'] = spec.position;
  return p;
}

function requestBody(route: RouteRecord): Json {
  const schema = objectSchema(route.params);
  const example = requestExample(route);
  const required = Object.values(route.params).some((spec) => spec.required);
  if (route.sensitiveParams) {
    return {
      required: true,
      description:
        'The params as a base64-encoded JSON object (or base64 of `key=value` pairs), sent as the whole body. The query string is ignored on this route.',
      content: {
        [route.bodyContentType]: {
          schema: {
            type: 'string',
            contentEncoding: 'base64',
            contentMediaType: 'application/json',
            contentSchema: schema,
          },
          example: example.body,
        },
      },
    };
  }
  const content: Json = {};
  const types = [
    route.bodyContentType,
    ...SUPPORTED_CONTENT_TYPES.filter((t) => t !== route.bodyContentType),
  ];
  for (const type of types) content[type] = mediaType(type, route.params, schema);
  return {
    required,
    description: `The params, documented as \`${route.bodyContentType}\`; the other content types listed are read the same way.`,
    content,
  };
}

function mediaType(type: string, params: ParamMap, schema: Json): Json {
  const example = exampleParams(params);
  if (type === 'text/plain') {
    return {
      schema: {
        type: 'string',
        description: 'A JSON object of the params, or `key=value` pairs joined by `&`.',
      },
      example: JSON.stringify(example),
    };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const encoding = Object.fromEntries(
      Object.entries(params)
        .filter(([, spec]) => spec.type === 'parent' || spec.type === 'hash')
        .map(([name]) => [name, { style: 'deepObject', explode: true }]),
    );
    return { schema, ...(Object.keys(encoding).length > 0 ? { encoding } : {}) };
  }
  return { schema, example };
}

// ---------------------------------------------------------------------------------------------
// Responses

/**
 * The statuses every route may answer, by HTTP code. A route whose statuses at a code are exactly
 * these refers to the shared response in `components.responses` instead of repeating it.
 */
const SHARED_BY_CODE = statusesByHttpCode({ statuses: [] as readonly StatusSlug[] } as RouteRecord);
const sharedResponseName = (code: number) => `Status${code}`;

function responses(route: RouteRecord): Json {
  const out: Json = {};
  for (const [code, statuses] of statusesByHttpCode(route)) {
    const shared = SHARED_BY_CODE.get(code);
    const same = code >= 400 && shared !== undefined && sameSlugs(shared, statuses);
    out[String(code)] = same
      ? { $ref: `#/components/responses/${sharedResponseName(code)}` }
      : code < 400
        ? successResponse(route, statuses)
        : response(code, statuses);
  }
  if (route.redirects) out['302'] = redirectResponse(route);
  return out;
}

/** `action-successful` with the route's declared `data`. */
function successResponse(route: RouteRecord, statuses: readonly DocStatus[]): Json {
  const base = response(200, statuses);
  const media = (base.content as Json)['application/json'] as Json;
  const schema = media.schema as Json;
  schema.properties = { ...(schema.properties as Json), data: fieldSchema(route.reply) };
  media.examples = { 'action-successful': { summary: 'action-successful', value: exampleReply(route) } };
  if (route.redirects) {
    base.description = `${String(base.description)} Sent instead of the 302 to a caller whose \`Accept\` header names \`application/json\`; \`data.redirect_url\` is the location.`;
  }
  return base;
}

function redirectResponse(route: RouteRecord): Json {
  const example = exampleReply(route);
  return {
    description:
      'A redirect to `Location` (the default, for browsers). The body is the same envelope as the 200 reply; send `Accept: application/json` to get that reply instead.',
    headers: {
      Location: {
        description: 'Where to go: `data.redirect_url`.',
        schema: { type: 'string', format: 'uri' },
      },
    },
    content: {
      'application/json': {
        schema: { allOf: [ref('Envelope')], properties: { data: fieldSchema(route.reply) } },
        example,
      },
    },
  };
}

/** A declared reply field as JSON Schema; objects list every field and allow no others. */
export function fieldSchema(spec: FieldSpec): Json {
  const schema = baseFieldSchema(spec);
  if (spec.nullable && spec.type !== 'json') {
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    if (schema.enum) schema.enum = [...(schema.enum as unknown[]), null];
  }
  if (spec.description) schema.description = spec.description;
  if (spec.type !== 'object' && spec.type !== 'list') schema.examples = [exampleOfField(spec)];
  return schema;
}

function baseFieldSchema(spec: FieldSpec): Json {
  switch (spec.type) {
    case 'string':
      return spec.possibleValues ? { type: 'string', enum: [...spec.possibleValues] } : { type: 'string' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'integer':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'money':
      return { type: 'number', multipleOf: 0.01 };
    case 'boolean':
      return { type: 'boolean' };
    case 'json':
      return {};
    case 'list':
      return { type: 'array', items: spec.items ? fieldSchema(spec.items) : {} };
    case 'object': {
      const fields = Object.entries(spec.fields ?? {});
      const required = fields.filter(([, f]) => !f.optional).map(([name]) => name);
      return {
        type: 'object',
        properties: Object.fromEntries(fields.map(([name, f]) => [name, fieldSchema(f)])),
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      };
    }
  }
}

function sameSlugs(a: readonly DocStatus[], b: readonly DocStatus[]): boolean {
  return a.length === b.length && a.every((s, i) => s.slug === b[i]!.slug);
}

function sharedResponses(): Json {
  return Object.fromEntries(
    [...SHARED_BY_CODE]
      .filter(([code]) => code >= 400)
      .map(([code, statuses]) => [sharedResponseName(code), response(code, statuses)]),
  );
}

function response(code: number, statuses: readonly DocStatus[]): Json {
  const slugs = statuses.map((s) => s.slug);
  const success = code < 400;
  const description =
    statuses.length === 1
      ? `\`${statuses[0]!.slug}\`: ${statuses[0]!.description}`
      : `One of these statuses:\n\n${statuses.map((s) => `- \`${s.slug}\`: ${s.description}`).join('\n')}`;
  const examples = Object.fromEntries(
    statuses.map((s) => [s.slug, { summary: s.slug, value: exampleEnvelope(s) }]),
  );
  return {
    description,
    content: {
      'application/json': {
        schema: {
          allOf: [ref(success ? 'Envelope' : 'ErrorEnvelope')],
          properties: { status: { type: 'string', enum: slugs } },
        },
        examples,
      },
    },
  };
}

function exampleEnvelope(status: DocStatus): Json {
  const base: Json = {
    status: status.slug,
    data: status.http < 400 ? {} : null,
    session: null,
    request_id: EXAMPLE_REQUEST_ID,
  };
  if (status.http < 400) return base;
  const message =
    status.slug === 'missing-param' ? 'token is required' : 'A sentence telling what went wrong.';
  const errors =
    status.slug === 'missing-param' || status.slug === 'invalid-param'
      ? [{ param: 'token', status: status.slug, message }]
      : [];
  return { ...base, message, errors };
}

function componentSchemas(): Json {
  const slugs = Object.keys(STATUSES) as StatusSlug[];
  return {
    StatusSlug: {
      type: 'string',
      description: 'What happened. Each slug has one HTTP code; several slugs can share a code.',
      enum: slugs,
    },
    ParamError: {
      type: 'object',
      required: ['param', 'status', 'message'],
      properties: {
        param: {
          type: 'string',
          description: 'The offending param, dotted for nested ones (`client.email`).',
        },
        status: ref('StatusSlug'),
        message: { type: 'string' },
      },
    },
    Envelope: {
      type: 'object',
      description: 'The one reply shape of every route.',
      required: ['status', 'data', 'session', 'request_id'],
      properties: {
        status: ref('StatusSlug'),
        data: { description: "The route's result on success (any JSON value); on errors usually null." },
        session: {
          type: ['object', 'null'],
          description: "The caller's session (shaped by `session_view`), or null.",
        },
        request_id: {
          type: 'string',
          description: 'Also sent as the `x-request-id` header; quote it in reports.',
        },
        message: { type: 'string', description: 'On errors: a human-readable sentence.' },
        errors: {
          type: 'array',
          description: 'On errors: one entry per offending param (empty when no param is to blame).',
          items: ref('ParamError'),
        },
      },
    },
    ErrorEnvelope: {
      description: 'The envelope of an error reply: it always has a `message` and an `errors` list.',
      allOf: [ref('Envelope')],
      required: ['message', 'errors'],
    },
  };
}
