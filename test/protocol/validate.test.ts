import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { param, type ParamMap } from '../../src/protocol/params.js';
import { validateParams } from '../../src/protocol/validate.js';

const NOW = new Date('2026-01-05T12:00:00Z');
const check = (params: ParamMap, raw: Record<string, unknown>) =>
  validateParams(params, raw, { now: () => NOW });
/** The one error message for `raw`, or undefined when it passes. */
const messageOf = (params: ParamMap, raw: Record<string, unknown>) => {
  const { errors } = check(params, raw);
  expect(errors.length).toBeLessThanOrEqual(1);
  return errors[0]?.message;
};
const valueOf = (params: ParamMap, raw: Record<string, unknown>) => {
  const { value, errors } = check(params, raw);
  expect(errors).toEqual([]);
  return value;
};

describe('integer and float bounds', () => {
  const params = {
    per_page: param.integer({ position: 1, min: 1, max: 100 }),
    ratio: param.float({ position: 2, min: -1.5, max: 2.5 }),
  };

  it('accepts exactly the values inside min and max, as numbers or text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.boolean(), (n, asText) => {
        const message = messageOf(params, { per_page: asText ? String(n) : n });
        if (n >= 1 && n <= 100) expect(message).toBeUndefined();
        else expect(message).toBe(n < 1 ? 'per_page must be at least 1' : 'per_page must be at most 100');
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
        const message = messageOf(params, { ratio: x });
        if (x >= -1.5 && x <= 2.5) expect(message).toBeUndefined();
        else expect(message).toBe(x < -1.5 ? 'ratio must be at least -1.5' : 'ratio must be at most 2.5');
      }),
    );
  });

  it('fills a declared default when the param is absent, and only then', () => {
    const paged = { page: param.integer({ position: 1, min: 1, default: 1 }) };
    expect(valueOf(paged, {})).toEqual({ page: 1 });
    expect(valueOf(paged, { page: '' })).toEqual({ page: 1 });
    expect(valueOf(paged, { page: '3' })).toEqual({ page: 3 });
    expect(messageOf(paged, { page: '0' })).toBe('page must be at least 1');
  });
});

describe('string lengths and formats', () => {
  it('counts characters, not UTF-16 units, against minLength and maxLength', () => {
    const params = { word: param.string({ position: 1, minLength: 2, maxLength: 3 }) };
    expect(messageOf(params, { word: '😀😀😀' })).toBeUndefined();
    expect(messageOf(params, { word: '😀' })).toBe('word must be at least 2 characters');
    expect(messageOf(params, { word: '😀'.repeat(4) })).toBe('word must be at most 3 characters');
    expect(messageOf(params, { word: 'x'.repeat(1024 * 1024) })).toBe('word must be at most 3 characters');
    expect(messageOf(params, { word: 'abcd' })).toBe('word must be at most 3 characters');
  });

  it.each([
    ['email', 'jane.doe@example.com', true],
    ['email', 'jane+tag@mail.example.co.uk', true],
    ['email', 'jane.doe@example', false],
    ['email', 'jane doe@example.com', false],
    ['email', '@example.com', false],
    ['email', `${'a'.repeat(250)}@example.com`, false],
    ['uuid', '3f1c2b9e-8d4a-4c6e-9b1f-0a2d3e4f5a6b', true],
    ['uuid', '3F1C2B9E-8D4A-4C6E-9B1F-0A2D3E4F5A6B', true],
    ['uuid', '3f1c2b9e8d4a4c6e9b1f0a2d3e4f5a6b', false],
    ['url', 'https://www.example.com/path?q=1', true],
    ['url', 'http://127.0.0.1:5173/xso', true],
    ['url', 'javascript:alert(1)', false],
    ['url', 'ftp://example.com/', false],
    ['url', '/relative/path', false],
  ] as const)('format %s: %j passes: %s', (format, text, passes) => {
    const params = { v: param.string({ position: 1, format }) };
    const words = { email: 'an email address', uuid: 'a UUID', url: 'an http(s) URL' }[format];
    if (passes) expect(messageOf(params, { v: text })).toBeUndefined();
    else
      expect(messageOf(params, { v: text })).toMatch(
        new RegExp(`^v must be ${words.replace(/[()]/g, '\\$&')}`),
      );
  });
});

