import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit/trail.js';
import { linePrice } from '../../src/line-items/service.js';
import { orderTotalCents } from '../../src/line-items/records.js';
import {
  makeAppointment,
  makeOrder,
  startCancelationWorld,
  type CancelationWorld,
} from '../cancelations/fixtures.js';

let world: CancelationWorld;
let orderId: number;
let otherOrderId: number;

beforeAll(async () => {
  world = await startCancelationWorld();
  orderId = await makeOrder(world.db, world.client.clientId!);
  otherOrderId = await makeOrder(world.db, world.otherClient.clientId!);
});
afterAll(async () => world?.server.close());

const create = (token: string, params: Record<string, unknown>) =>
  world.server.call('POST', '/api/v1/line_items/create', { json: { token, ...params } });
const update = (token: string, params: Record<string, unknown>) =>
  world.server.call('POST', '/api/v1/line_items/update', { json: { token, ...params } });
const list = (token: string, query: Record<string, string>) =>
  world.server.call('GET', '/api/v1/line_items/list', { query: { token, ...query } });

describe('linePrice', () => {
  it('is the given price, else quantity × the (final) unit price, exact in cents', () => {
    expect(linePrice({ price: 1999, quantity: 3, unit_price: 100 })).toBe(1999);
    expect(linePrice({ quantity: 3, unit_price: 115 })).toBe(345);
    expect(linePrice({ quantity: 3, unit_price: 115, unit_price_final: 110 })).toBe(330);
    expect(linePrice({ quantity: 2 })).toBe(0);
    expect(() => linePrice({ quantity: 10_000, unit_price: 999_999_999_999 })).toThrow(/quantity/);
  });
});

describe('line_items/create', () => {
  it('adds exact amounts; the order’s total is the exact sum of its active items', async () => {
    const first = await create(world.employee.token, {
      itemable_type: 'order',
      itemable_id: orderId,
      service_name: 'Photos (25)',
      price: 0.1,
      unit_price: '0.10',
      instructions: 'Include the pool.',
    });
    expect(first.body.status).toBe('action-successful');
    expect(first.body.data.line_item).toMatchObject({
      order_id: orderId,
      itemable_type: 'order',
      itemable_id: orderId,
      price: 0.1,
      unit_price: 0.1,
      quantity: 1,
      status: 'pending',
      active: true,
      description: 'Photos (25)',
    });
    const second = await create(world.employee.token, {
      itemable_type: 'order',
      itemable_id: orderId,
      service_name: 'Floor plan',
      price: '0.20',
    });
    // 0.1 + 0.2 in floating point is 0.30000000000000004; here it is 0.3.
    expect(second.body.data.order_total_price).toBe(0.3);
    expect(await orderTotalCents(world.db, orderId)).toBe(30);
    const derived = await create(world.employee.token, {
      itemable_type: 'order',
      itemable_id: orderId,
      service_name: 'Exterior photos',
      quantity: 3,
      unit_price: 1.15,
    });
    expect(derived.body.data.line_item.price).toBe(3.45);
    expect(derived.body.data.order_total_price).toBe(3.75);
    const trail = await auditHistory(world.db, 'line_item', first.body.data.line_item.id);
    expect(trail.map((e) => e.action)).toEqual(['create']);
  });

  it('refuses more than two decimal places and instructions over 1000 characters, naming the param', async () => {
    const res = await create(world.employee.token, {
      itemable_type: 'order',
      itemable_id: orderId,
      price: 12.345,
      discount: '0.001',
      instructions: 'x'.repeat(1001),
    });
    expect(res.http).toBe(400);
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'discount',
      'instructions',
      'price',
    ]);
    const missing = await create(world.employee.token, { price: 1 });
    expect(missing.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'itemable_id',
      'itemable_type',
    ]);
  });

  it('puts an appointment’s item in its order’s total', async () => {
    const appointmentId = await makeAppointment(world.db, orderId);
    const res = await create(world.employee.token, {
      itemable_type: 'appointment',
      itemable_id: appointmentId,
      service_name: 'Twilight add-on',
      price: 100,
    });
    expect(res.body.data.line_item).toMatchObject({
      itemable_type: 'appointment',
      itemable_id: appointmentId,
      order_id: orderId,
    });
    expect(res.body.data.order_total_price).toBe(103.75);
  });

  it('replays a key on the same itemable, refuses it on another', async () => {
    const params = { itemable_type: 'order', itemable_id: otherOrderId, key: 'k-1', price: 5 };
    const first = await create(world.employee.token, params);
    const again = await create(world.employee.token, params);
    expect(again.body.data).toMatchObject({
      replayed: true,
      line_item: { id: first.body.data.line_item.id },
    });
    expect(again.body.data.order_total_price).toBe(5);
    const elsewhere = await create(world.employee.token, { ...params, itemable_id: orderId });
    expect(elsewhere.body.errors).toEqual([expect.objectContaining({ param: 'key' })]);
  });

  it('lets liaisons act for their clients only, clients not at all; a canceled order takes no item', async () => {
    const params = { itemable_type: 'order', itemable_id: orderId, price: 1 };
    expect((await create(world.liaison.token, params)).body.status).toBe('action-successful');
    const foreign = await create(world.liaison.token, { ...params, itemable_id: otherOrderId });
    const missing = await create(world.liaison.token, { ...params, itemable_id: 999_999 });
    expect(foreign.body).toMatchObject({ status: 'permission-denied', errors: [{ param: 'itemable_id' }] });
    expect(missing.body.status).toBe('permission-denied');
    expect((await create(world.client.token, params)).http).toBe(403);
    const canceled = await makeOrder(world.db, world.client.clientId!, 'canceled');
    const refused = await create(world.employee.token, { ...params, itemable_id: canceled });
    expect(refused.body.errors).toEqual([expect.objectContaining({ param: 'itemable_id' })]);
  });
});

