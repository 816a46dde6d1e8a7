import fc from 'fast-check';
import type { ParamMap, ParamSpec } from '../../src/protocol/params.js';
import type { RouteRecord } from '../../src/protocol/route.js';
import {
  COMMON_STATUSES,
  STATUSES,
  UNCOMMON_STATUSES,
  type StatusSlug,
} from '../../src/protocol/statuses.js';
import type { CallOptions, CallResult } from '../helpers/server.js';

/** Characters that break naive decoders: NUL, lone surrogates, bidi overrides, separators, emoji. */
const NASTY_CHARS = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e',
  '\ufeff',
  '\uffff',
  '😀',
  '👩‍👩‍👧',
  'é',
  '"',
  '\\',
  '%',
  '&',
  '=',
  '[',
  ']',
  '.',
  '{',
  '}',
  '\n',
  "'",
];

export const nastyString = fc.oneof(
  fc.string({
    unit: fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ minLength: 1, maxLength: 1 })),
    maxLength: 40,
  }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', '-0', '1e999', '__proto__', 'constructor'),
  fc.constant('x'.repeat(100_000)),
  fc.constant('😀'.repeat(30_000)),
);

/** `depth` levels of objects or arrays around a leaf. */
export function nested(depth: number, kind: 'object' | 'array'): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

const deep = fc.oneof(
  fc.constantFrom(40, 1_000, 2_000).map((d) => nested(d, 'object')),
  fc.constantFrom(40, 1_000, 2_000).map((d) => nested(d, 'array')),
);

/** A value of the wrong type for this declaration, or a right-typed value outside its rules. */
export function wrongValueFor(spec: ParamSpec): fc.Arbitrary<unknown> {
  const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), deep, nastyString);
  switch (spec.type) {
    case 'string':
      return fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
        nastyString,
        spec.maxLength !== undefined ? fc.constant('é'.repeat(spec.maxLength + 1)) : nastyString,
        deep,
      );
    case 'integer':
      return fc.oneof(
        fc.constantFrom('abc', '1.5', '1e3', '99999999999', '-2147483649', '0x10', ' 1', '١٢'),
        fc.double(),
        fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e300, -0),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        anyJson,
      );
    case 'float':
      return fc.oneof(fc.constantFrom('NaN', 'Infinity', '1e999', '--1', '1,5'), fc.double(), anyJson);
    case 'money':
      return fc.oneof(
        fc.constantFrom('12.345', '1e2', '-1', '99999999999', '12,50', ' 12', '0x10', 0.30000000000000004),
        fc.double(),
        anyJson,
      );
    case 'date':
    case 'time':
    case 'datetime':
      return fc.oneof(
        fc.constantFrom('2026-02-30', '2026-1-5', '24:00', '2026-01-05T12:00:00', '9999-12-31T23:59:59Z'),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.integer(),
        anyJson,
      );
    case 'boolean':
      return fc.oneof(fc.constantFrom('maybe', 'TRUE ', 2, -1, 'yes'), anyJson);
    case 'hash':
    case 'json':
    case 'parent':
      return fc.oneof(
        fc.constantFrom('{bad', '{"a":', '[]', 5, 'text'),
        anyJson,
        spec.children ? wrongParams(spec.children) : anyJson,
      );
    case 'array':
      return fc.oneof(
        fc.constant(Array.from({ length: 1_001 }, (_, i) => i)),
        fc.array(spec.items ? wrongValueFor(spec.items) : anyJson, { maxLength: 4 }),
        fc.constantFrom('[1,', '[[[[[]]]]]', {}),
        anyJson,
      );
  }
}

/** Params where each declared one is absent, right-ish (a plausible value) or wrong. */
export function wrongParams(params: ParamMap, fixed: Record<string, unknown> = {}): fc.Arbitrary<object> {
  const entries = Object.entries(params).map(
    ([name, spec]) =>
      [name, fc.option(fc.oneof(wrongValueFor(spec), plausibleValueFor(spec)), { nil: undefined })] as const,
  );
  return fc
    .record(Object.fromEntries(entries), { requiredKeys: [] })
    .map((params) => ({ ...withoutUndefined(params), ...fixed }));
}

function plausibleValueFor(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'string':
      return spec.possibleValues ? fc.constantFrom(...spec.possibleValues) : fc.string({ maxLength: 20 });
    case 'integer':
      return fc.integer({ min: -5, max: 50 });
    case 'float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'money':
      return fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100);
    case 'date':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return fc.constantFrom('00:00', '09:30', '23:59:59');
    case 'datetime':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(spec.items ? plausibleValueFor(spec.items) : fc.string(), { maxLength: 3 });
    default:
      return fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 });
  }
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** How params travel: the encodings a route accepts, plus ones it does not. */
export type Encoding = 'query' | 'json' | 'form' | 'text' | 'base64' | 'base64url-json-string';