describe('dates, times and timestamps', () => {
  const params = {
    day: param.date({ position: 1 }),
    at: param.time({ position: 2 }),
    when: param.datetime({ position: 3, notInFuture: true }),
    from: param.datetimeOrDate({ position: 4 }),
  };

  it('takes exactly the real calendar dates, and hands over the text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const real = new Date(Date.UTC(y, m - 1, d));
          const isReal =
            m >= 1 && m <= 12 && d >= 1 && real.getUTCMonth() === m - 1 && real.getUTCDate() === d;
          const { value, errors } = check(params, { day: text });
          if (isReal) expect(value.day).toBe(text);
          else expect(errors[0]?.message).toBe('day must be a date like 2026-01-05 (YYYY-MM-DD)');
        },
      ),
    );
    expect(messageOf(params, { day: '2026-1-5' })).toBeDefined();
    expect(messageOf(params, { day: '2026-01-05T00:00:00Z' })).toBeDefined();
  });

  it('takes 24-hour times with or without seconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.boolean(),
        (h, m, seconds) => {
          const text = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${seconds ? ':07' : ''}`;
          const message = messageOf(params, { at: text });
          if (h <= 23 && m <= 59) expect(message).toBeUndefined();
          else expect(message).toBe('at must be a 24-hour time like 14:30 or 14:30:00');
        },
      ),
    );
    expect(messageOf(params, { at: '9:30' })).toBeDefined();
  });

  it('turns a timestamp with an offset into its Date; one without an offset or in the future is refused', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01Z'), max: NOW, noInvalidDate: true }), (d) => {
        expect((valueOf(params, { when: d.toISOString() }).when as Date).getTime()).toBe(d.getTime());
      }),
    );
    expect(valueOf(params, { when: '2026-01-05T07:00-05:00' }).when).toEqual(NOW);
    const hint = 'when must be an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z';
    expect(messageOf(params, { when: '2026-01-05T10:00:00' })).toBe(hint);
    expect(messageOf(params, { when: '2026-02-30T10:00:00Z' })).toBe(hint);
    expect(messageOf(params, { when: 1767614400000 })).toBe(hint);
    expect(messageOf(params, { when: '2026-01-05T12:00:01Z' })).toBe('when must not be in the future');
    expect(messageOf(params, { when: '2026-01-05T12:00:00Z' })).toBeUndefined();
  });

  it('takes a bare date where a date is accepted instead of a timestamp, saying which it was', () => {
    expect(valueOf(params, { from: '2026-01-05' }).from).toEqual({
      at: new Date('2026-01-05T00:00:00Z'),
      dateOnly: true,
    });
    expect(valueOf(params, { from: '2026-01-05T01:00:00+01:00' }).from).toEqual({
      at: new Date('2026-01-05T00:00:00Z'),
      dateOnly: false,
    });
  });

  it('checks a date-time declared to be shown as a string the same way', () => {
    const shown = { canceled_at: param.datetime({ position: 1, shownAs: 'string', notInFuture: true }) };
    expect(shown.canceled_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(valueOf(shown, { canceled_at: '2026-01-01T00:00:00Z' }).canceled_at).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(messageOf(shown, { canceled_at: '2027-01-01T00:00:00Z' })).toBe(
      'canceled_at must not be in the future',
    );
  });
});

describe('money', () => {
  const params = {
    price: param.money({ position: 1, max: 10_000 }),
    discount: param.money({ position: 2, min: -500, max: 0 }),
    total: param.money({ position: 3 }),
  };

  it('hands the handler integer cents for every amount with at most two places, as number or text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), (cents, asText) => {
        const amount = asText
          ? `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
          : cents / 100;
        expect(valueOf(params, { price: amount })).toEqual({ price: cents });
      }),
    );
    expect(valueOf(params, { price: '12' })).toEqual({ price: 1200 });
    expect(valueOf(params, { price: '12.5' })).toEqual({ price: 1250 });
    expect(valueOf(params, { price: 1.15 })).toEqual({ price: 115 });
    expect(valueOf(params, { price: '007.10' })).toEqual({ price: 710 });
  });

  it.each([
    12.345,
    '12.345',
    0.30000000000000004,
    '1e2',
    1e21,
    '12.',
    '.5',
    '+12',
    '12,50',
    ' 12',
    '0x10',
    true,
    [12],
  ])('refuses %j: more places, exponents or no plain decimal', (amount) => {
    expect(messageOf(params, { price: amount })).toBe(
      'price must be an amount with at most two decimal places, like 12.34',
    );
  });

  it('is non-negative unless declared otherwise, and keeps min and max', () => {
    expect(messageOf(params, { price: -1 })).toBe('price must be at least 0');
    expect(messageOf(params, { price: '10000.01' })).toBe('price must be at most 10000');
    expect(messageOf(params, { discount: '-500.01' })).toBe('discount must be at least -500');
    expect(valueOf(params, { discount: '-12.34' })).toEqual({ discount: -1234 });
    expect(messageOf(params, { total: '10000000000' })).toBe('total must be at most 9999999999.99');
    expect(messageOf(params, { total: '1'.repeat(400) })).toBe('total must be at most 9999999999.99');
    expect(valueOf(params, { total: '9999999999.99' })).toEqual({ total: 999_999_999_999 });
  });
});

