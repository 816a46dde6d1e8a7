/**
 * Reply declarations: the shape of a route's `data`, in the declaration style of its params. The
 * one declaration types the handler's answer, is checked against every reply the test suite
 * receives (`checkReply`), and gives OpenAPI its response schemas, the docs pages their reply
 * fields and example replies, and the typed client its `data` types.
 */
export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  /** An exact amount: a JSON number with at most two decimal places (`renderMoney`). */
  | 'money'
  /** ISO 8601 text with an offset (`toISOString()`). */
  | 'datetime'
  /** `YYYY-MM-DD`. */
  | 'date'
  | 'object'
  | 'list'
  /** Any JSON value (audit before/after, free-form context). */
  | 'json';

export interface FieldSpec<T = unknown> {
  readonly type: FieldType;
  readonly description: string;
  /** `null` is a value the field may have. */
  readonly nullable: boolean;
  /** The key may be absent. */
  readonly optional: boolean;
  /** A realistic value for example replies (for scalars). */
  readonly example?: unknown;
  /** For `string`: the values it takes (documented; the type stays `string`). */
  readonly possibleValues?: readonly string[];
  /** For `object`: its fields, in documented order. */
  readonly fields?: FieldMap;
  /** For `list`: each item. */
  readonly items?: FieldSpec;
  /** Phantom: the value's type, which the handler must return. */
  readonly __value?: T;
}

export type FieldMap = Readonly<Record<string, FieldSpec>>;

/** The TypeScript type a field declares. */
export type ValueOfField<F> = F extends FieldSpec<infer T> ? T : never;

type OptionalFieldKeys<M extends FieldMap> = {
  [K in keyof M]: M[K] extends { readonly optional: true } ? K : never;
}[keyof M];

/** The object type of a field map: optional fields may be absent. */
export type ObjectOf<M extends FieldMap> = {
  [K in Exclude<keyof M, OptionalFieldKeys<M>>]: ValueOfField<M[K]>;
} & { [K in OptionalFieldKeys<M>]?: ValueOfField<M[K]> } extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

interface FieldOptions<N extends boolean, O extends boolean> {
  description?: string;
  nullable?: N;
  optional?: O;
  example?: unknown;
}

type Typed<T, N extends boolean, O extends boolean> = FieldSpec<N extends true ? T | null : T> & {
  readonly optional: O;
};

function make<T, N extends boolean, O extends boolean>(
  type: FieldType,
  o: FieldOptions<N, O> & Partial<Pick<FieldSpec, 'possibleValues' | 'fields' | 'items'>> = {},
): Typed<T, N, O> {
  const { description, nullable, optional, ...rest } = o;
  return {
    ...rest,
    type,
    description: description ?? '',
    nullable: nullable ?? false,
    optional: (optional ?? false) as O,
  } as Typed<T, N, O>;
}

export const field = {
  string<const N extends boolean = false, const O extends boolean = false>(
    o: FieldOptions<N, O> & { possibleValues?: readonly string[] } = {},
  ): Typed<string, N, O> {
    return make('string', o);
  },
  integer<const N extends boolean = false, const O extends boolean = false>(
    o: FieldOptions<N, O> = {},
  ): Typed<number, N, O> {
    return make('integer', o);
  },
  number<const N extends boolean = false, const O extends boolean = false>(
    o: FieldOptions<N, O> = {},
  ): Typed<number, N, O> {
    return make('number', o);
  },
  boolean<const N extends boolean = false, const O extends boolean = false>(
    o: FieldOptions<N, O> = {},
  ): Typed<boolean, N, O> {
    return make('boolean', o);
  },
  /** Money as replies render it (`renderMoney(cents)`): a JSON number with at most two places. */
  money<const N extends boolean = false, const O extends boolean = false>(
    o: FieldOptions<N, O> = {},
  ): Typed<number, N, O> {
    return make('money', o);
  },
  /** A timestamp as `toISOString()` writes it. */
  datetime<const N extends boolean = false, const O extends boolean = false>(
    o: FieldOptions<N, O> = {},
  ): Typed<string, N, O> {
    return make('datetime', o);
  },
  date<const N extends boolean = false, const O extends boolean = false>(
    o: FieldOptions<N, O> = {},
  ): Typed<string, N, O> {
    return make('date', o);
  },
  object<const M extends FieldMap, const N extends boolean = false, const O extends boolean = false>(
    fields: M,
    o: FieldOptions<N, O> = {},
  ): Typed<ObjectOf<M>, N, O> {
    return make('object', { ...o, fields });
  },
  list<const I extends FieldSpec, const N extends boolean = false, const O extends boolean = false>(
    items: I,
    o: FieldOptions<N, O> = {},
  ): Typed<ValueOfField<I>[], N, O> {
    return make('list', { ...o, items });
  },
  /** Any JSON value. */
  json<const O extends boolean = false>(o: FieldOptions<boolean, O> = {}): Typed<unknown, boolean, O> {
    return make('json', { ...o, nullable: true });
  },
};

