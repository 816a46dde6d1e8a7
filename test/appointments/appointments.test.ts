import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit/trail.js';
import { makeOrder, startCancelationWorld, type CancelationWorld } from '../cancelations/fixtures.js';

let world: CancelationWorld;
let orderId: number;
let otherOrderId: number;

beforeAll(async () => {
  world = await startCancelationWorld();
  orderId = await makeOrder(world.db, world.client.clientId!);
  otherOrderId = await makeOrder(world.db, world.otherClient.clientId!);
});
afterAll(async () => world?.server.close());

const MT = '01/05/2026 09:30:00';

function create(token: string, params: Record<string, unknown>) {
  return world.server.call('POST', '/api/v1/appointments/create', {
    json: { token, updated_at_mt: MT, ...params },
  });
}
function update(token: string, params: Record<string, unknown>) {
  return world.server.call('POST', '/api/v1/appointments/update', { json: { token, ...params } });
}
function read(token: string, id: number) {
  return world.server.call('GET', '/api/v1/appointments/read', { query: { token, id: String(id) } });
}

describe('appointments/create', () => {
  it('takes office times and answers all three renderings, the UTC instant stored', async () => {
    const res = await create(world.employee.token, {
      order_id: orderId,
      date_start_office: '2026-01-12',
      time_start_office: '10:00',
      time_duration: '01:30',
      confirmed: true,
      photographer_name: 'Pat PlanOtech',
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.appointment).toMatchObject({
      order_id: orderId,
      status: 'scheduled',
      confirmed: true,
      confirmed_at: '2026-01-05T12:00:00.000Z',
      starts_at: '2026-01-12T17:00:00.000Z',
      ends_at: '2026-01-12T18:30:00.000Z',
      date_start_office: '2026-01-12',
      time_start_office: '10:00:00',
      date_start_utc: '2026-01-12',
      time_start_utc: '17:00:00',
      date_start_local: '2026-01-12',
      time_start_local: '10:00:00',
      time_stop_office: '11:30:00',
      time_duration: '01:30:00',
      office_time_zone: 'America/Denver',
      updated_at_mt: MT,
      cancelled: false,
    });
    const id = res.body.data.appointment.id as number;
    const row = await world.db
      .selectFrom('appointments')
      .select(['starts_at', 'ends_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.starts_at).toEqual(new Date('2026-01-12T17:00:00Z'));
    const trail = await auditHistory(world.db, 'appointment', id);
    expect(trail.map((e) => [e.action, e.actor_user_id])).toEqual([['create', world.employee.userId]]);
  });

  it('fixes the property’s offset from a local time beside the UTC one (a property two zones east)', async () => {
    const res = await create(world.employee.token, {
      order_id: orderId,
      date_start_local: '2026-07-01',
      time_start_local: '12:00',
      date_start_utc: '2026-07-01',
      time_start_utc: '16:00',
    });
    expect(res.body.data.appointment).toMatchObject({
      local_utc_offset_minutes: -240,
      time_start_local: '12:00:00',
      time_start_office: '10:00:00',
      time_start_utc: '16:00:00',
      status: 'requested',
    });
  });

  it('reads MM/DD/YYYY dates with month_first, and refuses them without', async () => {
    const ok = await create(world.employee.token, {
      order_id: orderId,
      month_first: true,
      date_start_office: '01/12/2026',
      time_start_office: '09:00',
      requested_date: '1/9/2026',
    });
    expect(ok.body.data.appointment).toMatchObject({
      date_start_office: '2026-01-12',
      requested_date: '2026-01-09',
    });
    const refused = await create(world.employee.token, {
      order_id: orderId,
      date_start_office: '01/12/2026',
      time_start_office: '09:00',
    });
    expect(refused.http).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ param: 'date_start_office', status: 'invalid-param' }),
    ]);
  });

  it('requires updated_at_mt, as the real page does; a time needs its date', async () => {
    const res = await world.server.call('POST', '/api/v1/appointments/create', {
      json: { token: world.employee.token, order_id: orderId, time_start_utc: '10:00' },
    });
    expect(res.body.status).toBe('missing-param');
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'time_start_utc',
      'updated_at_mt',
    ]);
  });

  it('refuses times that contradict each other or never happen, naming the param', async () => {
    const contradiction = await create(world.employee.token, {
      order_id: orderId,
      date_start_utc: '2026-01-12',
      time_start_utc: '17:00',
      date_start_office: '2026-01-12',
      time_start_office: '11:00',
    });
    expect(contradiction.body).toMatchObject({
      status: 'invalid-param',
      errors: [{ param: 'time_start_office', status: 'invalid-param' }],
    });
    const gap = await create(world.employee.token, {
      order_id: orderId,
      date_start_office: '2026-03-08',
      time_start_office: '02:30',
    });
    expect(gap.body.errors).toEqual([
      expect.objectContaining({
        param: 'time_start_office',
        message: expect.stringContaining('does not exist'),
      }),
    ]);
    const backwards = await create(world.employee.token, {
      order_id: orderId,
      date_start_utc: '2026-01-12',
      time_start_utc: '17:00',
      date_stop_utc: '2026-01-12',
      time_stop_utc: '16:00',
    });
    expect(backwards.body.errors).toEqual([expect.objectContaining({ param: 'time_stop_utc' })]);
    const flags = await create(world.employee.token, {
      order_id: orderId,
      requested_date: '2026-01-12',
      cancelled: true,
    });
    expect(flags.body.errors).toEqual([expect.objectContaining({ param: 'cancelled' })]);
    const nothing = await create(world.employee.token, { order_id: orderId });
    expect(nothing.body).toMatchObject({ status: 'missing-param', errors: [{ param: 'date_start_local' }] });
  });

  it('lets liaisons act for their clients only; clients not at all; an order that is not theirs looks missing', async () => {
    const params = { order_id: orderId, requested_date: '2026-01-20' };
    expect((await create(world.liaison.token, params)).body.status).toBe('action-successful');
    const foreign = await create(world.liaison.token, { ...params, order_id: otherOrderId });
    const missing = await create(world.liaison.token, { ...params, order_id: 999_999 });
    expect(foreign.body).toMatchObject({ status: 'permission-denied', errors: [{ param: 'order_id' }] });
    expect(missing.body.errors).toEqual(
      foreign.body.errors.map((e: object) => ({ ...e, message: expect.any(String) })),
    );
    expect((await create(world.employee.token, { ...params, order_id: 999_999 })).body.status).toBe(
      'invalid-param',
    );
    expect((await create(world.client.token, params)).http).toBe(403);
  });

  it('returns the appointment a uuid already made on the order (replayed), refuses it on another', async () => {
    const uuid = '3f1c2b9e-8d4a-4c6e-9b1f-0a2d3e4f5a6b';
    const first = await create(world.employee.token, {
      order_id: orderId,
      requested_date: '2026-01-20',
      uuid,
    });
    const again = await create(world.employee.token, {
      order_id: orderId,
      requested_date: '2026-01-20',
      uuid,
    });
    expect(again.body.data).toMatchObject({
      replayed: true,
      appointment: { id: first.body.data.appointment.id },
    });
    const elsewhere = await create(world.employee.token, {
      order_id: otherOrderId,
      requested_date: '2026-01-20',
      uuid,
    });
    expect(elsewhere.body.errors).toEqual([expect.objectContaining({ param: 'uuid' })]);
  });

  it('refuses a canceled order', async () => {
    const canceled = await makeOrder(world.db, world.client.clientId!, 'canceled');
    const res = await create(world.employee.token, { order_id: canceled, requested_date: '2026-01-20' });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ param: 'order_id', status: 'invalid-param' }),
    ]);
  });
});