export function encodingsFor(route: RouteRecord): Encoding[] {
  if (route.sensitiveParams) return ['base64', 'base64url-json-string', 'json', 'form', 'query'];
  return route.method === 'GET' ? ['query'] : ['json', 'form', 'text', 'query'];
}

/** Turns params into a request in the given encoding (values that are not text are JSON-encoded). */
export function requestFor(params: object, encoding: Encoding): CallOptions {
  const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  const pairs = () => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) search.append(k, text(v));
    return search;
  };
  switch (encoding) {
    case 'query':
      return { query: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, text(v)])) };
    case 'json':
      return { body: JSON.stringify(params), contentType: 'application/json' };
    case 'form':
      return { body: pairs().toString(), contentType: 'application/x-www-form-urlencoded' };
    case 'text':
      return { body: JSON.stringify(params), contentType: 'text/plain' };
    case 'base64':
      return { body: Buffer.from(JSON.stringify(params)).toString('base64'), contentType: 'text/plain' };
    case 'base64url-json-string':
      return {
        body: JSON.stringify(Buffer.from(pairs().toString()).toString('base64url')),
        contentType: 'application/json',
      };
  }
}

/** Bodies no route can read, as [content type, body]. */
export const unreadableBody = fc.oneof(
  fc.tuple(
    fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    fc.oneof(
      fc.constantFrom(
        Buffer.from([0xff, 0xfe, 0xfd]),
        Buffer.from([0xc3, 0x28, 0x3d, 0x31]),
        Buffer.from('{"a":"\\ud800"}'),
        Buffer.from('{"a":"\\u0000"}'),
        Buffer.from('%%%'),
        Buffer.from('not base64!!'),
        Buffer.from('====='),
        Buffer.from('{"a":1'),
        Buffer.from('[1,2,3]'),
        Buffer.from('"just a string"'),
        Buffer.from('null'),
        Buffer.from('\u0000\u0000'),
        Buffer.from('e30='), // base64 of {}
        Buffer.from('['.repeat(50_000) + ']'.repeat(50_000)),
        Buffer.from('{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)),
        Buffer.from(`${'a[b]'.repeat(2_000)}=1`),
      ),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
    ),
  ),
  fc.tuple(
    fc.constantFrom(
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'text/html',
      'image/png',
      ';;;',
      'application/json; charset=utf-16',
      'x'.repeat(5_000),
    ),
    fc.constant(Buffer.from('{"a":1}')),
  ),
);

export const garbageToken = fc.oneof(
  nastyString,
  fc.constantFrom('ps_', 'ps_' + 'a'.repeat(43), 'Bearer x', '💥', 'x'.repeat(100_000)),
  fc.integer(),
  fc.array(fc.string(), { maxLength: 2 }),
);

const PIPELINE_STATUSES: readonly StatusSlug[] = [
  ...COMMON_STATUSES,
  ...UNCOMMON_STATUSES,
  // authentication and authorization, answered before any handler runs
  'permission-denied',
  'role-required',
];

/** Statuses a reply of this route may carry for malformed input: documented, never a crash. */
export function allowedStatuses(route: RouteRecord | undefined): Set<StatusSlug> {
  const allowed = new Set<StatusSlug>([...PIPELINE_STATUSES, ...(route?.statuses ?? [])]);
  allowed.delete('application-crash');
  return allowed;
}

const LEAKS = [/\/src\//, /\.ts:\d/, /\bat [\w.<>]+ \(/, /node_modules/, /\n\s+at /];

/** Failures of a reply to keep the contract, as sentences (empty: it kept it). */
export function contractBreaches(res: CallResult, allowed: Set<StatusSlug>): string[] {
  const breaches: string[] = [];
  const body: unknown = res.body;
  if (typeof body !== 'object' || body === null) return [`reply is not JSON: ${String(body).slice(0, 200)}`];
  const env = body as Record<string, unknown>;
  for (const key of ['status', 'data', 'session', 'request_id']) {
    if (!(key in env)) breaches.push(`envelope lacks ${key}`);
  }
  const status = env.status as StatusSlug;
  if (!Object.hasOwn(STATUSES, status)) breaches.push(`unknown status ${String(status)}`);
  else {
    if (STATUSES[status].http !== res.http) breaches.push(`${status} came with HTTP ${res.http}`);
    if (!allowed.has(status)) breaches.push(`status ${status} is not documented for this route`);
  }
  const text = JSON.stringify(body);
  for (const leak of LEAKS)
    if (leak.test(text)) breaches.push(`reply leaks internals (${leak}): ${text.slice(0, 300)}`);
  return breaches;
}
