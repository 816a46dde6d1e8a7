/**
 * Param declarations. A route lists its params as an object of these; the same object drives
 * validation, the handler's typed input and the documentation. A declaration is plain data: every
 * rule it states (bounds, lengths, formats, possible values, list-item collections) is a field the
 * validator checks and the docs pages, the markdown export and OpenAPI show.
 */
import type { Cents } from './money.js';
import type { DateOrDateTime } from './timestamps.js';

export type ParamType =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'float'
  /** An exact amount of money: a decimal with at most two places; the handler receives integer cents. */
  | 'money'
  /** A string of format `date`, shown as its own type (as some real pages do). */
  | 'date'
  /** A string of format `time`. */
  | 'time'
  /** A string of format `date-time`. */
  | 'datetime'
  | 'parent'
  | 'hash'
  | 'json'
  | 'array';

/**
 * What a string's text must be: `date` is `YYYY-MM-DD` (a real calendar date), `time` a 24-hour
 * `HH:MM` or `HH:MM:SS`, `date-time` an ISO 8601 timestamp with an offset (the handler receives a
 * Date), `url` an absolute http(s) URL, `decimal` a non-negative decimal number as text (`2.5`).
 */
export type StringFormat =
  | 'email'
  /** Email addresses separated by commas (`splitEmailList` reads them). */
  | 'email-list'
  /** A record id written as text: a positive whole number in digits. */
  | 'id'
  | 'uuid'
  /** A non-negative decimal number as text (`2.5`). */
  | 'decimal'
  | 'url'
  /** Lowercase letters and digits joined by - or _ (`client-request`). */
  | 'slug'
  | 'date'
  | 'time'
  | 'date-time';

export interface ParamSpec<T = unknown, R extends boolean = boolean> {
  readonly type: ParamType;
  readonly position: number;
  readonly required: R;
  readonly description: string;
  /** A realistic value as a caller sends it (text, number…); request examples in the docs use it. */
  readonly example?: unknown;
  /** The value the handler receives when the param is absent, as a caller would send it. */
  readonly default?: unknown;
  /**
   * A required param that callers predating the requirement still leave out: the docs say
   * required (as the real page does), and an absent one takes this value instead of `missing-param`.
   */
  readonly legacyDefault?: unknown;
  readonly possibleValues?: readonly string[];
  /** `string`: lengths in characters (code points). */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** `string`: the rule its text follows (the `date`, `time` and `datetime` types imply theirs). */
  readonly format?: StringFormat;
  /** `integer`, `float`, `money` (in whole currency units, like the wire: `max: 10000` is $10,000.00). */
  readonly min?: number;
  readonly max?: number;
  /** `array`: how many items. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** The value must be the `value` of an active item of this `list_items` collection. */
  readonly listItems?: string;
  /** Timestamps: a bare date (`2026-01-05`) is accepted too (the handler gets a DateOrDateTime). */
  readonly acceptsDate?: boolean;
  /**
   * Dates: when this sibling boolean param is true, the date may be written `MM/DD/YYYY` (or
   * `M/D/YYYY`) too; the handler always receives `YYYY-MM-DD`.
   */
  readonly monthFirstWhen?: string;
  /** Dates and timestamps: the moment must not lie after the request's now. */
  readonly notInFuture?: boolean;
  /** A sibling param this one must not be smaller (earlier) than, when both are given. */
  readonly notBefore?: string;
  /** Sibling params that must be given whenever this one is. */
  readonly requires?: readonly string[];
  /** For `parent` (and a `hash` with named keys): the nested params, named `parent.child` in errors and docs. */
  readonly children?: ParamMap;
  /** For `array`: the type of each item. */
  readonly items?: ParamSpec;
  /** Phantom: the value type the handler receives. */
  readonly __value?: T;
}

export type ParamMap = Readonly<Record<string, ParamSpec>>;

