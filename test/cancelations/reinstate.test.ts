import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit/trail.js';
import {
  api,
  cancelOrder,
  eventsOf,
  makeAppointment,
  makeLineItem,
  makeOrder,
  makeTour,
  startCancelationWorld,
  statusOf,
  type CancelationWorld,
} from './fixtures.js';

let world: CancelationWorld;
let call: ReturnType<typeof api>;
beforeAll(async () => {
  world = await startCancelationWorld();
  call = api(world.server);
});
afterAll(async () => world?.server.close());

async function canceledOrder(status: 'ordered' | 'scheduled' = 'ordered') {
  const orderId = await makeOrder(world.db, world.client.clientId!, status);
  return { orderId, id: await cancelOrder(world, orderId) };
}

describe('cancelations/reinstate', () => {
  it('restores the status the order had before, and records who, when, where and why', async () => {
    const { orderId, id } = await canceledOrder('scheduled');
    world.server.clock.advance(60 * 60_000);
    const res = await call.reinstate(world.employee.token, { id, reinstated_note: 'Canceled by mistake' });
    expect(res.http).toBe(200);
    expect(res.body.data.cancelation).toMatchObject({
      id,
      active: false,
      reinstated_at: world.server.clock.now().toISOString(),
      reinstated_by: world.employee.userId,
      reinstated_in: 'planoorder',
      reinstated_note: 'Canceled by mistake',
      status_before_cancel: 'scheduled',
    });
    expect(await statusOf(world.db, 'order', orderId)).toBe('scheduled');
    const events = await eventsOf(world.db, id);
    expect(events.map((e) => e.action)).toEqual(['cancel', 'reinstate']);
    expect(events[1]).toMatchObject({
      actor_user_id: world.employee.userId,
      before: { active: true, reinstated_at: null, cancelable_status: 'canceled' },
      after: { active: false, reinstated_note: 'Canceled by mistake', cancelable_status: 'scheduled' },
    });
  });

  it('adds the cancel and the reinstate to the canceled record’s audit trail', async () => {
    const { orderId, id } = await canceledOrder('scheduled');
    const canceledAt = world.server.clock.now().toISOString();
    world.server.clock.advance(60_000);
    await call.reinstate(world.employee.token, { id });
    expect(await auditHistory(world.db, 'order', orderId)).toEqual([
      expect.objectContaining({
        action: 'cancel',
        actor_user_id: world.employee.userId,
        application: 'planoorder',
        occurred_at: canceledAt,
        before: { status: 'scheduled' },
        after: { status: 'canceled' },
      }),
      expect.objectContaining({
        action: 'reinstate',
        actor_user_id: world.employee.userId,
        occurred_at: world.server.clock.now().toISOString(),
        before: { status: 'canceled' },
        after: { status: 'scheduled' },
      }),
    ]);
  });

  it('lets the record be canceled again afterwards, as a new cancelation beside the old one', async () => {
    const { orderId, id } = await canceledOrder();
    await call.reinstate(world.employee.token, { id });
    const again = await cancelOrder(world, orderId);
    expect(again).not.toBe(id);
    const rows = await world.db
      .selectFrom('cancelations')
      .select(['id', 'active'])
      .where('cancelable_type', '=', 'order')
      .where('cancelable_id', '=', orderId)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id, active: false },
      { id: again, active: true },
    ]);
  });

  it('restores every cancelable type', async () => {
    const { db, client } = world;
    const parent = await makeOrder(db, client.clientId!, 'scheduled');
    const targets = [
      ['tour', await makeTour(db, client.clientId!, 'draft'), 'draft'],
      ['appointment', await makeAppointment(db, parent, 'requested'), 'requested'],
      ['line_item', await makeLineItem(db, parent, 'delivered'), 'delivered'],
    ] as const;
    for (const [type, targetId, before] of targets) {
      const made = await call.create(world.employee.token, {
        cancelable_type: type,
        cancelable_id: targetId,
      });
      await call.reinstate(world.employee.token, { id: made.body.data.cancelation.id });
      expect(await statusOf(db, type, targetId)).toBe(before);
    }
  });

  it('takes an earlier reinstated_at and reinstated_by as an email', async () => {
    const { id } = await canceledOrder();
    world.server.clock.advance(24 * 60 * 60_000);
    const at = new Date(world.server.clock.now().getTime() - 60_000).toISOString();
    const res = await call.reinstate(world.employee.token, {
      id,
      reinstated_at: at,
      reinstated_by: world.liaison.email,
    });
    expect(res.body.data.cancelation).toMatchObject({
      reinstated_at: at,
      reinstated_by: world.liaison.userId,
    });
  });

  it('answers cancelation-not-active 409 when it was already reinstated', async () => {
    const { id } = await canceledOrder();
    await call.reinstate(world.employee.token, { id });
    const res = await call.reinstate(world.employee.token, { id });
    expect(res.http).toBe(409);
    expect(res.body.status).toBe('cancelation-not-active');
    expect(res.body.data.reinstated_at).toEqual(expect.any(String));
    expect((await eventsOf(world.db, id)).map((e) => e.action)).toEqual(['cancel', 'reinstate']);
  });

  it('answers cancelable-changed 409 and changes nothing when the order moved on since the cancel', async () => {
    const { orderId, id } = await canceledOrder();
    await world.db.updateTable('orders').set({ status: 'completed' }).where('id', '=', orderId).execute();
    const res = await call.reinstate(world.employee.token, { id });
    expect(res.http).toBe(409);
    expect(res.body.status).toBe('cancelable-changed');
    expect(res.body.data).toEqual({ status: 'completed', status_before_cancel: 'ordered' });
    expect(await statusOf(world.db, 'order', orderId)).toBe('completed');
    expect((await call.show(world.employee.token, id)).body.data.cancelation.active).toBe(true);
  });

  it.each(['client', 'liaison'] as const)('answers permission-denied 403 to a %s', async (role) => {
    const { orderId, id } = await canceledOrder();
    const res = await call.reinstate(world[role].token, { id });
    expect(res.http).toBe(403);
    expect(res.body.status).toBe('permission-denied');
    expect(await statusOf(world.db, 'order', orderId)).toBe('canceled');
  });

  describe('bad input', () => {
    it('answers missing-param without id, invalid-param for an unknown one', async () => {
      expect((await call.reinstate(world.employee.token, {})).body.status).toBe('missing-param');
      const res = await call.reinstate(world.employee.token, { id: 424_242 });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0].param).toBe('id');
    });

    it.each([
      [
        'reinstated_at',
        '05/01/2026',
        'reinstated_at must be an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z',
      ],
      ['reinstated_at', '2030-01-01T00:00:00Z', 'reinstated_at must not be in the future'],
      ['reinstated_at', '2020-01-01T00:00:00Z', 'reinstated_at must not be before canceled_at'],
      ['reinstated_by', 'nobody@example.com', 'reinstated_by nobody@example.com is not a user'],
    ])('answers invalid-param naming %s for %j', async (param, value, message) => {
      const { orderId, id } = await canceledOrder();
      const res = await call.reinstate(world.employee.token, { id, [param]: value });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors).toEqual([{ param, status: 'invalid-param', message }]);
      expect(await statusOf(world.db, 'order', orderId)).toBe('canceled');
    });
  });
});
