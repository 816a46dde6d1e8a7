import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  cancelOrder,
  eventsOf,
  makeOrder,
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

const CONCURRENT = 50;

async function cancelationsOf(orderId: number) {
  return world.db
    .selectFrom('cancelations')
    .select(['id', 'active'])
    .where('cancelable_type', '=', 'order')
    .where('cancelable_id', '=', orderId)
    .execute();
}

describe('concurrent cancels of one order', () => {
  it(`${CONCURRENT} at once leave exactly one active cancelation; the rest answer already-canceled`, async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'ordered');
    // The owning client, their liaison and an employee all race, each request on its own.
    const tokens = [world.client.token, world.liaison.token, world.employee.token];
    const replies = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        call.create(tokens[i % tokens.length]!, { cancelable_type: 'order', cancelable_id: orderId }),
      ),
    );
    const statuses = replies.map((r) => r.body.status);
    expect(statuses.filter((s) => s === 'action-successful')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'already-canceled')).toHaveLength(CONCURRENT - 1);
    expect(replies.every((r) => r.http === 200 || r.http === 409)).toBe(true);

    const winner = replies.find((r) => r.body.status === 'action-successful')!.body.data.cancelation;
    for (const loser of replies.filter((r) => r.body.status === 'already-canceled')) {
      expect(loser.body.data).toEqual({ cancelation_id: winner.id });
    }
    expect(await cancelationsOf(orderId)).toEqual([{ id: winner.id, active: true }]);
    expect(await eventsOf(world.db, winner.id)).toHaveLength(1);
    expect(await statusOf(world.db, 'order', orderId)).toBe('canceled');
    expect(winner.status_before_cancel).toBe('ordered');
    expect(await noticesFor(world.db, orderId)).toHaveLength(1);
  });

  it(`${CONCURRENT} retries with one key all get the same cancelation, made once`, async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'new_request');
    const params = { cancelable_type: 'order', cancelable_id: orderId, key: `burst-${orderId}` };
    const replies = await Promise.all(
      Array.from({ length: CONCURRENT }, () => call.create(world.client.token, params)),
    );
    expect(replies.map((r) => r.body.status)).toEqual(Array(CONCURRENT).fill('action-successful'));
    const ids = new Set(replies.map((r) => r.body.data.cancelation.id));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => r.body.data.replayed === false)).toHaveLength(1);
    expect(await cancelationsOf(orderId)).toHaveLength(1);
  });

  it('a cancel racing a reinstate of the same order ends consistent (no deadlock, no second active)', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'ordered');
    const id = await cancelOrder(world, orderId);
    const replies = await Promise.all([
      call.reinstate(world.employee.token, { id }),
      ...Array.from({ length: 10 }, () =>
        call.create(world.employee.token, { cancelable_type: 'order', cancelable_id: orderId }),
      ),
    ]);
    expect(replies.every((r) => r.http < 500)).toBe(true);
    expect(replies[0]!.body.status).toBe('action-successful');
    const rows = await cancelationsOf(orderId);
    const active = rows.filter((r) => r.active);
    expect(active.length).toBeLessThanOrEqual(1);
    expect(await statusOf(world.db, 'order', orderId)).toBe(active.length === 1 ? 'canceled' : 'ordered');
  });
});

describe('history', () => {
  it('is append-only: the database refuses to rewrite or delete events', async () => {
    const id = await cancelOrder(world, await makeOrder(world.db, world.client.clientId!));
    await expect(
      world.db
        .updateTable('cancelation_events')
        .set({ action: 'update' })
        .where('cancelation_id', '=', id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      world.db.deleteFrom('cancelation_events').where('cancelation_id', '=', id).execute(),
    ).rejects.toThrow(/append-only/);
    expect(await eventsOf(world.db, id)).toHaveLength(1);
  });

  it('the database refuses a second active cancelation even when written directly', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!);
    await cancelOrder(world, orderId);
    const row = await world.db
      .selectFrom('cancelations')
      .selectAll()
      .where('cancelable_id', '=', orderId)
      .where('cancelable_type', '=', 'order')
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    await expect(
      world.db
        .insertInto('cancelations')
        .values({ ...copy, key: null })
        .execute(),
    ).rejects.toThrow(/cancelations_one_active_per_target/);
    const count = await sql<{ n: number }>`select count(*)::int as n from cancelations
      where cancelable_type = 'order' and cancelable_id = ${orderId}`.execute(world.db);
    expect(count.rows[0]!.n).toBe(1);
  });
});
