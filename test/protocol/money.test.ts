import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEY_MAX_CENTS, moneyText, parseMoney, renderMoney } from '../../src/protocol/money.js';

/** The exact decimal of an amount of cents, as a person writes it (`12.5`, `12`, `0.07`). */
function decimalOf(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const fraction = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 100)}${fraction ? `.${fraction}` : ''}`;
}

const cents = fc.oneof(
  fc.integer({ min: -MONEY_MAX_CENTS, max: MONEY_MAX_CENTS }),
  fc.constantFrom(0, 1, 7, 10, 99, 100, 115, 30, MONEY_MAX_CENTS, -MONEY_MAX_CENTS),
);

describe('renderMoney', () => {
  it('writes every amount of cents in JSON as its exact decimal, never a float artefact', () => {
    fc.assert(
      fc.property(cents, (c) => {
        expect(JSON.stringify({ price: renderMoney(c) })).toBe(`{"price":${decimalOf(c)}}`);
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(cents, (c) => {
        expect(parseMoney(JSON.parse(JSON.stringify(renderMoney(c))))).toEqual({ ok: true, cents: c });
        expect(parseMoney(moneyText(c))).toEqual({ ok: true, cents: c });
      }),
    );
  });

  it('refuses what is not a safe amount of cents', () => {
    for (const bad of [0.5, Number.NaN, MONEY_MAX_CENTS + 1, 2 ** 53, Infinity]) {
      expect(() => renderMoney(bad)).toThrow(RangeError);
    }
  });
});

describe('moneyText', () => {
  it('always writes two places', () => {
    expect(moneyText(1250)).toBe('12.50');
    expect(moneyText(7)).toBe('0.07');
    expect(moneyText(-1234)).toBe('-12.34');
    expect(moneyText(0)).toBe('0.00');
  });
});
