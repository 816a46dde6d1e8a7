import { ApiError } from './errors.js';

/**
 * How large one request's params may be, beyond the byte size of its body (`BODY_LIMIT_BYTES`).
 * Decoding checks them before it builds anything large, so any body costs time in proportion to
 * its size. The documentation pages, the `payload-too-large` description and the README quote them
 * from here.
 */
export const REQUEST_LIMITS = {
  /** Param names in one request, query and body together, at every level: `client.email` is two. */
  keys: 1_000,
  /** Array items in one request, over all its arrays. */
  items: 10_000,
  /** Items in one array. */
  arrayItems: 1_000,
  /** Levels of objects and arrays inside one param's value. */
  depth: 32,
  /** Characters in one param name. */
  keyLength: 200,
} as const;

export type RequestLimit = keyof typeof REQUEST_LIMITS;

/** Which limit a request broke, and in which top-level param (null for the request-wide counts). */
export interface LimitBreach {
  readonly limit: RequestLimit;
  readonly param: string | null;
}

/** One sentence per limit, for the documentation pages. */
export function describeRequestLimits(): string {
  const n = (value: number) => value.toLocaleString('en-US').replaceAll(',', ' ');
  const L = REQUEST_LIMITS;
  return `At most ${n(L.keys)} param names (nested ones included) and ${n(L.items)} array items per request, ${n(L.arrayItems)} items per array, ${L.depth} levels of nesting inside a param and ${L.keyLength} characters per param name; larger requests are answered \`payload-too-large\` or \`invalid-param\`, naming the limit.`;
}

/**
 * The reply for a breach: request-wide counts are `payload-too-large`; a limit one param broke is
 * `invalid-param` naming that param.
 */
export function limitError(breach: LimitBreach): ApiError {
  const L = REQUEST_LIMITS;
  if (breach.param === null || breach.limit === 'keys' || breach.limit === 'items') {
    const what = breach.limit === 'items' ? 'array items' : 'param names (nested ones included)';
    const limit = breach.limit === 'items' ? L.items : L.keys;
    return new ApiError(
      'payload-too-large',
      `The request has more than ${limit} ${what}; the limit is ${limit} per request.`,
    );
  }
  const param = shortName(breach.param);
  return ApiError.invalidParam(param, breachMessage(breach.limit, param));
}

export function breachMessage(limit: RequestLimit, param: string): string {
  const L = REQUEST_LIMITS;
  switch (limit) {
    case 'arrayItems':
      return `${param} holds an array of more than ${L.arrayItems} items; the limit is ${L.arrayItems}`;
    case 'depth':
      return `${param} is nested more than ${L.depth} levels deep; the limit is ${L.depth}`;
    case 'keyLength':
      return `${param} has a name longer than ${L.keyLength} characters; the limit is ${L.keyLength}`;
    case 'keys':
      return `${param} holds more than ${L.keys} names; the limit is ${L.keys} per request`;
    case 'items':
      return `${param} holds more than ${L.items} array items; the limit is ${L.items} per request`;
  }
}

/** A name short enough to quote in an error (a name may be the offence itself). */
function shortName(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}

/**
 * Counts names and array items and tracks nesting depth over decoded params, without recursion.
 * Everything it walks was bounded first (the pair count of a form, the JSON scan), so the walk is
 * cheap; it is the one check that covers every source (query, form, JSON, base64).
 */
