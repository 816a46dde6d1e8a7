import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit/trail.js';
import { lateCancelOf } from '../../src/cancelations/cascade.js';
import { HOUR } from '../../src/clock.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { orderTotalCents } from '../../src/line-items/records.js';
import {
  api,
  cancelOrder,
  eventsOf,
  makeLineItem,
  makeOrder,
  noticesFor,
  startCancelationWorld,
  statusOf,
  type CancelationWorld,
} from './fixtures.js';

const FEES = { sameDayCancelFee: 5000, onSiteCancelFee: 10000 };

describe('lateCancelOf (the help center’s fees)', () => {
  const start = new Date('2026-01-10T15:00:00Z');
  const before = (ms: number) => new Date(start.getTime() - ms);
  it('is free from 24 h before, same-day under 24 h, on-site under 2 h and after the start', () => {
    expect(lateCancelOf(start, before(24 * HOUR), FEES)).toBeNull();
    expect(lateCancelOf(start, before(24 * HOUR - 1), FEES)).toEqual({ kind: 'same_day_cancel', fee: 5000 });
    expect(lateCancelOf(start, before(2 * HOUR), FEES)).toEqual({ kind: 'same_day_cancel', fee: 5000 });
    expect(lateCancelOf(start, before(2 * HOUR - 1), FEES)).toEqual({ kind: 'on_site_cancel', fee: 10000 });
    expect(lateCancelOf(start, before(-HOUR), FEES)).toEqual({ kind: 'on_site_cancel', fee: 10000 });
    expect(lateCancelOf(null, start, FEES)).toBeNull();
  });

  it('takes its amounts from SAME_DAY_CANCEL_FEE and ON_SITE_CANCEL_FEE, exact', () => {
    expect(loadConfig({}).appointments).toMatchObject({ sameDayCancelFee: 5000, onSiteCancelFee: 10000 });
    expect(loadConfig({ SAME_DAY_CANCEL_FEE: '75.5', ON_SITE_CANCEL_FEE: '0' }).appointments).toMatchObject({
      sameDayCancelFee: 7550,
      onSiteCancelFee: 0,
    });
    expect(() => loadConfig({ SAME_DAY_CANCEL_FEE: '50.005' })).toThrow(ConfigError);
    expect(() => loadConfig({ OFFICE_TIME_ZONE: 'Mars/Olympus' })).toThrow(ConfigError);
  });
});

let world: CancelationWorld;
beforeAll(async () => {
  world = await startCancelationWorld();
});
afterAll(async () => world?.server.close());

const NOW = new Date('2026-01-05T12:00:00Z');

