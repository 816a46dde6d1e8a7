import { ApiError, type ParamError } from './errors.js';
import { isTextFormat, TEXT_FORMATS } from './formats.js';
import { breachMessage, REQUEST_LIMITS, scanJson } from './limits.js';
import { centsOf, MONEY_FORMAT_HINT, MONEY_MAX, MONEY_MAX_CENTS, parseMoney } from './money.js';
import { formatOf, type ParamMap, type ParamSpec, type StringFormat } from './params.js';
import {
  calendarDateOf,
  DATE_FORMAT_HINT,
  dateOrDateTimeOf,
  dateTimeOf,
  isTimeOfDay,
  TIME_FORMAT_HINT,
  TIMESTAMP_FORMAT_HINT,
  type DateOrDateTime,
} from './timestamps.js';

/** PostgreSQL `integer` bounds: a larger id could never match a row and would crash the query. */
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
export const MAX_ARRAY_ITEMS = REQUEST_LIMITS.arrayItems;
const MAX_JSON_DEPTH = REQUEST_LIMITS.depth;
const DAY_MS = 24 * 60 * 60 * 1000;

const INTEGER_TEXT = /^[+-]?\d{1,10}$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_TEXT = new Set(['true', '1', 'yes', 'on']);
const FALSE_TEXT = new Set(['false', '0', 'no', 'off']);

export interface ValidationResult {
  readonly value: Record<string, unknown>;
  readonly errors: ParamError[];
}

export interface ValidationOptions {
  /** The request's now, for `notInFuture`; called only when such a param is given. */
  readonly now?: () => Date;
}

/** Per param: its `monthFirstWhen` sibling is true. */
interface CoerceOptions extends ValidationOptions {
  readonly monthFirst?: boolean;
}

/**
 * Checks raw params against their declarations and coerces text ("42", "true") to the declared
 * type. Every offending param is reported, not only the first; unknown params are dropped; absent
 * params with a declared default get it. Pure and synchronous: list-item params are checked
 * against the database afterwards (see list-items.ts).
 */
export function validateParams(
  params: ParamMap,
  raw: Record<string, unknown>,
  options: ValidationOptions = {},
): ValidationResult {
  const errors: ParamError[] = [];
  const value = validateMap(params, raw, '', errors, options);
  return { value, errors };
}

function validateMap(
  params: ParamMap,
  raw: Record<string, unknown>,
  prefix: string,
  errors: ParamError[],
  options: ValidationOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let related: string[] | undefined;
  for (const name in params) {
    const spec = params[name]!;
    const path = prefix + name;
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (isAbsent(given)) {
      if (spec.required && spec.legacyDefault !== undefined) {
        out[name] = coerce(spec, spec.legacyDefault, path, errors, options);
      } else if (spec.required) {
        errors.push({ param: path, status: 'missing-param', message: `${path} is required` });
      } else if (spec.default !== undefined) {
        out[name] = coerce(spec, spec.default, path, errors, options);
      }
      continue;
    }
    const monthFirst = spec.monthFirstWhen !== undefined && isTrue(raw[spec.monthFirstWhen]);
    const result = coerce(spec, given, path, errors, monthFirst ? { ...options, monthFirst } : options);
    if (result === INVALID) continue;
    out[name] = result;
    if (spec.requires !== undefined || spec.notBefore !== undefined) (related ??= []).push(name);
  }
  if (related) checkRelations(params, raw, out, prefix, related, errors);
  return out;
}

/** Rules between siblings: `requires` (given together) and `notBefore` (ordered values). */
function checkRelations(
  params: ParamMap,
  raw: Record<string, unknown>,
  out: Record<string, unknown>,
  prefix: string,
  names: readonly string[],
  errors: ParamError[],
): void {
  for (const name of names) {
    const spec = params[name]!;
    const path = prefix + name;
    const fail = (message: string) =>
      errors.push({ param: path, status: 'invalid-param', message: `${path} ${message}` });
    const missing = spec.requires?.filter((other) =>
      isAbsent(Object.hasOwn(raw, other) ? raw[other] : undefined),
    );
    if (missing && missing.length > 0) fail(`needs ${missing.map((m) => prefix + m).join(' and ')}`);
    const earlier = spec.notBefore;
    if (earlier !== undefined && out[earlier] !== undefined) {
      if (orderOf(out[name], 'upper') < orderOf(out[earlier], 'lower')) {
        fail(`must not be before ${prefix + earlier}`);
      }
    }
  }
}

