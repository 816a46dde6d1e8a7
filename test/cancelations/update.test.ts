import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  cancelOrder,
  eventsOf,
  makeOrder,
  reasonId,
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

/** An order of the world's client, canceled by the employee; returns both ids. */
async function canceled(params: Record<string, unknown> = {}) {
  const orderId = await makeOrder(world.db, world.client.clientId!, 'ordered');
  return { orderId, id: await cancelOrder(world, orderId, params) };
}

/** An order canceled by the client themselves. */
async function canceledByClient(params: Record<string, unknown> = {}) {
  const orderId = await makeOrder(world.db, world.client.clientId!, 'ordered');
  const res = await call.create(world.client.token, {
    cancelable_type: 'order',
    cancelable_id: orderId,
    ...params,
  });
  return { orderId, id: res.body.data.cancelation.id as number };
}

describe('cancelations/update', () => {
  it('changes the reason, lets reason_text follow it, and keeps the earlier values in history', async () => {
    const { id } = await canceled({ reason_slug: 'client-request', reason_note: 'first note' });
    world.server.clock.advance(60_000);
    const res = await call.update(world.employee.token, {
      id,
      reason_slug: 'duplicate',
      reason_note: 'second note',
    });
    expect(res.http).toBe(200);
    expect(res.body.data.cancelation).toMatchObject({
      reason_id: await reasonId(world.db, 'duplicate'),
      reason_slug: 'duplicate',
      reason_text: 'Duplicate of another record.',
      reason_note: 'second note',
      updated_at: world.server.clock.now().toISOString(),
    });
    expect(res.body.data.changed.sort()).toEqual(['reason_id', 'reason_note', 'reason_slug', 'reason_text']);
    const events = await eventsOf(world.db, id);
    expect(events.map((e) => e.action)).toEqual(['cancel', 'update']);
    expect(events[1]).toMatchObject({
      actor_user_id: world.employee.userId,
      application: 'planoorder',
      before: {
        reason_slug: 'client-request',
        reason_text: 'Canceled at the client’s request.',
        reason_note: 'first note',
      },
      after: {
        reason_slug: 'duplicate',
        reason_text: 'Duplicate of another record.',
        reason_note: 'second note',
      },
    });
  });

  it('keeps a given reason_text when the reason changes', async () => {
    const { id } = await canceled({ reason_slug: 'client-request' });
    const res = await call.update(world.employee.token, {
      id,
      reason_id: await reasonId(world.db, 'listing-withdrawn'),
      reason_text: 'House sold',
    });
    expect(res.body.data.cancelation).toMatchObject({
      reason_slug: 'listing-withdrawn',
      reason_text: 'House sold',
    });
  });

  it('records nothing when nothing changes', async () => {
    const { id, orderId } = await canceled({ reason_slug: 'duplicate' });
    const res = await call.update(world.employee.token, {
      id,
      cancelable_type: 'order',
      cancelable_id: orderId,
      reason_slug: 'duplicate',
      active: true,
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.changed).toEqual([]);
    expect(await eventsOf(world.db, id)).toHaveLength(1);
  });

  it('keeps a reason retired after it was chosen while other fields change', async () => {
    await world.db
      .insertInto('cancelation_reasons')
      .values({ slug: 'retired-later', text: 'Old reason', applicable_types: ['order'] })
      .execute();
    const { id } = await canceled({ reason_slug: 'retired-later' });
    await world.db
      .updateTable('cancelation_reasons')
      .set({ active: false })
      .where('slug', '=', 'retired-later')
      .execute();
    const res = await call.update(world.employee.token, {
      id,
      reason_slug: 'retired-later',
      reason_note: 'still',
    });
    expect(res.body.data.cancelation).toMatchObject({ reason_slug: 'retired-later', reason_note: 'still' });
  });

  it('lets an employee correct when, by whom and where it was canceled', async () => {
    const { id } = await canceled();
    const res = await call.update(world.employee.token, {
      id,
      canceled_at: '2026-01-03T08:00:00+01:00',
      canceled_by: world.client.email,
      canceled_in: 'planoauth',
    });
    expect(res.body.data.cancelation).toMatchObject({
      canceled_at: '2026-01-03T07:00:00.000Z',
      canceled_by: world.client.userId,
      canceled_in: 'planoauth',
    });
    const [, event] = await eventsOf(world.db, id);
    expect(event!.before).toMatchObject({ canceled_by: world.employee.userId, canceled_in: 'planoorder' });
  });

  describe('what cannot change', () => {
    it.each([
      ['cancelable_type', 'tour'],
      ['cancelable_id', 999_999],
      ['key', 'other-key'],
    ])('answers invalid-param when %s differs', async (param, value) => {
      const { id } = await canceled({ key: `immutable-${param}` });
      const res = await call.update(world.employee.token, { id, [param]: value, reason_note: 'x' });
      expect(res.http).toBe(400);
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors).toEqual([
        { param, status: 'invalid-param', message: `${param} cannot change after the cancelation is made` },
      ]);
      expect(await eventsOf(world.db, id)).toHaveLength(1);
    });

    it('refuses to make a reinstated cancelation active again', async () => {
      const { id } = await canceled();
      await call.reinstate(world.employee.token, { id });
      const res = await call.update(world.employee.token, { id, active: true });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0].param).toBe('active');
    });
  });

  describe('bad input', () => {
    it('answers missing-param without id and invalid-param for an unknown id', async () => {
      expect((await call.update(world.employee.token, {})).body.status).toBe('missing-param');
      const res = await call.update(world.employee.token, { id: 999_999 });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0]).toEqual({
        param: 'id',
        status: 'invalid-param',
        message: 'cancelation 999999 does not exist',
      });
    });

    it.each([
      ['canceled_at', 'not a date'],
      ['canceled_at', '2026-13-01T00:00:00Z'],
      ['canceled_at', '2099-01-01T00:00:00Z'],
      ['canceled_by', 'ghost@example.com'],
      ['canceled_in', 'planoxyz'],
      ['reason_slug', 'weather'],
      ['reason_id', 123_456],
      ['active', 'maybe'],
    ])('answers invalid-param naming %s for %j', async (param, value) => {
      const { id } = await canceled();
      const res = await call.update(world.employee.token, { id, [param]: value });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors.map((e: { param: string }) => e.param)).toEqual([param]);
    });

    it('refuses reinstated_* on a standing cancelation unless it is reinstated in the same call', async () => {
      const { id } = await canceled();
      const res = await call.update(world.employee.token, { id, reinstated_note: 'too early' });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0].param).toBe('reinstated_note');
    });

    it('refuses a canceled_at after the reinstatement', async () => {
      const { id } = await canceled();
      world.server.clock.advance(60_000);
      await call.reinstate(world.employee.token, { id });
      const later = new Date(world.server.clock.now().getTime() + 1).toISOString();
      world.server.clock.advance(60_000);
      const res = await call.update(world.employee.token, { id, canceled_at: later });
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0]).toMatchObject({
        param: 'canceled_at',
        message: 'canceled_at must not be after reinstated_at',
      });
    });
  });

  describe('reinstating through update', () => {
    it('reinstates with active=false: restores the order, records who, when and why', async () => {
      const { id, orderId } = await canceled();
      world.server.clock.advance(5 * 60_000);
      const res = await call.update(world.employee.token, {
        id,
        active: false,
        reinstated_note: 'Client changed their mind',
        reason_note: 'phoned in',
      });
      expect(res.body.data.cancelation).toMatchObject({
        active: false,
        reinstated_at: world.server.clock.now().toISOString(),
        reinstated_by: world.employee.userId,
        reinstated_in: 'planoorder',
        reinstated_note: 'Client changed their mind',
        reason_note: 'phoned in',
      });
      expect(res.body.data.changed).toEqual(
        expect.arrayContaining(['reason_note', 'active', 'reinstated_at', 'reinstated_note']),
      );
      expect(await statusOf(world.db, 'order', orderId)).toBe('ordered');
      expect((await eventsOf(world.db, id)).map((e) => e.action)).toEqual(['cancel', 'update', 'reinstate']);
    });

    it('lets an employee correct the reinstatement of a reinstated cancelation', async () => {
      const { id } = await canceled();
      await call.reinstate(world.employee.token, { id, reinstated_note: 'first' });
      const res = await call.update(world.employee.token, {
        id,
        reinstated_note: 'corrected',
        reinstated_by: String(world.liaison.userId),
      });
      expect(res.body.data.cancelation).toMatchObject({
        reinstated_note: 'corrected',
        reinstated_by: world.liaison.userId,
        active: false,
      });
      const events = await eventsOf(world.db, id);
      expect(events.at(-1)).toMatchObject({
        action: 'update',
        before: { reinstated_note: 'first', reinstated_by: world.employee.userId },
        after: { reinstated_note: 'corrected', reinstated_by: world.liaison.userId },
      });
    });

    it('answers cancelable-changed when the order changed since the cancel', async () => {
      const { id, orderId } = await canceled();
      await world.db.updateTable('orders').set({ status: 'scheduling' }).where('id', '=', orderId).execute();
      const res = await call.update(world.employee.token, {
        id,
        active: false,
        reason_note: 'rolled back too',
      });
      expect(res.http).toBe(409);
      expect(res.body.status).toBe('cancelable-changed');
      const show = await call.show(world.employee.token, id);
      expect(show.body.data.cancelation).toMatchObject({ active: true, reason_note: null });
    });
  });

  describe('who may update', () => {
    it('lets a client change the reason and note of a cancelation they made', async () => {
      const { id } = await canceledByClient();
      const res = await call.update(world.client.token, {
        id,
        reason_slug: 'listing-withdrawn',
        reason_note: 'sold',
      });
      expect(res.body.data.cancelation).toMatchObject({
        reason_slug: 'listing-withdrawn',
        reason_note: 'sold',
      });
      expect((await eventsOf(world.db, id)).at(-1)!.actor_user_id).toBe(world.client.userId);
    });

    it('answers permission-denied when a client changes a cancelation an employee made', async () => {
      const { id } = await canceled();
      const res = await call.update(world.client.token, { id, reason_note: 'mine now' });
      expect(res.http).toBe(403);
      expect(res.body.status).toBe('permission-denied');
    });

    it('answers permission-denied when a client touches another client’s cancelation', async () => {
      const { id } = await canceledByClient();
      const res = await call.update(world.otherClient.token, { id, reason_note: 'hi' });
      expect(res.body.status).toBe('permission-denied');
      expect(res.body.errors[0].param).toBe('id');
    });

    it.each([
      ['active', false],
      ['canceled_by', '1'],
      ['canceled_at', '2026-01-01T00:00:00Z'],
      ['canceled_in', 'planoorder'],
      ['reinstated_at', '2026-01-01T00:00:00Z'],
      ['reinstated_by', '1'],
      ['reinstated_note', 'n'],
    ])('answers permission-denied when a client sets %s', async (param, value) => {
      const { id, orderId } = await canceledByClient();
      const res = await call.update(world.client.token, { id, [param]: value });
      expect(res.body.status).toBe('permission-denied');
      expect(res.body.errors[0].param).toBe(param);
      expect(await statusOf(world.db, 'order', orderId)).toBe('canceled');
    });

    it('lets a liaison change a cancelation they made for their client', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const made = await call.create(world.liaison.token, {
        cancelable_type: 'order',
        cancelable_id: orderId,
      });
      const res = await call.update(world.liaison.token, {
        id: made.body.data.cancelation.id,
        reason_note: 'ok',
      });
      expect(res.body.data.cancelation.reason_note).toBe('ok');
    });
  });
});
