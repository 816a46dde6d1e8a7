import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  cancelOrder,
  makeOrder,
  makeTour,
  noticesFor,
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

describe('the client’s cancelation email', () => {
  it('is queued once in the outbox when an order is canceled', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'ordered');
    const res = await call.create(world.employee.token, {
      cancelable_type: 'order',
      cancelable_id: orderId,
      reason_slug: 'property-unavailable',
    });
    const notices = await noticesFor(world.db, orderId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      to_email: world.client.email,
      status: 'queued',
      subject: `Canceled: Order #${orderId} at 1 Test Street`,
      context: {
        cancelation_id: res.body.data.cancelation.id,
        cancelable_type: 'order',
        cancelable_id: orderId,
      },
    });
    expect(notices[0]!.text_body).toContain('Reason: The property was not accessible for the shoot.');
  });

  it('is not queued again by a refused second cancel or a keyed retry', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!);
    const params = { cancelable_type: 'order', cancelable_id: orderId, key: `mail-${orderId}` };
    await call.create(world.client.token, params);
    expect((await call.create(world.client.token, params)).body.data.replayed).toBe(true);
    expect((await call.create(world.employee.token, { ...params, key: undefined })).body.status).toBe(
      'already-canceled',
    );
    expect(await noticesFor(world.db, orderId)).toHaveLength(1);
  });

  it('is queued anew when a reinstated order is canceled again', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!);
    const first = await cancelOrder(world, orderId);
    await call.reinstate(world.employee.token, { id: first });
    await cancelOrder(world, orderId);
    expect(await noticesFor(world.db, orderId)).toHaveLength(2);
  });

  it('is only for orders', async () => {
    const tourId = await makeTour(world.db, world.client.clientId!);
    const before = await world.db.selectFrom('email_outbox').select('id').execute();
    await call.create(world.employee.token, { cancelable_type: 'tour', cancelable_id: tourId });
    const after = await world.db.selectFrom('email_outbox').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('is not queued when the cancel rolls back after queueing it', async () => {
    const { db } = world;
    const orderId = await makeOrder(db, world.client.clientId!, 'ordered');
    // Fault injection: the history entry is the cancel's last write; make the database refuse it.
    await sql`create function fail_cancel_event() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$`.execute(db);
    await sql`create trigger fail_cancel_event before insert on cancelation_events
      for each row execute function fail_cancel_event()`.execute(db);
    try {
      const res = await call.create(world.client.token, { cancelable_type: 'order', cancelable_id: orderId });
      expect(res.http).toBe(500);
      expect(res.body.status).toBe('application-crash');
    } finally {
      await sql`drop trigger fail_cancel_event on cancelation_events`.execute(db);
      await sql`drop function fail_cancel_event()`.execute(db);
    }
    expect(await noticesFor(db, orderId)).toHaveLength(0);
    expect(await statusOf(db, 'order', orderId)).toBe('ordered');
    const rows = await db
      .selectFrom('cancelations')
      .select('id')
      .where('cancelable_id', '=', orderId)
      .execute();
    expect(rows).toHaveLength(0);

    const retry = await call.create(world.client.token, { cancelable_type: 'order', cancelable_id: orderId });
    expect(retry.body.status).toBe('action-successful');
    expect(await noticesFor(db, orderId)).toHaveLength(1);
  });
});