describe('arrays, relations and nesting', () => {
  it('keeps minItems and maxItems', () => {
    const params = {
      ids: param.array({ position: 1, items: param.integer({ position: 1 }), minItems: 1, maxItems: 3 }),
    };
    expect(messageOf(params, { ids: [] })).toBe('ids must have at least 1 item');
    expect(messageOf(params, { ids: [1, 2, 3, 4] })).toBe('ids must have at most 3 items');
    expect(valueOf(params, { ids: ['1', 2] })).toEqual({ ids: [1, 2] });
  });

  it('names a nested param by its dotted path and an item by its index', () => {
    const params = {
      client: param.parent({ position: 1, children: { age: param.integer({ position: 1, min: 18 }) } }),
      scores: param.array({ position: 2, items: param.integer({ position: 1, max: 5 }) }),
    };
    expect(check(params, { client: { age: 12 }, scores: [1, 9] }).errors).toEqual([
      { param: 'client.age', status: 'invalid-param', message: 'client.age must be at least 18' },
      { param: 'scores[1]', status: 'invalid-param', message: 'scores[1] must be at most 5' },
    ]);
  });

  it('asks for the params a given one requires', () => {
    const params = {
      type: param.string({ position: 1 }),
      id: param.integer({ position: 2, requires: ['type'] }),
    };
    expect(messageOf(params, { id: 5 })).toBe('id needs type');
    expect(messageOf(params, { id: 5, type: 'order' })).toBeUndefined();
    expect(messageOf(params, {})).toBeUndefined();
  });

  it('reads a date month first when its monthFirstWhen sibling is true, always handing over YYYY-MM-DD', () => {
    const params = {
      month_first: param.boolean({ position: 1 }),
      day: param.date({ position: 2, monthFirstWhen: 'month_first' }),
      shown: param.date({ position: 3, shownAs: 'string', monthFirstWhen: 'month_first' }),
    };
    expect(check(params, { month_first: 'true', day: '01/05/2026', shown: '1/6/2026' }).value).toEqual({
      month_first: true,
      day: '2026-01-05',
      shown: '2026-01-06',
    });
    expect(check(params, { month_first: true, day: '2026-01-05' }).value.day).toBe('2026-01-05');
    expect(messageOf(params, { month_first: true, day: '02/30/2026' })).toMatch(
      /day must be a date .* MM\/DD\/YYYY/,
    );
    expect(messageOf(params, { day: '01/05/2026' })).toBe('day must be a date like 2026-01-05 (YYYY-MM-DD)');
  });

  it('keeps ordered pairs in order: numbers, money and moments', () => {
    const params = {
      low: param.money({ position: 1 }),
      high: param.money({ position: 2, notBefore: 'low' }),
      from: param.datetimeOrDate({ position: 3 }),
      to: param.datetimeOrDate({ position: 4, notBefore: 'from' }),
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const message = messageOf(params, { low: a / 100, high: b / 100 });
        expect(message).toBe(b < a ? 'high must not be before low' : undefined);
      }),
    );
    expect(messageOf(params, { from: '2026-01-03', to: '2026-01-02' })).toBe('to must not be before from');
    expect(messageOf(params, { from: '2026-01-03T23:00:00Z', to: '2026-01-03' })).toBeUndefined();
    expect(messageOf(params, { from: '2026-01-04T00:00:00Z', to: '2026-01-03' })).toBe(
      'to must not be before from',
    );
  });
});
