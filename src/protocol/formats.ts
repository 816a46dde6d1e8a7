import type { StringFormat } from './params.js';
import { DATE_FORMAT_HINT, TIME_FORMAT_HINT, TIMESTAMP_FORMAT_HINT } from './timestamps.js';

/** The one email rule: something@domain.tld, no spaces, at most 254 characters (RFC 5321's path limit). */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
export const EMAIL_MAX_LENGTH = 254;
/** A non-negative decimal number as text: digits, at most one point (`3`, `2.5`, `1850.75`). */
const DECIMAL = /^\d{1,15}(\.\d{1,6})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A record's slug: lowercase letters and digits, words joined by `-` or `_`. */
const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

export function isEmail(text: string): boolean {
  return text.length <= EMAIL_MAX_LENGTH && EMAIL.test(text);
}

/** The addresses of an `email-list` param: split at commas, trimmed, empty entries dropped. */
export function splitEmailList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function isEmailList(text: string): boolean {
  const emails = splitEmailList(text);
  return emails.length > 0 && emails.every(isEmail);
}

const RECORD_ID = /^[1-9][0-9]{0,14}$/;

/** An absolute http or https URL (no `javascript:`, `data:`, `file:` …). */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'https:' || protocol === 'http:';
}

/** The formats checked on the text itself; dates and times are parsed (validate.ts, timestamps.ts). */
export type TextFormat = Exclude<StringFormat, 'date' | 'time' | 'date-time'>;

interface TextFormatRule {
  readonly test: (text: string) => boolean;
  /** Completes "<param> must be …". */
  readonly mustBe: string;
}

export const TEXT_FORMATS: Readonly<Record<TextFormat, TextFormatRule>> = {
  email: { test: isEmail, mustBe: 'an email address' },
  'email-list': {
    test: isEmailList,
    mustBe: 'email addresses separated by commas (a@example.com, b@example.com)',
  },
  id: { test: (text) => RECORD_ID.test(text), mustBe: 'a record id: a whole number like 42' },
  uuid: { test: (text) => UUID.test(text), mustBe: 'a UUID, like 3f1c2b9e-8d4a-4c6e-9b1f-0a2d3e4f5a6b' },
  url: { test: isHttpUrl, mustBe: 'an http(s) URL' },
  decimal: { test: (text) => DECIMAL.test(text), mustBe: 'a non-negative decimal number, like 2.5' },
  slug: { test: (text) => SLUG.test(text), mustBe: 'a slug: lowercase letters and digits joined by - or _' },
};

export function isTextFormat(format: StringFormat): format is TextFormat {
  return Object.hasOwn(TEXT_FORMATS, format);
}

/** Every format in words ("an email address"), and as OpenAPI names it. */
export const FORMAT_DOCS: Readonly<
  Record<StringFormat, { readonly words: string; readonly openApi?: string }>
> = {
  email: { words: 'an email address', openApi: 'email' },
  'email-list': { words: 'email addresses separated by commas (`a@example.com, b@example.com`)' },
  id: { words: 'a record id, a whole number written in digits (`42`)' },
  uuid: { words: 'a UUID', openApi: 'uuid' },
  url: { words: 'an absolute http or https URL', openApi: 'uri' },
  decimal: { words: 'a non-negative decimal number as text, like 2.5' },
  slug: { words: 'a slug (lowercase letters and digits, words joined by `-` or `_`, like `client-request`)' },
  date: { words: DATE_FORMAT_HINT, openApi: 'date' },
  // JSON Schema's `time` requires an offset; ours is a local time of day (a pattern says it).
  time: { words: TIME_FORMAT_HINT },
  'date-time': { words: TIMESTAMP_FORMAT_HINT, openApi: 'date-time' },
};
