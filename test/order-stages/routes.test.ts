import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrder, startCancelationWorld, type CancelationWorld } from '../cancelations/fixtures.js';
import { ordersApi } from '../orders/fixtures.js';

let world: CancelationWorld;
let api: ReturnType<typeof ordersApi>;
beforeAll(async () => {
  world = await startCancelationWorld();
  api = ordersApi(world.server);
});
afterAll(async () => world?.server.close());

const statusOf = async (id: number) =>
  (await world.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

describe('order_stages/create', () => {
  it('appends a stage with who, when, trigger and event slug, and moves the status; audited', async () => {
    const id = await makeOrder(world.db, world.client.clientId!, 'new_request');
    world.server.clock.set(new Date('2026-01-05T16:30:00Z'));
    const res = await api.stage(world.employee.token, {
      order_id: id,
      update_status: true,
      stage: 'ordered',
      stage_trigger: 'payment_captured',
      event_slug: 'order.processed',
      stage_at_mt: '2026-01-05T09:00:00-07:00',
      notes: 'paid',
      appointment: { appt_id: '5', cancel_note: 'n/a', unknown_key: 'dropped' },
      order: { delivery_rush: 'true', services_addon_array: ['twilight_photography_add_on'] },
    });
    expect(res.http).toBe(200);
    expect(res.body.data.order_stage).toMatchObject({
      order_id: id,
      stage: 'ordered',
      update_status: true,
      status_before: 'new_request',
      status_after: 'ordered',
      stage_trigger: 'payment_captured',
      event_slug: 'order.processed',
      stage_at: '2026-01-05T16:00:00.000Z',
      created_at: '2026-01-05T16:30:00.000Z',
      notes: 'paid',
      created_by_id: world.employee.userId,
      actor_user_id: world.employee.userId,
      application: 'planoorder',
      appointment: { appt_id: '5', cancel_note: 'n/a' },
      order: { delivery_rush: true, services_addon_array: ['twilight_photography_add_on'] },
      client: null,
    });
    expect(await statusOf(id)).toBe('ordered');
    const audit = await world.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'order')
      .where('entity_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', before: { status: 'new_request' } });
  });

  it('with update_status=false records the stage and leaves the status', async () => {
    const id = await makeOrder(world.db, world.client.clientId!, 'scheduled');
    const res = await api.stage(world.liaison.token, { order_id: id, update_status: false, stage: 'hold' });
    expect(res.body.data.order_stage).toMatchObject({
      status_before: 'scheduled',
      status_after: 'scheduled',
    });
    expect(await statusOf(id)).toBe('scheduled');
  });

  it('an unknown stage, a stage setting no status, a disallowed transition: 4xx naming stage, nothing recorded', async () => {
    const id = await makeOrder(world.db, world.client.clientId!, 'scheduled');
    const unknown = await api.stage(world.employee.token, {
      order_id: id,
      update_status: true,
      stage: 'teleported',
    });
    expect(unknown.http).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ param: 'stage', status: 'invalid-param' });
    const noStatus = await api.stage(world.employee.token, {
      order_id: id,
      update_status: true,
      stage: 'hold',
    });
    expect(noStatus.http).toBe(400);
    expect(noStatus.body.errors[0]).toMatchObject({ param: 'stage', status: 'invalid-param' });
    const skip = await api.stage(world.employee.token, {
      order_id: id,
      update_status: true,
      stage: 'completed',
    });
    expect(skip.http).toBe(409);
    expect(skip.body.status).toBe('stage-transition-not-allowed');
    expect(skip.body.errors[0].param).toBe('stage');
    expect(skip.body.data).toEqual({
      status: 'scheduled',
      allowed_stages: [
        'ready_to_schedule',
        'pending_appointment',
        'reschedule_requested',
        'assembly',
        'post_processing',
      ],
    });
    const cancel = await api.stage(world.employee.token, {
      order_id: id,
      update_status: true,
      stage: 'canceled',
    });
    expect(cancel.body.status).toBe('stage-transition-not-allowed');
    const rows = await world.db.selectFrom('order_stages').select('id').where('order_id', '=', id).execute();
    expect(rows).toHaveLength(0);
    expect(await statusOf(id)).toBe('scheduled');
  });

  it('requires update_status, stage and an order; order requests are not kept', async () => {
    const res = await api.stage(world.employee.token, {});
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual(['stage', 'update_status']);
    const noOrder = await api.stage(world.employee.token, { update_status: true, stage: 'ordered' });
    expect(noOrder.body.errors[0]).toMatchObject({ param: 'order_id', status: 'missing-param' });
    const request = await api.stage(world.employee.token, {
      order_request_id: 3,
      update_status: true,
      stage: 'ordered',
    });
    expect(request.body.errors[0]).toMatchObject({ param: 'order_request_id', status: 'invalid-param' });
  });

  it('who: liaisons only their clients’ orders, clients never; only employees set created_by_id', async () => {
    const theirs = await makeOrder(world.db, world.otherClient.clientId!, 'new_request');
    const liaison = await api.stage(world.liaison.token, {
      order_id: theirs,
      update_status: true,
      stage: 'ordered',
    });
    expect(liaison.http).toBe(403);
    expect(liaison.body.errors[0]).toMatchObject({ param: 'order_id', status: 'permission-denied' });
    const client = await api.stage(world.client.token, {
      order_id: theirs,
      update_status: true,
      stage: 'ordered',
    });
    expect(client.body.status).toBe('permission-denied');
    const own = await makeOrder(world.db, world.client.clientId!, 'new_request');
    const setBy = await api.stage(world.liaison.token, {
      order_id: own,
      update_status: false,
      stage: 'note',
      created_by_id: world.employee.userId,
    });
    expect(setBy.body.errors[0]).toMatchObject({ param: 'created_by_id', status: 'permission-denied' });
    const byEmployee = await api.stage(world.employee.token, {
      order_id: own,
      update_status: false,
      stage: 'note',
      created_by_id: world.liaison.userId,
      created_by: 'Liam Liaison',
    });
    expect(byEmployee.body.data.order_stage).toMatchObject({
      created_by_id: world.liaison.userId,
      created_by: 'Liam Liaison',
      actor_user_id: world.employee.userId,
    });
    const ghost = await api.stage(world.employee.token, {
      order_id: own,
      update_status: false,
      stage: 'note',
      updated_by_id: 99_999_999,
    });
    expect(ghost.body.errors[0]).toMatchObject({ param: 'updated_by_id', status: 'invalid-param' });
  });
});