type ValueOf<P> = P extends ParamSpec<infer T, boolean> ? T : never;
/** Keys the handler always receives: required params, and params with a default. */
type PresentKeys<P extends ParamMap> = {
  [K in keyof P]: P[K] extends ParamSpec<unknown, true>
    ? K
    : P[K] extends { readonly default: NonNullable<unknown> }
      ? K
      : never;
}[keyof P];
type OptionalKeys<P extends ParamMap> = Exclude<keyof P, PresentKeys<P>>;

/** The typed input a handler receives for a param map. */
export type InputOf<P extends ParamMap> = { [K in PresentKeys<P>]: ValueOf<P[K]> } & {
  [K in OptionalKeys<P>]?: ValueOf<P[K]>;
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

/** A spec whose declared default makes its value always present. */
type Spec<T, R extends boolean, D> = [D] extends [undefined]
  ? ParamSpec<T, R>
  : ParamSpec<T, R> & { readonly default: D };

interface BaseOptions<R extends boolean, E = never> {
  position: number;
  required?: R;
  description?: string;
  /** A realistic value as a caller sends it; request examples in the docs use it. */
  example?: E;
  /** Sibling params that must be given whenever this one is. */
  requires?: readonly string[];
}

interface StringOptions<R extends boolean, V extends readonly string[]> extends BaseOptions<R, string> {
  possibleValues?: V;
  minLength?: number;
  maxLength?: number;
  /** `date-time` params, whose handlers receive a Date, are declared with `param.datetime`. */
  format?: Exclude<StringFormat, 'date-time'>;
  /** With `required: true`: what an absent value means for callers older than the requirement. */
  legacyDefault?: V[number];
}

interface NumberOptions<R extends boolean> extends BaseOptions<R, number | string> {
  min?: number;
  max?: number;
  notBefore?: string;
}

interface MomentOptions<R extends boolean> extends BaseOptions<R, string> {
  notInFuture?: boolean;
  notBefore?: string;
  /**
   * The docs show the param as a `string` (of this format) instead of its own type, where the real
   * PlanoCore page does (cancelations' `canceled_at`); validation is the same.
   */
  shownAs?: 'string';
  /** Dates: the sibling boolean that lets the date be written `MM/DD/YYYY` (see ParamSpec). */
  monthFirstWhen?: string;
}

const FORMAT_OF_TYPE = { date: 'date', time: 'time', datetime: 'date-time' } as const;

function moment<T, R extends boolean>(
  type: keyof typeof FORMAT_OF_TYPE,
  o: MomentOptions<R> & { acceptsDate?: boolean },
): ParamSpec<T, R> {
  const { shownAs, ...rest } = o;
  return shownAs === 'string' ? spec('string', { ...rest, format: FORMAT_OF_TYPE[type] }) : spec(type, rest);
}

/** The format a param's text follows: declared on a string, implied by the date and time types. */
export function formatOf(spec: ParamSpec): StringFormat | undefined {
  return spec.type === 'string'
    ? spec.format
    : spec.type in FORMAT_OF_TYPE
      ? FORMAT_OF_TYPE[spec.type as keyof typeof FORMAT_OF_TYPE]
      : undefined;
}

interface ArrayOptions<R extends boolean, I> extends BaseOptions<R, unknown[]> {
  items: I;
  minItems?: number;
  maxItems?: number;
}

function spec<T, R extends boolean, D = undefined>(
  type: ParamType,
  o: BaseOptions<R, unknown> & Omit<Partial<ParamSpec>, '__value' | 'required'>,
): Spec<T, R, D> {
  const { required, description, ...rest } = o;
  return { ...rest, type, required: (required ?? false) as R, description: description ?? '' } as Spec<
    T,
    R,
    D
  >;
}

export const param = {
  string<
    const V extends readonly string[] = readonly string[],
    const R extends boolean = false,
    const D extends string | undefined = undefined,
  >(o: StringOptions<R, V> & { default?: D }): Spec<string extends V[number] ? string : V[number], R, D> {
    return spec('string', o);
  },
  integer<const R extends boolean = false, const D extends number | undefined = undefined>(
    o: NumberOptions<R> & { default?: D },
  ): Spec<number, R, D> {
    return spec('integer', o);
  },
  float<const R extends boolean = false, const D extends number | undefined = undefined>(
    o: NumberOptions<R> & { default?: D },
  ): Spec<number, R, D> {
    return spec('float', o);
  },
  /**
   * Money: a JSON number or text with at most two decimal places (`12`, `12.5`, `"12.34"`),
   * at least `min` (0 unless declared) and at most `max` (MONEY_MAX unless declared). The handler
   * receives integer cents (`12.34` → 1234); replies render cents with `renderMoney`.
   */
  money<const R extends boolean = false, const D extends number | undefined = undefined>(
    o: NumberOptions<R> & { default?: D },
  ): Spec<Cents, R, D> {
    return spec('money', o);
  },
  boolean<const R extends boolean = false, const D extends boolean | undefined = undefined>(
    o: BaseOptions<R, boolean | string> & { default?: D },
  ): Spec<boolean, R, D> {
    return spec('boolean', o);
  },
  /** A calendar date, `YYYY-MM-DD` (a real one: no Feb 30); the handler receives the text. */
  date<const R extends boolean = false>(o: MomentOptions<R>): ParamSpec<string, R> {
    return moment('date', o);
  },
  /** A 24-hour time of day, `HH:MM` or `HH:MM:SS`; the handler receives the text. */
  time<const R extends boolean = false>(o: MomentOptions<R>): ParamSpec<string, R> {
    return moment('time', o);
  },
  /** An ISO 8601 timestamp with an offset (`2026-01-05T12:00:00Z`); the handler receives a Date. */
  datetime<const R extends boolean = false>(o: MomentOptions<R>): ParamSpec<Date, R> {
    return moment('datetime', o);
  },
  /**
   * For range filters: an ISO 8601 timestamp with an offset, or a bare date (the start of that day,
   * UTC, with `dateOnly` so an upper bound can take the whole day).
   */
  datetimeOrDate<const R extends boolean = false>(o: MomentOptions<R>): ParamSpec<DateOrDateTime, R> {
    return moment('datetime', { ...o, acceptsDate: true });
  },
  /** The `value` of an active item of a `list_items` collection (checked against the database). */
  listItem<const R extends boolean = false>(
    o: BaseOptions<R, string> & { collection: string; maxLength?: number },
  ): ParamSpec<string, R> {
    const { collection, ...rest } = o;
    return spec('string', { maxLength: 200, ...rest, listItems: collection });
  },
  /** A free-form object of string keys. */
  hash<const R extends boolean = false>(
    o: BaseOptions<R, Record<string, unknown>>,
  ): ParamSpec<Record<string, unknown>, R> {
    return spec('hash', o);
  },
  /**
   * A hash whose keys a real page names (`appointment:hash{appt_id, …}`): documented and validated
   * like a parent's children (other keys are dropped), shown as a `hash`.
   */
  namedHash<const C extends ParamMap, const R extends boolean = false>(
    o: BaseOptions<R, Record<string, unknown>> & { children: C },
  ): ParamSpec<InputOf<C>, R> {
    return spec('hash', o);
  },
  /** Any JSON value; from a query string or form it is parsed as JSON text. */
  json<const R extends boolean = false>(o: BaseOptions<R, unknown>): ParamSpec<unknown, R> {
    return spec('json', o);
  },
  parent<const C extends ParamMap, const R extends boolean = false>(
    o: BaseOptions<R> & { children: C },
  ): ParamSpec<InputOf<C>, R> {
    return spec('parent', o);
  },
  array<I extends ParamSpec, const R extends boolean = false>(
    o: ArrayOptions<R, I>,
  ): ParamSpec<ValueOf<I>[], R> {
    return spec('array', o);
  },
};

/** Params in documented order: by position, and params sharing a position in declaration order. */
export function orderedParams(params: ParamMap): [string, ParamSpec][] {
  return Object.entries(params).sort(([, pa], [, pb]) => pa.position - pb.position);
}
