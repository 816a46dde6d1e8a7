import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import {
  makeAppointment,
  makeLineItem,
  startCancelationWorld,
  type CancelationWorld,
} from '../cancelations/fixtures.js';
import { ordersApi } from './fixtures.js';

let world: CancelationWorld;
let api: ReturnType<typeof ordersApi>;
beforeAll(async () => {
  world = await startCancelationWorld();
  api = ordersApi(world.server);
});
afterAll(async () => world?.server.close());

async function newOrder(clientId: number, params: Record<string, unknown> = {}): Promise<number> {
  const res = await api.create(world.employee.token, {
    client_id: clientId,
    address: '1 Main St',
    ...params,
  });
  expect(res.body.status).toBe('action-successful');
  return res.body.data.order.id as number;
}

describe('orders/create', () => {
  it('an employee creates an order in new_request with its first stage; the address comes from the tour', async () => {
    const tour = await api.createTour(world.employee.token, {
      client_id: world.client.clientId,
      address: '12 Harbor Lane',
      city: 'Portland',
      province_iso: 'ME',
      postal_code: '04101',
    });
    const res = await api.create(world.employee.token, {
      client_id: world.client.clientId,
      tour_id: tour.body.data.tour.id,
      notes: 'Lockbox on the side door.',
      due_date: '2026-01-12',
      delivery_rush: true,
    });
    expect(res.http).toBe(200);
    const order = res.body.data.order;
    expect(order).toMatchObject({
      client_id: world.client.clientId,
      tour_id: tour.body.data.tour.id,
      address: '12 Harbor Lane, Portland, ME 04101',
      status: 'new_request',
      notes: 'Lockbox on the side door.',
      due_date: '2026-01-12',
      delivery_rush: true,
      line_items: [],
      appointments: [],
      total_price: 0,
    });
    expect(order.stages).toHaveLength(1);
    expect(order.stages[0]).toMatchObject({
      stage: 'new_request',
      status_before: 'new_request',
      status_after: 'new_request',
      stage_trigger: 'orders/create',
      actor_user_id: world.employee.userId,
      application: 'planoorder',
    });
  });

  it('liaisons create orders for their clients only; clients may not create orders', async () => {
    const ok = await api.create(world.liaison.token, { client_id: world.client.clientId, address: 'x' });
    expect(ok.body.status).toBe('action-successful');
    const other = await api.create(world.liaison.token, {
      client_id: world.otherClient.clientId,
      address: 'x',
    });
    expect(other.body.status).toBe('client-access-denied');
    const client = await api.create(world.client.token, { client_id: world.client.clientId, address: 'x' });
    expect(client.http).toBe(403);
    expect(client.body.status).toBe('permission-denied');
  });

  it('refuses a tour of another client, a missing address, a bad due date', async () => {
    const tour = await api.createTour(world.employee.token, {
      client_id: world.otherClient.clientId,
      address: 'x',
    });
    const wrongTour = await api.create(world.employee.token, {
      client_id: world.client.clientId,
      tour_id: tour.body.data.tour.id,
    });
    expect(wrongTour.body.errors[0]).toMatchObject({ param: 'tour_id', status: 'invalid-param' });
    const noAddress = await api.create(world.employee.token, { client_id: world.client.clientId });
    expect(noAddress.body.errors[0]).toMatchObject({ param: 'address', status: 'missing-param' });
    const badDate = await api.create(world.employee.token, {
      client_id: world.client.clientId,
      address: 'x',
      due_date: '2026-02-30',
    });
    expect(badDate.body.errors[0].param).toBe('due_date');
    const noClient = await api.create(world.employee.token, { address: 'x' });
    expect(noClient.body.errors[0]).toMatchObject({ param: 'client_id', status: 'missing-param' });
  });
});

describe('orders/read', () => {
  it('holds line items, appointments (by start) and stages oldest first; others’ orders answer like missing', async () => {
    const id = await newOrder(world.client.clientId!);
    const item = await makeLineItem(world.db, id);
    const appointment = await makeAppointment(world.db, id);
    await api.stage(world.employee.token, { order_id: id, stage: 'ordered', update_status: true });
    const res = await api.read(world.client.token, id);
    expect(res.http).toBe(200);
    const order = res.body.data.order;
    expect(order.line_items.map((l: { id: number }) => l.id)).toEqual([item]);
    expect(order.appointments.map((a: { id: number }) => a.id)).toEqual([appointment]);
    expect(order.stages.map((s: { stage: string }) => s.stage)).toEqual(['new_request', 'ordered']);
    expect(order.status).toBe('ordered');
    expect(order.total_price).toBe(0);

    const other = await api.read(world.otherClient.token, id);
    const missing = await api.read(world.otherClient.token, 99_999_999);
    expect(other.http).toBe(403);
    expect(missing.http).toBe(403);
    expect(other.body.errors[0].param).toBe(missing.body.errors[0].param);
    expect((await api.read(world.liaison.token, id)).http).toBe(200);
    expect((await api.read(world.employee.token, 99_999_999)).body.status).toBe('invalid-param');
  });
});

describe('orders/list', () => {
  it('pages the caller’s orders newest first, with their line items, filtered by tour, status and date', async () => {
    const owner = await signedIn(world.server, 'client');
    const DAY = 24 * 60 * 60 * 1000;
    const day = (offset: number) =>
      new Date(world.server.clock.now().getTime() + offset * DAY).toISOString().slice(0, 10);
    const [day1, day2, day3] = [day(0), day(1), day(2)];
    const first = await newOrder(owner.clientId!);
    world.server.clock.advance(DAY);
    const second = await newOrder(owner.clientId!);
    await makeLineItem(world.db, second);
    world.server.clock.advance(DAY);
    const third = await newOrder(owner.clientId!);
    await api.stage(world.employee.token, { order_id: third, stage: 'ordered', update_status: true });

    const all = await api.list(owner.token);
    expect(all.body.data.results.map((o: { id: number }) => o.id)).toEqual([third, second, first]);
    expect(all.body.data.results[1].line_items).toHaveLength(1);
    expect(all.body.data.pagination).toEqual({ page: 1, per_page: 25, total: 3, total_pages: 1 });

    const page2 = await api.list(owner.token, { per_page: '2', page: '2' });
    expect(page2.body.data.results.map((o: { id: number }) => o.id)).toEqual([first]);
    const ordered = await api.list(owner.token, { status: 'ordered' });
    expect(ordered.body.data.results.map((o: { id: number }) => o.id)).toEqual([third]);
    const march2 = await api.list(world.employee.token, {
      client_id: String(owner.clientId),
      created_from: day2,
      created_to: day2,
    });
    expect(march2.body.data.results.map((o: { id: number }) => o.id)).toEqual([second]);
    const backwards = await api.list(owner.token, { created_from: day3, created_to: day1 });
    expect(backwards.body.errors[0].param).toBe('created_to');
    const notTheirs = await api.list(world.liaison.token, { client_id: String(owner.clientId) });
    expect(notTheirs.body.data.pagination.total).toBe(0);
  });

  it('filters by tour', async () => {
    const tour = await api.createTour(world.employee.token, {
      client_id: world.client.clientId,
      address: 'T',
    });
    const tourId = tour.body.data.tour.id;
    const id = await newOrder(world.client.clientId!, { tour_id: tourId });
    const res = await api.list(world.client.token, { tour_id: String(tourId) });
    expect(res.body.data.results.map((o: { id: number }) => o.id)).toEqual([id]);
  });
});
