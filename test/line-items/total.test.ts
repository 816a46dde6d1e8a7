import { describe, expect, it } from 'vitest';
import { byOrderId, totalCents } from '../../src/line-items/records.js';

describe('an order’s total (the one rule orders/read, orders/list and the line-item replies use)', () => {
  it('is the exact sum in cents of the items not canceled', () => {
    expect(
      totalCents([
        { status: 'pending', price: 10 },
        { status: 'delivered', price: 20 },
        { status: 'canceled', price: 5_000 },
      ]),
    ).toBe(30);
    expect(totalCents([])).toBe(0);
  });

  it('groups rows by order, keeping their order', () => {
    const rows = [
      { order_id: 2, id: 1 },
      { order_id: 1, id: 2 },
      { order_id: 2, id: 3 },
    ];
    expect([...byOrderId(rows)]).toEqual([
      [2, [rows[0], rows[2]]],
      [1, [rows[1]]],
    ]);
  });
});
