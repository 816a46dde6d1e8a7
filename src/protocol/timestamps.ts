/**
 * ISO 8601 timestamps, dates and times as params arrive: text. Accepted timestamps are the extended
 * calendar form with a time and an explicit offset (`2026-01-05T12:00:00Z`, `2026-01-05T07:00-05:00`,
 * fractions allowed); a time without an offset is ambiguous and refused. Impossible dates (Feb 30)
 * are refused too.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;

export const TIMESTAMP_FORMAT_HINT = 'an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z';
export const DATE_FORMAT_HINT = 'a date like 2026-01-05 (YYYY-MM-DD)';
export const TIME_FORMAT_HINT = 'a 24-hour time like 14:30 or 14:30:00';

/** A range bound given as a timestamp, or as a bare date (then `at` is that day's start, UTC). */
export interface DateOrDateTime {
  readonly at: Date;
  readonly dateOnly: boolean;
}

/** The moment a full timestamp names, or null when the text is not one. */
export function dateTimeOf(text: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = m;
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const local = utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  if (!local) return null;
  if (zulu) return local;
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offsetMs = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(local.getTime() - offsetMs);
}

/** The start (UTC) of the calendar date `YYYY-MM-DD`, or null when the text is not a real date. */
export function calendarDateOf(text: string): Date | null {
  const day = DATE_ONLY.exec(text);
  return day ? utc(Number(day[1]), Number(day[2]), Number(day[3]), 0, 0, 0, 0) : null;
}

/** A full timestamp, or a bare date; null when the text is neither. */
export function dateOrDateTimeOf(text: string): DateOrDateTime | null {
  const day = calendarDateOf(text);
  if (day) return { at: day, dateOnly: true };
  const at = dateTimeOf(text);
  return at ? { at, dateOnly: false } : null;
}

export function isTimeOfDay(text: string): boolean {
  return TIME_OF_DAY.test(text);
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Date.UTC rolls Feb 30 over to Mar 2; a rolled-over date was not a real one.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return at;
}