describe('concurrent transitions of one order', () => {
  const CONCURRENT = 20;

  it(`${CONCURRENT} identical transitions at once: exactly one applies, the rest are refused`, async () => {
    const id = await makeOrder(world.db, world.client.clientId!, 'new_request');
    const replies = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        api.stage(world.employee.token, { order_id: id, update_status: true, stage: 'ordered' }),
      ),
    );
    const statuses = replies.map((r) => r.body.status);
    expect(statuses.filter((s) => s === 'action-successful')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'stage-transition-not-allowed')).toHaveLength(CONCURRENT - 1);
    const rows = await world.db.selectFrom('order_stages').selectAll().where('order_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(await statusOf(id)).toBe('ordered');
  });

  it('racing different transitions leave a history where each stage starts from the status the one before left', async () => {
    const id = await makeOrder(world.db, world.client.clientId!, 'new_request');
    const stages = ['ordered', 'ready_to_schedule', 'scheduled', 'ordered', 'scheduled', 'ready_to_schedule'];
    const replies = await Promise.all(
      stages.map((stage) => api.stage(world.employee.token, { order_id: id, update_status: true, stage })),
    );
    expect(replies.every((r) => r.http === 200 || r.http === 409)).toBe(true);
    const rows = await world.db
      .selectFrom('order_stages')
      .select(['status_before', 'status_after'])
      .where('order_id', '=', id)
      .orderBy('id')
      .execute();
    expect(rows.length).toBe(replies.filter((r) => r.http === 200).length);
    let status = 'new_request';
    for (const row of rows) {
      expect(row.status_before).toBe(status);
      status = row.status_after;
    }
    expect(await statusOf(id)).toBe(status);
  });

  it('a stage racing a cancel: never a stage applied to a canceled order', async () => {
    const id = await makeOrder(world.db, world.client.clientId!, 'ordered');
    const [stage, cancel] = await Promise.all([
      api.stage(world.employee.token, { order_id: id, update_status: true, stage: 'scheduled' }),
      world.server.call('POST', '/api/v1/cancelations/create', {
        json: { token: world.employee.token, cancelable_type: 'order', cancelable_id: id },
      }),
    ]);
    expect(cancel.body.status).toBe('action-successful');
    expect(await statusOf(id)).toBe('canceled');
    if (stage.http === 200) {
      // The stage went first: the cancel kept its status to restore.
      expect(cancel.body.data.cancelation.status_before_cancel).toBe('scheduled');
    } else {
      expect(stage.body.status).toBe('stage-transition-not-allowed');
      expect(cancel.body.data.cancelation.status_before_cancel).toBe('ordered');
    }
  });
});