async function appointmentAt(orderId: number, startsAt: Date | null, status = 'scheduled' as const) {
  return (
    await world.db
      .insertInto('appointments')
      .values({ order_id: orderId, starts_at: startsAt, status, updated_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

async function pricedItem(orderId: number, cents: number, status: 'pending' | 'delivered' = 'pending') {
  const id = await makeLineItem(world.db, orderId, status);
  await world.db.updateTable('line_items').set({ price: cents }).where('id', '=', id).execute();
  return id;
}

async function cancelationsOf(type: 'appointment' | 'line_item', id: number) {
  return world.db
    .selectFrom('cancelations')
    .selectAll()
    .where('cancelable_type', '=', type)
    .where('cancelable_id', '=', id)
    .orderBy('id')
    .execute();
}

async function feesOf(orderId: number) {
  return world.db
    .selectFrom('line_items')
    .select(['id', 'price', 'status', 'sourceable_id', 'group_name'])
    .where('order_id', '=', orderId)
    .where('sourceable_type', '=', 'cancelation')
    .orderBy('id')
    .execute();
}

describe('canceling an order', () => {
  it('cancels its open appointments and line items, each its own cancelation tied to the order’s, with the late fee', async () => {
    world.server.clock.set(NOW);
    const orderId = await makeOrder(world.db, world.client.clientId!, 'scheduling');
    const soon = await appointmentAt(orderId, new Date(NOW.getTime() + 10 * HOUR));
    const later = await appointmentAt(orderId, new Date(NOW.getTime() + 72 * HOUR));
    const done = await appointmentAt(orderId, new Date(NOW.getTime() - 72 * HOUR), 'completed' as never);
    const photos = await pricedItem(orderId, 24950);
    const delivered = await pricedItem(orderId, 1000, 'delivered');
    expect(await orderTotalCents(world.db, orderId)).toBe(25950);

    const cancelationId = await cancelOrder(world, orderId, { reason_slug: 'client-request' });

    expect(await statusOf(world.db, 'appointment', soon)).toBe('canceled');
    expect(await statusOf(world.db, 'appointment', later)).toBe('canceled');
    expect(await statusOf(world.db, 'appointment', done)).toBe('completed');
    expect(await statusOf(world.db, 'line_item', photos)).toBe('canceled');
    expect(await statusOf(world.db, 'line_item', delivered)).toBe('delivered');
    for (const [type, id] of [
      ['appointment', soon],
      ['appointment', later],
      ['line_item', photos],
    ] as const) {
      const [child] = await cancelationsOf(type, id);
      expect(child).toMatchObject({
        parent_cancelation_id: cancelationId,
        active: true,
        status_before_cancel: type === 'appointment' ? 'scheduled' : 'pending',
        canceled_by: world.employee.userId,
        canceled_at: NOW,
      });
    }
    // Only the appointment within 24 h is a same-day cancel; its fee is on the order and counts.
    const fees = await feesOf(orderId);
    expect(fees).toEqual([
      expect.objectContaining({ price: 5000, status: 'pending', group_name: 'same_day_cancel' }),
    ]);
    const soonCancel = (await cancelationsOf('appointment', soon))[0]!;
    expect(fees[0]!.sourceable_id).toBe(soonCancel.id);
    const flags = await world.db
      .selectFrom('appointments')
      .select(['id', 'same_day_cancel', 'on_site_cancel'])
      .where('id', 'in', [soon, later])
      .orderBy('id')
      .execute();
    expect(flags).toEqual([
      { id: soon, same_day_cancel: true, on_site_cancel: false },
      { id: later, same_day_cancel: false, on_site_cancel: false },
    ]);
    // The delivered item and the fee stand: what the client still owes.
    expect(await orderTotalCents(world.db, orderId)).toBe(6000);
    const trail = await auditHistory(world.db, 'appointment', soon);
    expect(trail.map((e) => e.action)).toEqual(['cancel', 'update']);
    // The order's cancelation lists its children in cancelations/list by parent.
    const listed = await api(world.server).list(world.employee.token, { cancelable_type: 'appointment' });
    expect(
      listed.body.data.results.filter(
        (c: { parent_cancelation_id: number | null }) => c.parent_cancelation_id === cancelationId,
      ),
    ).toHaveLength(2);
  });

  it('reinstating the order reinstates exactly what the cascade canceled, and drops its fees', async () => {
    world.server.clock.set(NOW);
    const orderId = await makeOrder(world.db, world.client.clientId!, 'scheduling');
    const soon = await appointmentAt(orderId, new Date(NOW.getTime() + HOUR));
    const other = await appointmentAt(orderId, new Date(NOW.getTime() + 5 * HOUR));
    const item = await pricedItem(orderId, 1999);
    // Canceled on its own before the order: not the cascade's, stays canceled (and keeps its fee).
    const alone = await appointmentAt(orderId, new Date(NOW.getTime() + 3 * HOUR));
    const aloneCancel = await api(world.server).create(world.employee.token, {
      cancelable_type: 'appointment',
      cancelable_id: alone,
    });
    expect(aloneCancel.body.status).toBe('action-successful');
    const cancelationId = await cancelOrder(world, orderId);
    expect((await feesOf(orderId)).map((f) => f.price)).toEqual([5000, 10000, 5000]);
    // One child reinstated by itself first: the order's reinstate leaves it alone.
    const otherChild = (await cancelationsOf('appointment', other))[0]!;
    world.server.clock.advance(HOUR);
    expect((await api(world.server).reinstate(world.employee.token, { id: otherChild.id })).body.status).toBe(
      'action-successful',
    );

    const res = await api(world.server).reinstate(world.employee.token, { id: cancelationId });
    expect(res.body.status).toBe('action-successful');
    expect(await statusOf(world.db, 'order', orderId)).toBe('scheduling');
    expect(await statusOf(world.db, 'appointment', soon)).toBe('scheduled');
    expect(await statusOf(world.db, 'appointment', other)).toBe('scheduled');
    expect(await statusOf(world.db, 'appointment', alone)).toBe('canceled');
    expect(await statusOf(world.db, 'line_item', item)).toBe('pending');
    const soonChild = (await cancelationsOf('appointment', soon))[0]!;
    expect(soonChild).toMatchObject({ active: false, reinstated_by: world.employee.userId });
    const otherEvents = await eventsOf(world.db, otherChild.id);
    expect(otherEvents.map((e) => e.action)).toEqual(['cancel', 'reinstate']);
    // The cascade's fees are canceled, the one of the appointment canceled alone stands.
    const fees = await feesOf(orderId);
    expect(fees.map((f) => [f.price, f.status])).toEqual([
      [5000, 'pending'],
      [10000, 'canceled'],
      [5000, 'canceled'],
    ]);
    expect(await orderTotalCents(world.db, orderId)).toBe(1999 + 5000);
    const flags = await world.db
      .selectFrom('appointments')
      .select(['same_day_cancel', 'on_site_cancel'])
      .where('id', '=', soon)
      .executeTakeFirstOrThrow();
    expect(flags).toEqual({ same_day_cancel: false, on_site_cancel: false });
  });

  it('writes nothing when any step fails: one transaction', async () => {
    world.server.clock.set(NOW);
    const orderId = await makeOrder(world.db, world.client.clientId!, 'scheduling');
    const soon = await appointmentAt(orderId, new Date(NOW.getTime() + HOUR));
    const item = await pricedItem(orderId, 500);
    const counts = async () => {
      const [cancelations, events, audit, outbox, items] = await Promise.all(
        ['cancelations', 'cancelation_events', 'audit_events', 'email_outbox', 'line_items'].map(
          async (table) =>
            Number(
              (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(world.db))
                .rows[0]!.n,
            ),
        ),
      );
      return { cancelations, events, audit, outbox, items };
    };
    const before = await counts();
    // The fee insert, the last step of the cascade, fails.
    await sql`create function fail_fee() returns trigger language plpgsql as $$
      begin raise exception 'fee refused'; end $$`.execute(world.db);
    await sql`create trigger fail_fee before insert on line_items for each row
      when (new.sourceable_type = 'cancelation') execute function fail_fee()`.execute(world.db);
    try {
      const res = await api(world.server).create(world.employee.token, {
        cancelable_type: 'order',
        cancelable_id: orderId,
      });
      expect(res.body.status).toBe('application-crash');
    } finally {
      await sql`drop trigger fail_fee on line_items`.execute(world.db);
      await sql`drop function fail_fee()`.execute(world.db);
    }
    expect(await counts()).toEqual(before);
    expect(await statusOf(world.db, 'order', orderId)).toBe('scheduling');
    expect(await statusOf(world.db, 'appointment', soon)).toBe('scheduled');
    expect(await statusOf(world.db, 'line_item', item)).toBe('pending');
    expect(await noticesFor(world.db, orderId)).toEqual([]);
  });

  it('an order cancel and a cancel of its appointment at once: one stands, one fee, no deadlock', async () => {
    world.server.clock.set(NOW);
    for (let round = 0; round < 5; round++) {
      const orderId = await makeOrder(world.db, world.client.clientId!, 'scheduling');
      const soon = await appointmentAt(orderId, new Date(NOW.getTime() + 3 * HOUR));
      const [order, appointment] = await Promise.all([
        api(world.server).create(world.employee.token, { cancelable_type: 'order', cancelable_id: orderId }),
        api(world.server).create(world.liaison.token, {
          cancelable_type: 'appointment',
          cancelable_id: soon,
        }),
      ]);
      expect(order.body.status).toBe('action-successful');
      expect(['action-successful', 'already-canceled']).toContain(appointment.body.status);
      expect((await cancelationsOf('appointment', soon)).filter((c) => c.active)).toHaveLength(1);
      expect(await feesOf(orderId)).toHaveLength(1);
    }
  });
});

describe('canceling an appointment on its own', () => {
  it('charges the on-site fee under 2 h, by the cancelation’s canceled_at; reinstating drops it', async () => {
    world.server.clock.set(NOW);
    const orderId = await makeOrder(world.db, world.client.clientId!, 'scheduled');
    const appointment = await appointmentAt(orderId, new Date(NOW.getTime() + 30 * 60_000));
    const res = await api(world.server).create(world.employee.token, {
      cancelable_type: 'appointment',
      cancelable_id: appointment,
    });
    expect(res.body.data.cancelation.parent_cancelation_id).toBeNull();
    expect(await feesOf(orderId)).toEqual([
      expect.objectContaining({ price: 10000, group_name: 'on_site_cancel' }),
    ]);
    const read = await world.server.call('GET', '/api/v1/appointments/read', {
      query: { token: world.client.token, id: String(appointment) },
    });
    expect(read.body.data.appointment).toMatchObject({
      cancelled: true,
      on_site_cancel: true,
      same_day_cancel: false,
    });
    await api(world.server).reinstate(world.employee.token, { id: res.body.data.cancelation.id });
    expect(await orderTotalCents(world.db, orderId)).toBe(0);

    // Recorded later (a phoned-in cancel two days before the start): free.
    const early = await appointmentAt(orderId, new Date(NOW.getTime() + 30 * 60_000));
    await api(world.server).create(world.employee.token, {
      cancelable_type: 'appointment',
      cancelable_id: early,
      canceled_at: new Date(NOW.getTime() - 48 * HOUR).toISOString(),
    });
    expect((await feesOf(orderId)).filter((f) => f.status !== 'canceled')).toEqual([]);
  });
});
