import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/routes.js';
import { formatsRoute, moneyRoute, pagedRoute, paramProbeRoutes } from '../helpers/param-probe-routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ routes: [...allRoutes, ...paramProbeRoutes] });
});
afterAll(async () => server?.close());

describe('a money param over HTTP', () => {
  const post = (body: string, contentType = 'application/json') =>
    server.call('POST', moneyRoute.path, { body, contentType });

  it('hands the handler cents from a JSON number or text, and the reply renders them exactly', async () => {
    for (const [body, cents, rendered] of [
      ['{"price":12}', 1200, '12'],
      ['{"price":12.5}', 1250, '12.5'],
      ['{"price":12.50}', 1250, '12.5'],
      ['{"price":"12.34"}', 1234, '12.34'],
      ['{"price":0.07}', 7, '0.07'],
      ['{"price":1.15}', 115, '1.15'],
      ['{"price":9999.99}', 999_999, '9999.99'],
    ] as const) {
      const res = await post(body);
      expect(res.body.status, body).toBe('action-successful');
      expect(res.body.data.price_cents, body).toBe(cents);
      expect(res.body.data.price, body).toBe(cents / 100);
      const raw = await fetch(new URL(moneyRoute.path, server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).then((r) => r.text());
      expect(raw, body).toContain(`"price":${rendered},`);
    }
  });

  it('reads form and query text the same way', async () => {
    const form = await post('price=19.99&discount=-5.5', 'application/x-www-form-urlencoded');
    expect(form.body.data).toMatchObject({ price_cents: 1999, discount_cents: -550, discount: -5.5 });
    const query = await server.call('POST', moneyRoute.path, { query: { price: '0.10' } });
    expect(query.body.data.price_cents).toBe(10);
  });

  it.each([
    ['{"price":12.345}', 'price must be an amount with at most two decimal places, like 12.34'],
    ['{"price":0.30000000000000004}', 'price must be an amount with at most two decimal places, like 12.34'],
    ['{"price":"1e3"}', 'price must be an amount with at most two decimal places, like 12.34'],
    ['{"price":1e3}', undefined],
    ['{"price":-0.01}', 'price must be at least 0'],
    ['{"price":10000.01}', 'price must be at most 10000'],
    ['{"price":5,"discount":1}', 'discount must be at most 0'],
  ])('answers %s with %j', async (body, message) => {
    const res = await post(body);
    if (message === undefined) {
      // A JSON exponent is read by JSON.parse before the param sees it: 1e3 is the number 1000.
      expect(res.body.data.price_cents).toBe(100_000);
      return;
    }
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors).toEqual([{ param: message.split(' ')[0], status: 'invalid-param', message }]);
  });
});

describe('formats over HTTP', () => {
  it('accepts each format and hands timestamps over as Dates', async () => {
    const res = await server.call('GET', formatsRoute.path, {
      query: {
        email: 'jane.doe@example.com',
        day: '2024-02-29',
        at: '14:30',
        when: '2026-01-05T07:00:00-05:00',
        id: '3f1c2b9e-8d4a-4c6e-9b1f-0a2d3e4f5a6b',
        link: 'https://www.example.com/listing/1',
      },
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data).toMatchObject({ day: '2024-02-29', at: '14:30', when: '2026-01-05T12:00:00.000Z' });
  });

  it('names every param that breaks its format, each with its rule', async () => {
    const res = await server.call('GET', formatsRoute.path, {
      query: {
        email: 'jane',
        day: '2025-02-29',
        at: '24:00',
        when: '2026-01-06T00:00:00Z',
        link: 'file:///etc/passwd',
      },
    });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'email must be an email address',
      'day must be a date like 2026-01-05 (YYYY-MM-DD)',
      'at must be a 24-hour time like 14:30 or 14:30:00',
      'when must not be in the future',
      'link must be an http(s) URL',
    ]);
  });

  it('measures "the future" by the server’s clock', async () => {
    const query = { when: '2026-01-06T00:00:00Z' };
    expect((await server.call('GET', formatsRoute.path, { query })).http).toBe(400);
    server.clock.set('2026-01-07T00:00:00Z');
    try {
      expect((await server.call('GET', formatsRoute.path, { query })).http).toBe(200);
    } finally {
      server.clock.set('2026-01-05T12:00:00Z');
    }
  });
});

describe('the pagination helper', () => {
  it('answers results and the pagination of cancelations/list, with declared defaults', async () => {
    const first = await server.call('GET', pagedRoute.path, { query: { collection: 'property_type' } });
    expect(first.body.data).toEqual({
      results: ['single_family', 'condo_townhouse', 'duplex_townhouse', 'commercial', 'land'],
      pagination: { page: 1, per_page: 25, total: 5, total_pages: 1 },
    });
    const second = await server.call('GET', pagedRoute.path, {
      query: { collection: 'property_type', per_page: '2', page: '2' },
    });
    expect(second.body.data).toEqual({
      results: ['duplex_townhouse', 'commercial'],
      pagination: { page: 2, per_page: 2, total: 5, total_pages: 3 },
    });
    const none = await server.call('GET', pagedRoute.path, { query: { collection: 'nothing' } });
    expect(none.body.data).toEqual({
      results: [],
      pagination: { page: 1, per_page: 25, total: 0, total_pages: 0 },
    });
  });
});