export function findBreach(params: Record<string, unknown>): LimitBreach | null {
  const L = REQUEST_LIMITS;
  let keys = 0;
  let items = 0;
  const stack: { value: unknown; level: number; param: string }[] = [];
  const visitKeys = (object: Record<string, unknown>, level: number, param: string | null) => {
    for (const key of Object.keys(object)) {
      const top = param ?? key;
      if (key.length > L.keyLength) return { limit: 'keyLength', param: top } as const;
      if (++keys > L.keys) return { limit: 'keys', param: null } as const;
      stack.push({ value: object[key], level, param: top });
    }
    return null;
  };
  const root = visitKeys(params, 0, null);
  if (root) return root;
  while (stack.length > 0) {
    const { value, level, param } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (level + 1 > L.depth) return { limit: 'depth', param };
    if (Array.isArray(value)) {
      if (value.length > L.arrayItems) return { limit: 'arrayItems', param };
      items += value.length;
      if (items > L.items) return { limit: 'items', param: null };
      for (const item of value) stack.push({ value: item, level: level + 1, param });
    } else {
      const breach = visitKeys(value as Record<string, unknown>, level + 1, param);
      if (breach) return breach;
    }
  }
  return null;
}

/**
 * A form or query text has at most this many pairs: each pair is a name or an array item. Counted
 * on the raw text before anything is parsed (a million `x=&` would otherwise build a million pairs).
 */
export function tooManyPairs(text: string): boolean {
  const max = REQUEST_LIMITS.keys + REQUEST_LIMITS.items;
  let pairs = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    if (++pairs > max) return true;
  }
  return false;
}

export function tooManyPairsError(): ApiError {
  const L = REQUEST_LIMITS;
  return new ApiError(
    'payload-too-large',
    `The request has more than ${L.keys + L.items} name=value pairs; the limit is ${L.keys} param names and ${L.items} array items per request.`,
  );
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/**
 * Checks JSON text against the limits before `JSON.parse` builds it: parsing 1 MiB of `[[[[…`
 * alone takes 160 ms, 80 000 keys 90 ms. One pass over the characters (strings are skipped with
 * `indexOf`), about 3 ms a MiB. `paramsObject`: the text is a request's params (`{name: value}`),
 * so the outer object is not a nesting level and breaches name the top-level param; otherwise the
 * text is the value of `param`. Invalid JSON is left to `JSON.parse` to report.
 */
export function scanJson(text: string, paramsObject: boolean, param: string | null): LimitBreach | null {
  const L = REQUEST_LIMITS;
  const base = paramsObject ? 1 : 0;
  // Per open container: whether it is an array, and its item count (0: no item seen yet).
  const isArray: boolean[] = [];
  const count: number[] = [];
  let open = 0;
  let keys = 0;
  let items = 0;
  let lastString: [number, number] = [0, 0];
  let topParam: [number, number] | null = null;
  const nameOf = (): string | null => {
    if (!paramsObject) return param;
    if (topParam === null) return null;
    try {
      return String(JSON.parse(text.slice(topParam[0], topParam[1] + 1)));
    } catch {
      return null;
    }
  };
  const breach = (limit: RequestLimit): LimitBreach => ({
    limit,
    param: limit === 'keys' || limit === 'items' ? null : nameOf(),
  });
  /** A value starts in the innermost container: an array counts it as an item. */
  const valueStarts = (): LimitBreach | null => {
    if (open === 0 || !isArray[open - 1] || count[open - 1] !== 0) return null;
    count[open - 1] = 1;
    return ++items > L.items ? breach('items') : null;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const started = valueStarts();
      if (started) return started;
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return null;
      lastString = [i, end];
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const started = valueStarts();
      if (started) return started;
      if (open - base + 1 > L.depth) return breach('depth');
      isArray[open] = c === OPEN_ARRAY;
      count[open] = 0;
      open++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (open > 0) open--;
    } else if (c === COLON) {
      if (++keys > L.keys) return breach('keys');
      if (paramsObject && open === 1) topParam = lastString;
    } else if (c === COMMA) {
      if (open > 0 && isArray[open - 1]) {
        if (++count[open - 1]! > L.arrayItems) return breach('arrayItems');
        if (++items > L.items) return breach('items');
      }
    } else if (c > 32) {
      const started = valueStarts();
      if (started) return started;
    }
  }
  return null;
}

/** Whether the quote at `at` is escaped (preceded by an odd number of backslashes). */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}
