import { ApiError } from './errors.js';
import {
  findBreach,
  limitError,
  REQUEST_LIMITS,
  scanJson,
  tooManyPairs,
  tooManyPairsError,
} from './limits.js';
import { isPlainObject } from './validate.js';

export type RawParams = Record<string, unknown>;

export interface DecodeInput {
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
  readonly query: RawParams;
  /** Sensitive-params routes take a base64-encoded body and ignore the query string. */
  readonly sensitive: boolean;
}

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;
const NESTED_KEY = /[.[\]]/;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The content types whose bodies carry params, by their bare media type. */
export const SUPPORTED_CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
] as const;

/**
 * Turns a request's query string and body into one bag of raw params (body wins over query),
 * within REQUEST_LIMITS. Linear in the size of the request: every step is bounded before it runs.
 */
export function decodeParams(input: DecodeInput): RawParams {
  const params = decodeUnchecked(input);
  const breach = findBreach(params);
  if (breach) throw limitError(breach);
  return params;
}

function decodeUnchecked(input: DecodeInput): RawParams {
  const hasBody = input.body !== undefined && input.body.length > 0;
  const mediaType = hasBody ? mediaTypeOf(input.contentType) : undefined;
  if (hasBody && !isSupported(mediaType)) {
    throw new ApiError(
      'invalid-content-type',
      `Content-Type ${mediaType ?? '(none)'} is not supported; use one of ${SUPPORTED_CONTENT_TYPES.join(', ')}`,
    );
  }
  if (input.sensitive) return decodeSensitive(input.body, mediaType);

  const query = expandKeys(input.query);
  if (!hasBody) return query;
  const text = utf8(input.body!);
  const body = mediaType === 'application/json' ? parseJsonBody(text) : parseTextBody(text, mediaType);
  return { ...query, ...body };
}

function decodeSensitive(body: Buffer | undefined, mediaType: string | undefined): RawParams {
  if (body === undefined || body.length === 0) {
    throw new ApiError(
      'no-params-decoded',
      'The request body is empty; this route takes base64-encoded params',
    );
  }
  let encoded = utf8(body).trim();
  // A JSON body may carry the base64 text as a JSON string.
  if (mediaType === 'application/json' && encoded.startsWith('"')) {
    const inner = safeJsonParse(encoded);
    if (typeof inner === 'string') encoded = inner.trim();
  }
  if (encoded.length === 0 || !BASE64.test(encoded)) {
    throw new ApiError('invalid-encoded-params', 'The request body is not base64-encoded');
  }
  const decoded = utf8(
    Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64'),
  );
  const params = parseTextBody(decoded, undefined);
  if (Object.keys(params).length === 0) {
    throw new ApiError('no-params-decoded', 'The request body was decoded, but no params were found');
  }
  return params;
}

function parseJsonBody(text: string): RawParams {
  // Anything but an object is refused before parsing: 1 MiB of `[[[[…` is slow to parse.
  if (!text.trimStart().startsWith('{')) throw notAnObject();
  const breach = scanJson(text, true, null);
  if (breach) throw limitError(breach);
  const parsed = safeJsonParse(text);
  if (!isPlainObject(parsed)) throw notAnObject();
  return parsed;
}

function notAnObject(): ApiError {
  return new ApiError('invalid-encoded-params', 'The request body is not a JSON object');
}

/** text/plain bodies (and decoded base64) may hold a JSON object or `a=1&b=2` pairs. */
function parseTextBody(text: string, mediaType: string | undefined): RawParams {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseJsonBody(trimmed);
  if (mediaType !== 'application/x-www-form-urlencoded' && trimmed.length > 0 && !trimmed.includes('=')) {
    throw new ApiError(
      'invalid-encoded-params',
      'The request body holds neither a JSON object nor key=value pairs',
    );
  }
  return expandKeys(groupPairs(trimmed));
}

/**
 * `a=1&a=2` and `ids[]=1` become arrays, in the order given. The pairs are counted before parsing,
 * and a repeated name is appended in place: copying its array on every repeat made 40 000 `x=&`
 * take 17 s.
 */
function groupPairs(text: string): RawParams {
  if (tooManyPairs(text)) throw tooManyPairsError();
  const grouped = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const list = key.endsWith('[]');
    const name = list ? key.slice(0, -2) : key;
    const prev = grouped.get(name);
    if (Array.isArray(prev)) prev.push(value);
    else if (prev !== undefined) grouped.set(name, [prev, value]);
    else if (grouped.size >= REQUEST_LIMITS.keys) throw limitError({ limit: 'keys', param: null });
    else grouped.set(name, list ? [value] : value);
  }
  return Object.fromEntries(grouped);
}

/** `client.email=x` and `client[email]=x` become `{ client: { email: 'x' } }`. */
export function expandKeys(flat: RawParams): RawParams {
  const out: RawParams = {};
  for (const key of Object.keys(flat)) {
    const value = flat[key];
    // Checked before the split: a 1 MiB name of dots would otherwise become 500 000 levels.
    if (key.length > REQUEST_LIMITS.keyLength) throw limitError({ limit: 'keyLength', param: key });
    // A flat name (most of them) is kept as it is, with no split; so is a nested one with an empty
    // or unsafe part.
    const path = NESTED_KEY.test(key) ? key.replace(/\]/g, '').split(/[.[]/) : null;
    if (path === null || path.some((part) => part === '' || UNSAFE_KEYS.has(part))) {
      if (!UNSAFE_KEYS.has(key)) out[key] = value;
      continue;
    }
    let node = out;
    for (const part of path.slice(0, -1)) {
      if (!isPlainObject(node[part])) node[part] = {};
      node = node[part] as RawParams;
    }
    node[path[path.length - 1]!] = value;
  }
  return out;
}

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const bare = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return bare.endsWith('+json') ? 'application/json' : bare;
}

function isSupported(mediaType: string | undefined): boolean {
  return (SUPPORTED_CONTENT_TYPES as readonly (string | undefined)[]).includes(mediaType);
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid-encoded-params', 'The request body is not valid JSON');
  }
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('invalid-encoded-params', 'The request body is not valid UTF-8');
  }
}