describe('line_items/update and list', () => {
  let orderOfItems: number;
  let itemId: number;
  beforeAll(async () => {
    orderOfItems = await makeOrder(world.db, world.client.clientId!);
    const res = await create(world.employee.token, {
      itemable_type: 'order',
      itemable_id: orderOfItems,
      service_name: 'Photos',
      quantity: 2,
      unit_price: 10.05,
    });
    itemId = res.body.data.line_item.id;
  });

  it('re-derives a derived price from a new quantity, keeps the trail, never moves the item', async () => {
    const res = await update(world.employee.token, { id: itemId, quantity: 3 });
    expect(res.body.data).toMatchObject({
      line_item: { quantity: 3, price: 30.15 },
      order_total_price: 30.15,
      changed: ['quantity', 'price'],
    });
    const trail = await auditHistory(world.db, 'line_item', itemId);
    expect(trail.at(-1)).toMatchObject({
      action: 'update',
      before: { quantity: 2, price: 20.1 },
      after: { quantity: 3, price: 30.15 },
    });
    const moved = await update(world.employee.token, { id: itemId, itemable_id: orderId });
    expect(moved.body.errors).toEqual([expect.objectContaining({ param: 'itemable_id' })]);
    const priced = await update(world.employee.token, { id: itemId, price: '25.00', quantity: 4 });
    expect(priced.body.data.line_item).toMatchObject({ price: 25, quantity: 4 });
    expect((await update(world.client.token, { id: itemId, quantity: 1 })).http).toBe(403);
  });

  it('lists an itemable’s items for its client, not for another', async () => {
    await create(world.employee.token, { itemable_type: 'order', itemable_id: orderOfItems, price: 1 });
    const mine = await list(world.client.token, {
      itemable_type: 'order',
      itemable_id: String(orderOfItems),
      per_page: '1',
    });
    expect(mine.body.data.pagination).toEqual({ page: 1, per_page: 1, total: 2, total_pages: 2 });
    expect(mine.body.data.results.map((r: { id: number }) => r.id)).toEqual([itemId]);
    const foreign = await list(world.otherClient.token, {
      itemable_type: 'order',
      itemable_id: String(orderOfItems),
    });
    expect(foreign.body.status).toBe('permission-denied');
  });
});