describe('appointments/read and update', () => {
  let id: number;
  beforeAll(async () => {
    const res = await create(world.employee.token, {
      order_id: orderId,
      date_start_utc: '2026-01-12',
      time_start_utc: '17:00',
      date_stop_utc: '2026-01-12',
      time_stop_utc: '18:00',
    });
    id = res.body.data.appointment.id;
  });

  it('shows a client their own appointment; another client gets what a missing id gets', async () => {
    expect((await read(world.client.token, id)).body.data.appointment.id).toBe(id);
    const foreign = await read(world.otherClient.token, id);
    const missing = await read(world.otherClient.token, 999_999);
    expect(foreign.body.status).toBe('permission-denied');
    expect(missing.body.status).toBe('permission-denied');
    expect(foreign.body.errors[0].param).toBe('id');
  });

  it('moves the start keeping the length, confirms, and keeps every change in the trail', async () => {
    world.server.clock.set('2026-01-06T08:00:00Z');
    const res = await update(world.employee.token, {
      id,
      date_start_office: '2026-01-13',
      time_start_office: '08:00',
      confirmed: true,
      notes: 'Gate code 1234',
    });
    expect(res.body.data.appointment).toMatchObject({
      starts_at: '2026-01-13T15:00:00.000Z',
      ends_at: '2026-01-13T16:00:00.000Z',
      status: 'scheduled',
      confirmed_at: '2026-01-06T08:00:00.000Z',
      notes: 'Gate code 1234',
    });
    expect(res.body.data.changed).toEqual(
      expect.arrayContaining(['starts_at', 'ends_at', 'status', 'notes']),
    );
    const trail = await auditHistory(world.db, 'appointment', id);
    expect(trail.at(-1)).toMatchObject({
      action: 'update',
      before: { starts_at: '2026-01-12T17:00:00.000Z', status: 'requested', notes: null },
      after: { starts_at: '2026-01-13T15:00:00.000Z', status: 'scheduled', notes: 'Gate code 1234' },
    });
  });

  it('refuses changes to a canceled appointment: it changes through its cancelation', async () => {
    const res = await create(world.employee.token, { order_id: orderId, requested_date: '2026-01-20' });
    const appointmentId = res.body.data.appointment.id as number;
    const canceled = await world.server.call('POST', '/api/v1/cancelations/create', {
      json: { token: world.employee.token, cancelable_type: 'appointment', cancelable_id: appointmentId },
    });
    expect(canceled.body.status).toBe('action-successful');
    const refused = await update(world.employee.token, { id: appointmentId, notes: 'still on?' });
    expect(refused.body.errors).toEqual([expect.objectContaining({ param: 'id', status: 'invalid-param' })]);
    expect((await read(world.client.token, appointmentId)).body.data.appointment).toMatchObject({
      status: 'canceled',
      cancelled: true,
    });
  });

  it('refuses to move an appointment to another order, and clients may not change it', async () => {
    const moved = await update(world.employee.token, { id, order_id: otherOrderId });
    expect(moved.body.errors).toEqual([expect.objectContaining({ param: 'order_id' })]);
    expect((await update(world.client.token, { id, notes: 'mine' })).http).toBe(403);
    expect((await update(world.liaison.token, { id, notes: 'from the liaison' })).body.status).toBe(
      'action-successful',
    );
  });
});