/** One place where a reply differs from its declaration, named by its path (`data.results[2].id`). */
export interface ReplyMismatch {
  readonly path: string;
  readonly problem: string;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every way `value` differs from `spec` (empty when it matches); extra object keys count. */
export function checkReply(spec: FieldSpec, value: unknown, path = 'data'): ReplyMismatch[] {
  const out: ReplyMismatch[] = [];
  check(spec, value, path, out);
  return out;
}

function check(spec: FieldSpec, value: unknown, path: string, out: ReplyMismatch[]): void {
  if (value === null) {
    if (!spec.nullable) out.push({ path, problem: `is null, declared ${spec.type} (not nullable)` });
    return;
  }
  const wrong = (expected: string): void => {
    out.push({ path, problem: `expected ${expected}, got ${describe(value)}` });
  };
  switch (spec.type) {
    case 'json':
      return;
    case 'string':
      if (typeof value !== 'string') return wrong('a string');
      if (spec.possibleValues && !spec.possibleValues.includes(value)) {
        out.push({ path, problem: `"${value}" is not one of ${spec.possibleValues.join(', ')}` });
      }
      return;
    case 'datetime':
      if (typeof value !== 'string' || !ISO_DATETIME.test(value)) wrong('an ISO 8601 timestamp');
      return;
    case 'date':
      if (typeof value !== 'string' || !ISO_DATE.test(value)) wrong('a date (YYYY-MM-DD)');
      return;
    case 'integer':
      if (!Number.isInteger(value)) wrong('an integer');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('a number');
      return;
    case 'money':
      if (typeof value !== 'number' || !/^-?\d+(\.\d{1,2})?$/.test(String(value))) {
        wrong('an amount with at most two decimal places');
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'list':
      if (!Array.isArray(value)) return wrong('a list');
      value.forEach((item, i) => check(spec.items ?? field.json(), item, `${path}[${i}]`, out));
      return;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return wrong('an object');
      const record = value as Record<string, unknown>;
      const fields = spec.fields ?? {};
      for (const [name, f] of Object.entries(fields)) {
        if (!(name in record)) {
          if (!f.optional) out.push({ path: `${path}.${name}`, problem: 'is missing' });
          continue;
        }
        check(f, record[name], `${path}.${name}`, out);
      }
      for (const name of Object.keys(record)) {
        if (!(name in fields)) out.push({ path: `${path}.${name}`, problem: 'is not declared' });
      }
      return;
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** A field's rows as the docs show them: `cancelation.id`, `results[].id`. */
export interface DocField {
  readonly name: string;
  readonly depth: number;
  readonly spec: FieldSpec;
}

export function flattenFields(spec: FieldSpec, prefix = '', depth = 0): DocField[] {
  const rows: DocField[] = [];
  if (spec.type === 'object') {
    for (const [name, f] of Object.entries(spec.fields ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      rows.push({ name: path, depth, spec: f });
      rows.push(...nested(f, path, depth + 1));
    }
  }
  return rows;
}

function nested(spec: FieldSpec, path: string, depth: number): DocField[] {
  if (spec.type === 'object') return flattenFields(spec, path, depth);
  if (spec.type === 'list' && spec.items) {
    const itemPath = `${path}[]`;
    if (spec.items.type === 'object') return flattenFields(spec.items, itemPath, depth);
    return [{ name: itemPath, depth, spec: spec.items }, ...nested(spec.items, itemPath, depth + 1)];
  }
  return [];
}

/** How the docs name a field's type: `integer`, `list of object`, `string or null`. */
export function fieldTypeName(spec: FieldSpec): string {
  const base =
    spec.type === 'list' ? `list of ${spec.items ? fieldTypeName(spec.items) : 'json'}` : spec.type;
  return spec.nullable && spec.type !== 'json' ? `${base} or null` : base;
}
