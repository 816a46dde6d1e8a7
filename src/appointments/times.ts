/**
 * The one home of an appointment's times. An appointment stores instants (`starts_at`, `ends_at`,
 * timestamptz) and the property's offset from UTC; the three renderings the real API speaks
 * (local, office and UTC date and time) are derived here, and read back here. Pure: no clock,
 * no database; the office time zone is passed in (OFFICE_TIME_ZONE).
 */

/** A wall-clock date and time: `2026-01-05`, `09:30:00`. */
export interface WallTime {
  readonly date: string;
  readonly time: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** UTC offsets on Earth run from −12:00 to +14:00. */
export const MAX_OFFSET_MINUTES = 14 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `name` is an IANA time zone this runtime knows (`America/Denver`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    formatterOf(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date and time of `instant` in `timeZone`. */
export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
}

/** The offset of `timeZone` from UTC at `instant`, in minutes (Denver in January: −420). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const wall = wallTimeIn(instant, timeZone);
  return Math.round((wallAsUtc(wall) - Math.floor(instant.getTime() / 1000) * 1000) / MINUTE_MS);
}

/** The wall-clock rendering of `instant` at a fixed offset from UTC. */
export function wallTimeAtOffset(instant: Date, offsetMinutes: number): WallTime {
  const shifted = new Date(instant.getTime() + offsetMinutes * MINUTE_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 19) };
}

/** The wall time read as if it were UTC, in ms (`2026-01-05` `09:30` → Date.UTC(2026, 0, 5, 9, 30)). */
export function wallAsUtc(wall: WallTime): number {
  const [y, mo, d] = wall.date.split('-').map(Number) as [number, number, number];
  const [h, mi, s = 0] = wall.time.split(':').map(Number) as [number, number, number?];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export type ZonedInstant =
  | {
      readonly ok: true;
      readonly at: Date;
      /** The wall time happens twice (clocks fall back): the earlier. */ readonly ambiguous: boolean;
    }
  | {
      readonly ok: false;
      /** The wall time never happens there (clocks spring forward over it). */ readonly reason: 'nonexistent';
    };

/**
 * The instant a wall-clock time names in `timeZone`. Where clocks fall back and the time happens
 * twice, the earlier one (as calendars do); where they spring forward over it, none.
 */
export function instantIn(wall: WallTime, timeZone: string): ZonedInstant {
  const asUtc = wallAsUtc(wall);
  // The zone's offsets a day either side cover every transition near this wall time.
  const offsets = new Set([
    offsetMinutesAt(new Date(asUtc - DAY_MS), timeZone),
    offsetMinutesAt(new Date(asUtc), timeZone),
    offsetMinutesAt(new Date(asUtc + DAY_MS), timeZone),
  ]);
  const matches = [...offsets]
    .map((offset) => asUtc - offset * MINUTE_MS)
    .filter((at) => offsetMinutesAt(new Date(at), timeZone) * MINUTE_MS === asUtc - at)
    .sort((a, b) => a - b);
  if (matches.length === 0) return { ok: false, reason: 'nonexistent' };
  return { ok: true, at: new Date(matches[0]!), ambiguous: matches.length > 1 };
}

/** An appointment's three renderings of one instant. */
export interface Renderings {
  readonly local: WallTime;
  readonly office: WallTime;
  readonly utc: WallTime;
}

export function renderingsOf(
  instant: Date,
  officeTimeZone: string,
  localOffsetMinutes: number | null,
): Renderings {
  return {
    local:
      localOffsetMinutes === null
        ? wallTimeIn(instant, officeTimeZone)
        : wallTimeAtOffset(instant, localOffsetMinutes),
    office: wallTimeIn(instant, officeTimeZone),
    utc: wallTimeAtOffset(instant, 0),
  };
}

/** `HH:MM[:SS]` as seconds. */
export function secondsOfTime(time: string): number {
  const [h, m, s = 0] = time.split(':').map(Number) as [number, number, number?];
  return h * 3600 + m * 60 + s;
}

/** Seconds as `HH:MM:SS` (under a day). */
export function timeOfSeconds(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

// ---------------------------------------------------------------------------------------------
// Reading the times a caller gives.

/** The date and time params of one end (start or stop) in the three renderings, as validated. */
export interface EndInput {
  readonly date_local?: string | undefined;
  readonly time_local?: string | undefined;
  readonly date_office?: string | undefined;
  readonly time_office?: string | undefined;
  readonly date_utc?: string | undefined;
  readonly time_utc?: string | undefined;
}

export interface TimesInput {
  readonly start: EndInput;
  readonly stop: EndInput;
  readonly allday: boolean;
  /** `HH:MM[:SS]`. */
  readonly time_duration?: string | undefined;
}

export interface ResolvedTimes {
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  readonly localOffsetMinutes: number | null;
  readonly durationSeconds: number | null;
}

/** A rule a caller's times broke, naming the param to blame. */
export interface TimeProblem {
  readonly param: string;
  readonly status: 'invalid-param' | 'missing-param';
  readonly message: string;
}

export type TimesOutcome =
  | { readonly ok: true; readonly times: ResolvedTimes }
  | { readonly ok: false; readonly problems: TimeProblem[] };

type End = 'start' | 'stop';
type Rendering = 'utc' | 'office' | 'local';
const RENDERINGS: readonly Rendering[] = ['utc', 'office', 'local'];

const paramName = (kind: 'date' | 'time', end: End, rendering: Rendering) => `${kind}_${end}_${rendering}`;

/**
 * Reads the start and stop an appointment is given, in any of the renderings (all are optional;
 * a time needs its date, which the declarations say):
 * - UTC and office times name an instant (office in `officeTimeZone`); given both, they must agree.
 * - A local time given with a UTC or office one fixes the property's offset from UTC (a whole
 *   number of minutes, at most 14 h); given alone it is read in the office time zone.
 * - A date without its time is an all-day appointment's (midnight), and needs `allday`.
 * - The stop must not be before the start; `time_duration` gives the stop when none is given, and
 *   must agree with it when one is.
 * Contradictions are refused naming the param, never settled by precedence.
 */
export function resolveTimes(
  input: TimesInput,
  officeTimeZone: string,
  known: ResolvedTimes | null = null,
): TimesOutcome {
  const problems: TimeProblem[] = [];
  const start = readEnd(
    'start',
    input.start,
    input.allday,
    officeTimeZone,
    known?.localOffsetMinutes ?? null,
    problems,
  );
  const offset = start?.offset ?? known?.localOffsetMinutes ?? null;
  const stop = readEnd('stop', input.stop, input.allday, officeTimeZone, offset, problems);
  if (problems.length > 0) return { ok: false, problems };

  const startsAt = start?.at ?? known?.startsAt ?? null;
  const duration = input.time_duration === undefined ? null : secondsOfTime(input.time_duration);
  // A start moved without a stop keeps the appointment's length.
  const kept = known?.durationSeconds ?? null;
  let endsAt =
    stop?.at ??
    (start
      ? kept !== null && duration === null
        ? new Date(start.at.getTime() + kept * 1000)
        : null
      : (known?.endsAt ?? null));
  if (stop && stop.offset !== null && offset !== null && stop.offset !== offset) {
    problems.push(
      invalid(
        stop.param,
        `${stop.param} gives a local offset (${offsetText(stop.offset)}) other than the start's (${offsetText(offset)})`,
      ),
    );
  }
  if (duration !== null) {
    if (!startsAt) {
      problems.push(invalid('time_duration', 'time_duration needs a start (date_start_… and time_start_…)'));
    } else if (stop) {
      if (stop.at.getTime() - startsAt.getTime() !== duration * 1000) {
        problems.push(invalid('time_duration', `time_duration disagrees with the stop (${stop.param})`));
      }
    } else {
      endsAt = new Date(startsAt.getTime() + duration * 1000);
    }
  }
  if (endsAt && !startsAt) {
    problems.push({
      param: 'date_start_utc',
      status: 'missing-param',
      message: 'a stop needs a start (date_start_local, date_start_office or date_start_utc)',
    });
  } else if (endsAt && startsAt && endsAt.getTime() < startsAt.getTime()) {
    problems.push(
      invalid(stop?.param ?? 'time_duration', `${stop?.param ?? 'the stop'} must not be before the start`),
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    times: {
      startsAt,
      endsAt,
      localOffsetMinutes: startsAt ? (start?.offset ?? known?.localOffsetMinutes ?? null) : null,
      durationSeconds: startsAt && endsAt ? Math.round((endsAt.getTime() - startsAt.getTime()) / 1000) : null,
    },
  };
}

interface ReadEnd {
  readonly at: Date;
  /** The local offset this end fixes (a local time given beside a UTC or office one), else null. */
  readonly offset: number | null;
  /** The param that named it, for errors. */
  readonly param: string;
}

function readEnd(
  end: End,
  given: EndInput,
  allday: boolean,
  officeTimeZone: string,
  knownOffset: number | null,
  problems: TimeProblem[],
): ReadEnd | null {
  const walls = new Map<Rendering, WallTime>();
  for (const rendering of RENDERINGS) {
    const date = given[`date_${rendering}`];
    const time = given[`time_${rendering}`];
    if (date === undefined) continue;
    if (time === undefined && !allday) {
      problems.push({
        param: paramName('time', end, rendering),
        status: 'missing-param',
        message: `${paramName('time', end, rendering)} is required with ${paramName('date', end, rendering)} unless allday is true`,
      });
      continue;
    }
    walls.set(rendering, { date, time: normalTime(time ?? '00:00') });
  }
  let fixed: { at: Date; param: string } | null = null;
  for (const rendering of ['utc', 'office'] as const) {
    const wall = walls.get(rendering);
    if (!wall) continue;
    const param = paramName(
      walls.has(rendering) && given[`time_${rendering}`] !== undefined ? 'time' : 'date',
      end,
      rendering,
    );
    const at =
      rendering === 'utc'
        ? { ok: true as const, at: new Date(wallAsUtc(wall)) }
        : instantIn(wall, officeTimeZone);
    if (!at.ok) {
      problems.push(
        invalid(param, `${wall.date} ${wall.time} does not exist in ${officeTimeZone} (the clocks skip it)`),
      );
      return null;
    }
    if (fixed && fixed.at.getTime() !== at.at.getTime()) {
      problems.push(
        invalid(
          param,
          `${param} names ${at.at.toISOString()}, but ${fixed.param} names ${fixed.at.toISOString()}`,
        ),
      );
      return null;
    }
    fixed ??= { at: at.at, param };
  }
  const local = walls.get('local');
  const localParam = paramName(given.time_local !== undefined ? 'time' : 'date', end, 'local');
  if (local && fixed) {
    const offsetMs = wallAsUtc(local) - fixed.at.getTime();
    const offset = offsetMs / MINUTE_MS;
    if (!Number.isInteger(offset) || Math.abs(offset) > MAX_OFFSET_MINUTES) {
      problems.push(
        invalid(
          localParam,
          `${localParam} is ${offsetText(offset)} from ${fixed.param}; a local time is at most 14 h from UTC, in whole minutes`,
        ),
      );
      return null;
    }
    return { at: fixed.at, offset, param: fixed.param };
  }
  if (local) {
    if (knownOffset !== null) {
      return { at: new Date(wallAsUtc(local) - knownOffset * MINUTE_MS), offset: null, param: localParam };
    }
    const at = instantIn(local, officeTimeZone);
    if (!at.ok) {
      problems.push(
        invalid(
          localParam,
          `${local.date} ${local.time} does not exist in ${officeTimeZone} (the clocks skip it)`,
        ),
      );
      return null;
    }
    return { at: at.at, offset: null, param: localParam };
  }
  return fixed ? { at: fixed.at, offset: null, param: fixed.param } : null;
}

function normalTime(time: string): string {
  return time.length === 5 ? `${time}:00` : time;
}

function invalid(param: string, message: string): TimeProblem {
  return { param, status: 'invalid-param', message };
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}:${String(Math.round(abs % 60)).padStart(2, '0')}`;
}
