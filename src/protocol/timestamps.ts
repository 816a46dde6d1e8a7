import { ApiError } from './errors.js';

/**
 * ISO 8601 timestamps as params arrive: text. Accepted is the extended calendar form with a time
 * and an explicit offset (`2026-01-05T12:00:00Z`, `2026-01-05T07:00-05:00`, fractions allowed);
 * a time without an offset is ambiguous and refused. Impossible dates (Feb 30) are refused too.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const TIMESTAMP_FORMAT_HINT = 'an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z';

/** Parses a full timestamp or throws invalid-param naming `paramName`. */
export function parseTimestamp(paramName: string, text: string): Date {
  const at = dateTimeOf(text);
  if (!at) throw ApiError.invalidParam(paramName, `${paramName} must be ${TIMESTAMP_FORMAT_HINT}`);
  return at;
}

/**
 * For range filters: a full timestamp, or a bare date (`2026-01-05`, the start of that day in UTC).
 * `dateOnly` lets the caller treat an upper bound date as the whole day.
 */
export function parseTimestampOrDate(paramName: string, text: string): { at: Date; dateOnly: boolean } {
  const day = DATE_ONLY.exec(text);
  if (day) {
    const at = utc(Number(day[1]), Number(day[2]), Number(day[3]), 0, 0, 0, 0);
    if (at) return { at, dateOnly: true };
  } else {
    const at = dateTimeOf(text);
    if (at) return { at, dateOnly: false };
  }
  throw ApiError.invalidParam(
    paramName,
    `${paramName} must be a date (2026-01-05) or ${TIMESTAMP_FORMAT_HINT}`,
  );
}

function dateTimeOf(text: string): Date | null {
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

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Date.UTC rolls Feb 30 over to Mar 2; a rolled-over date was not a real one.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return at;
}
