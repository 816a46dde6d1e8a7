import type { ParamError } from './errors.js';
import type { ParamMap, ParamSpec } from './params.js';

/** PostgreSQL `integer` bounds: a larger id could never match a row and would crash the query. */
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const MAX_ARRAY_ITEMS = 1_000;
const MAX_JSON_DEPTH = 32;

const INTEGER_TEXT = /^[+-]?\d{1,10}$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_TEXT = new Set(['true', '1', 'yes', 'on']);
const FALSE_TEXT = new Set(['false', '0', 'no', 'off']);

export interface ValidationResult {
  readonly value: Record<string, unknown>;
  readonly errors: ParamError[];
}

/**
 * Checks raw params against their declarations and coerces text ("42", "true") to the declared
 * type. Every offending param is reported, not only the first; unknown params are dropped.
 */
export function validateParams(params: ParamMap, raw: Record<string, unknown>): ValidationResult {
  const errors: ParamError[] = [];
  const value = validateMap(params, raw, '', errors);
  return { value, errors };
}

function validateMap(
  params: ParamMap,
  raw: Record<string, unknown>,
  prefix: string,
  errors: ParamError[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in params) {
    const spec = params[name]!;
    const path = prefix + name;
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (isAbsent(given)) {
      if (spec.required)
        errors.push({ param: path, status: 'missing-param', message: `${path} is required` });
      continue;
    }
    const result = coerce(spec, given, path, errors);
    if (result !== INVALID) out[name] = result;
  }
  return out;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

const INVALID = Symbol('invalid');

function coerce(spec: ParamSpec, given: unknown, path: string, errors: ParamError[]): unknown {
  const fail = (message: string): typeof INVALID => {
    errors.push({ param: path, status: 'invalid-param', message: `${path} ${message}` });
    return INVALID;
  };
  switch (spec.type) {
    case 'string': {
      if (typeof given !== 'string') return fail('must be a string');
      if (!given.isWellFormed() || given.includes('\0')) return fail('must be valid text');
      if (spec.maxLength !== undefined && [...given].length > spec.maxLength) {
        return fail(`must be at most ${spec.maxLength} characters`);
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
      return n;
    }
    case 'float': {
      const n = typeof given === 'string' && FLOAT_TEXT.test(given) ? Number(given) : given;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail('must be a number');
      return n;
    }
    case 'boolean': {
      if (typeof given === 'boolean') return given;
      const text = typeof given === 'number' || typeof given === 'string' ? String(given).toLowerCase() : '';
      if (TRUE_TEXT.has(text)) return true;
      if (FALSE_TEXT.has(text)) return false;
      return fail('must be true or false');
    }
    case 'hash': {
      const obj = parseIfText(given);
      if (!isPlainObject(obj)) return fail('must be an object');
      if (!withinDepth(obj, MAX_JSON_DEPTH)) return fail(`must be nested at most ${MAX_JSON_DEPTH} levels`);
      return obj;
    }
    case 'json': {
      const parsed = typeof given === 'string' ? tryParseJson(given) : given;
      if (parsed === INVALID) return fail('must be valid JSON');
      if (!withinDepth(parsed, MAX_JSON_DEPTH))
        return fail(`must be nested at most ${MAX_JSON_DEPTH} levels`);
      return parsed;
    }
    case 'parent': {
      const obj = parseIfText(given);
      if (!isPlainObject(obj)) return fail('must be an object');
      return validateMap(spec.children ?? {}, obj, `${path}.`, errors);
    }
    case 'array': {
      const list = typeof given === 'string' && given.startsWith('[') ? tryParseJson(given) : given;
      const items = Array.isArray(list) ? list : list === INVALID ? undefined : [list];
      if (!items) return fail('must be an array');
      if (items.length > MAX_ARRAY_ITEMS) return fail(`must have at most ${MAX_ARRAY_ITEMS} items`);
      const itemSpec = spec.items!;
      const before = errors.length;
      const out = items.map((item, i) =>
        isAbsent(item) ? fail(`[${i}] must not be empty`) : coerce(itemSpec, item, `${path}[${i}]`, errors),
      );
      return errors.length === before ? out : INVALID;
    }
  }
}

function parseIfText(given: unknown): unknown {
  return typeof given === 'string' && given.startsWith('{') ? tryParseJson(given) : given;
}

function tryParseJson(text: string): unknown {
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