/** A value's place in its order; a bare date as an upper bound stands for its whole day. */
function orderOf(value: unknown, bound: 'lower' | 'upper'): number | string {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Date) return value.getTime();
  const { at, dateOnly } = value as DateOrDateTime;
  return dateOnly && bound === 'upper' ? at.getTime() + DAY_MS - 1 : at.getTime();
}

function isTrue(value: unknown): boolean {
  return (
    value === true ||
    ((typeof value === 'string' || typeof value === 'number') && TRUE_TEXT.has(String(value).toLowerCase()))
  );
}

/** `01/05/2026` or `1/5/2026` as `2026-01-05`; other text as it is. */
function monthFirstDate(text: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : text;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

const INVALID = Symbol('invalid');

function coerce(
  spec: ParamSpec,
  given: unknown,
  path: string,
  errors: ParamError[],
  options: CoerceOptions,
): unknown {
  const fail = (message: string): typeof INVALID => {
    errors.push({ param: path, status: 'invalid-param', message: `${path} ${message}` });
    return INVALID;
  };
  switch (spec.type) {
    case 'date':
    case 'time':
    case 'datetime':
      return coerceMoment(spec, formatOf(spec)!, given, fail, options);
    case 'string': {
      if (spec.format !== undefined && !isTextFormat(spec.format)) {
        return coerceMoment(spec, spec.format, given, fail, options);
      }
      // A decimal may come as a JSON number (3, 2.5); it is kept as its shortest text.
      if (spec.format === 'decimal' && typeof given === 'number') given = String(given);
      if (typeof given !== 'string') return fail('must be a string');
      if (!given.isWellFormed() || given.includes('\0')) return fail('must be valid text');
      if (spec.maxLength !== undefined || spec.minLength !== undefined) {
        const length = codePoints(given, (spec.maxLength ?? spec.minLength!) + 1);
        if (spec.maxLength !== undefined && length > spec.maxLength) {
          return fail(`must be at most ${spec.maxLength} characters`);
        }
        if (spec.minLength !== undefined && length < spec.minLength) {
          return fail(`must be at least ${spec.minLength} characters`);
        }
      }
      if (spec.format !== undefined && !TEXT_FORMATS[spec.format].test(given)) {
        return fail(`must be ${TEXT_FORMATS[spec.format].mustBe}`);
      }
      if (spec.possibleValues && !spec.possibleValues.includes(given)) {
        return fail(`must be one of: ${spec.possibleValues.join(', ')}`);
      }
      return given;
    }
    case 'integer': {
      const n = typeof given === 'string' && INTEGER_TEXT.test(given) ? Number(given) : given;
      if (typeof n !== 'number' || !Number.isInteger(n)) return fail('must be an integer');
      if (n < INT_MIN || n > INT_MAX) return fail(`must be between ${INT_MIN} and ${INT_MAX}`);
      return withinBounds(spec, n, fail);
    }
    case 'float': {
      const n = typeof given === 'string' && FLOAT_TEXT.test(given) ? Number(given) : given;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail('must be a number');
      return withinBounds(spec, n, fail);
    }
    case 'money': {
      const parsed = parseMoney(given);
      if (!parsed.ok && parsed.reason === 'format') return fail(`must be ${MONEY_FORMAT_HINT}`);
      const max = spec.max ?? MONEY_MAX;
      if (!parsed.ok) return fail(`must be at most ${max}`);
      const min = spec.min ?? 0;
      if (parsed.cents < centsOf(min)) return fail(`must be at least ${min}`);
      if (parsed.cents > (spec.max === undefined ? MONEY_MAX_CENTS : centsOf(max))) {
        return fail(`must be at most ${max}`);
      }
      return parsed.cents;
    }
    case 'boolean': {
      if (typeof given === 'boolean') return given;
      const text = typeof given === 'number' || typeof given === 'string' ? String(given).toLowerCase() : '';
      if (TRUE_TEXT.has(text)) return true;
      if (FALSE_TEXT.has(text)) return false;
      return fail('must be true or false');
    }
    case 'hash': {
      const obj = parseIfText(given, path);
      if (!isPlainObject(obj)) return fail('must be an object');
      if (!withinDepth(obj, MAX_JSON_DEPTH)) return fail(`must be nested at most ${MAX_JSON_DEPTH} levels`);
      return spec.children ? validateMap(spec.children, obj, `${path}.`, errors, options) : obj;
    }
    case 'json': {
      const parsed = typeof given === 'string' ? tryParseJson(given, path) : given;
      if (parsed === INVALID) return fail('must be valid JSON');
      if (!withinDepth(parsed, MAX_JSON_DEPTH))
        return fail(`must be nested at most ${MAX_JSON_DEPTH} levels`);
      return parsed;
    }
    case 'parent': {
      const obj = parseIfText(given, path);
      if (!isPlainObject(obj)) return fail('must be an object');
      return validateMap(spec.children ?? {}, obj, `${path}.`, errors, options);
    }
    case 'array': {
      const list = typeof given === 'string' && given.startsWith('[') ? tryParseJson(given, path) : given;
      const items = Array.isArray(list) ? list : list === INVALID ? undefined : [list];
      if (!items) return fail('must be an array');
      const maxItems = Math.min(spec.maxItems ?? MAX_ARRAY_ITEMS, MAX_ARRAY_ITEMS);
      if (items.length > maxItems) return fail(`must have at most ${maxItems} items`);
      if (spec.minItems !== undefined && items.length < spec.minItems) {
        return fail(`must have at least ${spec.minItems} item${spec.minItems === 1 ? '' : 's'}`);
      }
      const itemSpec = spec.items!;
      const before = errors.length;
      const out = items.map((item, i) =>
        isAbsent(item)
          ? fail(`[${i}] must not be empty`)
          : coerce(itemSpec, item, `${path}[${i}]`, errors, options),
      );
      return errors.length === before ? out : INVALID;
    }
  }
}

/** Dates, times and timestamps: text, parsed; `date` and `time` stay text, timestamps become Dates. */
function coerceMoment(
  spec: ParamSpec,
  format: StringFormat,
  given: unknown,
  fail: (message: string) => typeof INVALID,
  options: CoerceOptions,
): unknown {
  const written = typeof given === 'string' ? given : '';
  const text = format === 'date' && options.monthFirst ? monthFirstDate(written) : written;
  if (format === 'time') return isTimeOfDay(text) ? text : fail(`must be ${TIME_FORMAT_HINT}`);
  let at: Date | null;
  let value: unknown;
  if (format === 'date') {
    at = calendarDateOf(text);
    value = text;
    if (!at) {
      return fail(`must be ${DATE_FORMAT_HINT}${options.monthFirst ? ' or MM/DD/YYYY (month_first)' : ''}`);
    }
  } else if (spec.acceptsDate) {
    const moment = dateOrDateTimeOf(text);
    if (!moment) return fail(`must be a date (2026-01-05) or ${TIMESTAMP_FORMAT_HINT}`);
    at = moment.at;
    value = moment;
  } else {
    at = dateTimeOf(text);
    value = at;
    if (!at) return fail(`must be ${TIMESTAMP_FORMAT_HINT}`);
  }
  if (spec.notInFuture && isFuture(at, options)) return fail('must not be in the future');
  return value;
}

function withinBounds(spec: ParamSpec, n: number, fail: (message: string) => typeof INVALID): unknown {
  if (spec.min !== undefined && n < spec.min) return fail(`must be at least ${spec.min}`);
  if (spec.max !== undefined && n > spec.max) return fail(`must be at most ${spec.max}`);
  return n;
}

/** Without a `now` (unit tests of other rules) the wall clock; the pipeline passes the app's clock. */
function isFuture(at: Date, options: ValidationOptions): boolean {
  return at.getTime() > (options.now?.() ?? new Date()).getTime();
}

/**
 * The characters (code points) of `text`, counted up to `cap`: enough to compare with a length
 * rule, without spreading a 1 MiB value into an array of characters (10 ms) to compare it with 200.
 */
function codePoints(text: string, cap: number): number {
  let count = 0;
  for (const _ of text) if (++count >= cap) break;
  return count;
}

function parseIfText(given: unknown, path: string): unknown {
  return typeof given === 'string' && given.startsWith('{') ? tryParseJson(given, path) : given;
}

/** JSON text of a form or query value; beyond REQUEST_LIMITS it is refused before it is parsed. */
function tryParseJson(text: string, path: string): unknown {
  const breach = scanJson(text, false, path);
  if (breach) throw ApiError.invalidParam(path, breachMessage(breach.limit, path));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withinDepth(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth === 0) return false;
  for (const child of Object.values(value)) if (!withinDepth(child, depth - 1)) return false;
  return true;
}
