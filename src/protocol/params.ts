/**
 * Param declarations. A route lists its params as an object of these; the same object drives
 * validation, the handler's typed input and the documentation.
 */
export type ParamType = 'string' | 'integer' | 'boolean' | 'float' | 'parent' | 'hash' | 'json' | 'array';

export interface ParamSpec<T = unknown, R extends boolean = boolean> {
  readonly type: ParamType;
  readonly position: number;
  readonly required: R;
  readonly description: string;
  readonly possibleValues?: readonly string[];
  readonly maxLength?: number;
  /** For `parent`: the nested params, named `parent.child` in errors and docs. */
  readonly children?: ParamMap;
  /** For `array`: the type of each item. */
  readonly items?: ParamSpec;
  /** Phantom: the value type the handler receives. */
  readonly __value?: T;
}

export type ParamMap = Readonly<Record<string, ParamSpec>>;

type ValueOf<P> = P extends ParamSpec<infer T, boolean> ? T : never;
type RequiredKeys<P extends ParamMap> = {
  [K in keyof P]: P[K] extends ParamSpec<unknown, true> ? K : never;
}[keyof P];
type OptionalKeys<P extends ParamMap> = Exclude<keyof P, RequiredKeys<P>>;

/** The typed input a handler receives for a param map. */
export type InputOf<P extends ParamMap> = { [K in RequiredKeys<P>]: ValueOf<P[K]> } & {
  [K in OptionalKeys<P>]?: ValueOf<P[K]>;
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

interface BaseOptions<R extends boolean> {
  position: number;
  required?: R;
  description?: string;
}

interface StringOptions<R extends boolean, V extends readonly string[]> extends BaseOptions<R> {
  possibleValues?: V;
  maxLength?: number;
}

function spec<T, R extends boolean>(
  type: ParamType,
  o: BaseOptions<R> & Omit<Partial<ParamSpec>, '__value' | 'required'>,
): ParamSpec<T, R> {
  const { required, description, ...rest } = o;
  return { ...rest, type, required: (required ?? false) as R, description: description ?? '' };
}

export const param = {
  string<const V extends readonly string[] = readonly string[], const R extends boolean = false>(
    o: StringOptions<R, V>,
  ): ParamSpec<string extends V[number] ? string : V[number], R> {
    return spec('string', o);
  },
  integer<const R extends boolean = false>(o: BaseOptions<R>): ParamSpec<number, R> {
    return spec('integer', o);
  },
  float<const R extends boolean = false>(o: BaseOptions<R>): ParamSpec<number, R> {
    return spec('float', o);
  },
  boolean<const R extends boolean = false>(o: BaseOptions<R>): ParamSpec<boolean, R> {
    return spec('boolean', o);
  },
  /** A free-form object of string keys. */
  hash<const R extends boolean = false>(o: BaseOptions<R>): ParamSpec<Record<string, unknown>, R> {
    return spec('hash', o);
  },
  /** Any JSON value; from a query string or form it is parsed as JSON text. */
  json<const R extends boolean = false>(o: BaseOptions<R>): ParamSpec<unknown, R> {
    return spec('json', o);
  },
  parent<const C extends ParamMap, const R extends boolean = false>(
    o: BaseOptions<R> & { children: C },
  ): ParamSpec<InputOf<C>, R> {
    return spec('parent', o);
  },
  array<I extends ParamSpec, const R extends boolean = false>(
    o: BaseOptions<R> & { items: I },
  ): ParamSpec<ValueOf<I>[], R> {
    return spec('array', o);
  },
};

/** Params in documented order: by position, and params sharing a position in declaration order. */
export function orderedParams(params: ParamMap): [string, ParamSpec][] {
  return Object.entries(params).sort(([, pa], [, pb]) => pa.position - pb.position);
}
