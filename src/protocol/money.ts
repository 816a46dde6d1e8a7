/**
 * The one home of money. Amounts travel as decimals with at most two places (`12`, `12.5`,
 * `"12.34"`), are handled as integer cents, and are stored as integer cents.
 *
 * Column type: `bigint` cents with `check (x between 0 and 999999999999)` (or the route's own
 * bounds). Both drivers read int8 (and the numeric of `sum(bigint)`) as a JS number, exact because
 * every amount is below MONEY_MAX_CENTS: under 10^12, far inside Number's exact integers (2^53 ≈
 * 9.007·10^15), so even a sum of 9 000 maximal amounts stays exact.
 */

/** An amount of money in integer cents. */
export type Cents = number;

/** The largest amount accepted anywhere: 9 999 999 999.99. */
export const MONEY_MAX_CENTS: Cents = 999_999_999_999;
export const MONEY_MAX = MONEY_MAX_CENTS / 100;

/** Plain decimal text: no exponent, no sign but `-`, no separators, at most two places. */
const MONEY_TEXT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

export const MONEY_FORMAT_HINT = 'an amount with at most two decimal places, like 12.34';

export type MoneyParse =
  | { readonly ok: true; readonly cents: Cents }
  | { readonly ok: false; readonly reason: 'format' | 'too-large' };

/**
 * Reads an amount as a JSON number or as text. A JSON number is read through its shortest
 * round-trip text (what `JSON.stringify` writes), so `12.345` or `0.30000000000000004` have more
 * than two places and are refused, never rounded. The cents come from the digits, not from
 * `value * 100` (which gives 114.99999999999999 for 1.15).
 */
export function parseMoney(value: unknown): MoneyParse {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
  const m = text === null ? null : MONEY_TEXT.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const [, sign, whole, fraction = ''] = m;
  const digits = whole!.replace(/^0+(?=\d)/, '');
  if (digits.length > String(MONEY_MAX_CENTS).length - 2) return { ok: false, reason: 'too-large' };
  const cents = Number(digits) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MONEY_MAX_CENTS) return { ok: false, reason: 'too-large' };
  return { ok: true, cents: sign === '-' && cents !== 0 ? -cents : cents };
}

/** Cents of an amount a declaration states (bounds, defaults); a bad one is a programming error. */
export function centsOf(amount: number): Cents {
  const parsed = parseMoney(amount);
  if (!parsed.ok) throw new RangeError(`${amount} is not an amount of money with at most two places`);
  return parsed.cents;
}

/**
 * Cents as a reply's JSON number: `1234` → `12.34`, `1250` → `12.5`. Exact in the JSON text: the
 * division is correctly rounded, and a decimal of at most 15 significant digits is the shortest
 * text of its nearest double, so `JSON.stringify` writes exactly the decimal.
 */
export function renderMoney(cents: Cents): number {
  assertCents(cents);
  return cents / 100;
}

/** Cents as text with two places (`1250` → `"12.50"`), for emails and messages. */
export function moneyText(cents: Cents): string {
  assertCents(cents);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function assertCents(cents: Cents): void {
  if (!Number.isSafeInteger(cents) || Math.abs(cents) > MONEY_MAX_CENTS) {
    throw new RangeError(`${cents} is not an amount of cents PlanoCore handles`);
  }
}
