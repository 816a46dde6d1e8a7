import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn } from '../helpers/auth.js';
import {
  api,
  eventsOf,
  makeAppointment,
  makeLineItem,
  makeOrder,
  makeTour,
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

const order = (id: number, extra: Record<string, unknown> = {}) => ({
  cancelable_type: 'order',
  cancelable_id: id,
  ...extra,
});

describe('cancelations/create', () => {
  it('lets a client cancel their own new order, with defaults for when, who and where', async () => {
    const { db, client, server } = world;
    const orderId = await makeOrder(db, client.clientId!, 'new_request');
    const res = await call.create(client.token, order(orderId, { reason_slug: 'client-request' }));
    expect(res.http).toBe(200);
    expect(res.body.status).toBe('action-successful');
    const c = res.body.data.cancelation;
    expect(c).toMatchObject({
      cancelable_type: 'order',
      cancelable_id: orderId,
      client_id: client.clientId,
      reason_id: await reasonId(db, 'client-request'),
      reason_slug: 'client-request',
      reason_text: 'Canceled at the client’s request.',
      canceled_at: server.clock.now().toISOString(),
      canceled_by: client.userId,
      canceled_in: 'planoauth',
      status_before_cancel: 'new_request',
      active: true,
      reinstated_at: null,
      created_by: client.userId,
    });
    expect(res.body.data.replayed).toBe(false);
    expect(await statusOf(db, 'order', orderId)).toBe('canceled');
    const events = await eventsOf(db, c.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'cancel',
      actor_user_id: client.userId,
      application: 'planoauth',
      before: { cancelable_status: 'new_request' },
      after: { id: c.id, active: true, cancelable_status: 'canceled' },
    });
  });

  it.each(['ordered', 'scheduling'] as const)('lets a client cancel an order that is %s', async (status) => {
    const orderId = await makeOrder(world.db, world.client.clientId!, status);
    const res = await call.create(world.client.token, order(orderId));
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.cancelation.status_before_cancel).toBe(status);
  });

  it('answers status-not-cancelable 400 when a client cancels an order past scheduling', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'scheduled');
    const res = await call.create(world.client.token, order(orderId));
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('status-not-cancelable');
    expect(res.body.data).toEqual({
      status: 'scheduled',
      cancelable_statuses: ['new_request', 'ordered', 'scheduling'],
    });
    expect(await statusOf(world.db, 'order', orderId)).toBe('scheduled');
  });

  it('reads the cancelable statuses from the admin-managed table', async () => {
    const { db, client } = world;
    const orderId = await makeOrder(db, client.clientId!, 'scheduled');
    await db
      .insertInto('cancelable_statuses')
      .values({ cancelable_type: 'order', status: 'scheduled' })
      .execute();
    try {
      expect((await call.create(client.token, order(orderId))).body.status).toBe('action-successful');
    } finally {
      await db
        .deleteFrom('cancelable_statuses')
        .where('cancelable_type', '=', 'order')
        .where('status', '=', 'scheduled')
        .execute();
    }
  });

  it('lets an employee cancel an order in any status but canceled', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'delivered');
    const res = await call.create(world.employee.token, order(orderId));
    expect(res.body.data.cancelation).toMatchObject({
      status_before_cancel: 'delivered',
      canceled_by: world.employee.userId,
      canceled_in: 'planoorder',
    });
  });

  it('cancels every cancelable type: tour, appointment, line item', async () => {
    const { db, client, employee } = world;
    const parent = await makeOrder(db, client.clientId!, 'scheduled');
    const targets = [
      ['tour', await makeTour(db, client.clientId!, 'published'), 'published'],
      ['appointment', await makeAppointment(db, parent, 'scheduled'), 'scheduled'],
      ['line_item', await makeLineItem(db, parent, 'in_production'), 'in_production'],
    ] as const;
    for (const [type, id, before] of targets) {
      const res = await call.create(employee.token, { cancelable_type: type, cancelable_id: id });
      expect(res.body.data.cancelation).toMatchObject({
        cancelable_type: type,
        cancelable_id: id,
        client_id: client.clientId,
        status_before_cancel: before,
      });
      expect(await statusOf(db, type, id)).toBe('canceled');
    }
    expect(await statusOf(db, 'order', parent)).toBe('scheduled');
  });

  it.each(['order', 'tour', 'appointment', 'line_item'])(
    'answers invalid-param naming cancelable_id when the %s does not exist',
    async (type) => {
      const res = await call.create(world.employee.token, { cancelable_type: type, cancelable_id: 999_999 });
      expect(res.http).toBe(400);
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors).toEqual([
        { param: 'cancelable_id', status: 'invalid-param', message: `${type} 999999 does not exist` },
      ]);
    },
  );

  it('answers invalid-param for an unknown cancelable_type', async () => {
    const res = await call.create(world.employee.token, { cancelable_type: 'invoice', cancelable_id: 1 });
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors[0].param).toBe('cancelable_type');
  });

  it('answers missing-param for a missing target', async () => {
    const res = await call.create(world.employee.token, {});
    expect(res.body.status).toBe('missing-param');
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'cancelable_id',
      'cancelable_type',
    ]);
  });

  it('answers invalid-param for a non-integer cancelable_id', async () => {
    const res = await call.create(world.employee.token, { cancelable_type: 'order', cancelable_id: 'abc' });
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors[0].param).toBe('cancelable_id');
  });

  it('answers permission-denied 403 when a client cancels someone else’s order', async () => {
    const orderId = await makeOrder(world.db, world.otherClient.clientId!, 'new_request');
    const res = await call.create(world.client.token, order(orderId));
    expect(res.http).toBe(403);
    expect(res.body.status).toBe('permission-denied');
    expect(res.body.errors[0].param).toBe('cancelable_id');
    expect(await statusOf(world.db, 'order', orderId)).toBe('new_request');
  });

  it.each(['client', 'liaison'] as const)(
    'answers a %s alike for someone else’s order and one that does not exist',
    async (role) => {
      const foreign = await makeOrder(world.db, world.otherClient.clientId!, 'new_request');
      const theirs = await call.create(world[role].token, order(foreign));
      const missing = await call.create(world[role].token, order(999_999));
      expect(missing.http).toBe(theirs.http);
      expect(missing.body.status).toBe('permission-denied');
      expect(missing.body.errors).toEqual([
        {
          ...theirs.body.errors[0],
          message: theirs.body.errors[0].message.replace(String(foreign), '999999'),
        },
      ]);
    },
  );

  it('answers permission-denied when a client cancels anything but an order', async () => {
    const tourId = await makeTour(world.db, world.client.clientId!);
    const res = await call.create(world.client.token, { cancelable_type: 'tour', cancelable_id: tourId });
    expect(res.body.status).toBe('permission-denied');
    expect(res.body.errors[0].param).toBe('cancelable_type');
  });

  it('lets a liaison cancel their clients’ records in any status, and nobody else’s', async () => {
    const { db, client, otherClient, liaison } = world;
    const own = await makeOrder(db, client.clientId!, 'in_production');
    const tour = await makeTour(db, client.clientId!);
    const foreign = await makeOrder(db, otherClient.clientId!);
    expect((await call.create(liaison.token, order(own))).body.data.cancelation).toMatchObject({
      canceled_in: 'planox2',
      canceled_by: liaison.userId,
    });
    expect(
      (await call.create(liaison.token, { cancelable_type: 'tour', cancelable_id: tour })).body.status,
    ).toBe('action-successful');
    const res = await call.create(liaison.token, order(foreign));
    expect(res.http).toBe(403);
    expect(res.body.status).toBe('permission-denied');
  });

  it('answers already-canceled 409 on a second cancel, naming the standing cancelation', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!);
    const first = await call.create(world.client.token, order(orderId));
    const second = await call.create(world.employee.token, order(orderId));
    expect(second.http).toBe(409);
    expect(second.body.status).toBe('already-canceled');
    expect(second.body.data).toEqual({ cancelation_id: first.body.data.cancelation.id });
  });

  it('answers already-canceled when the record is canceled without a cancelation', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'canceled');
    const res = await call.create(world.employee.token, order(orderId));
    expect(res.body.status).toBe('already-canceled');
    expect(res.body.data).toEqual({ cancelation_id: null });
  });

  describe('reasons', () => {
    it('takes the reason by id and keeps a custom reason_text and note', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const id = await reasonId(world.db, 'listing-withdrawn');
      const res = await call.create(
        world.employee.token,
        order(orderId, { reason_id: id, reason_text: 'Sold before listing', reason_note: 'Agent called' }),
      );
      expect(res.body.data.cancelation).toMatchObject({
        reason_id: id,
        reason_slug: 'listing-withdrawn',
        reason_text: 'Sold before listing',
        reason_note: 'Agent called',
      });
    });

    it('accepts no reason at all', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const res = await call.create(world.employee.token, order(orderId));
      expect(res.body.data.cancelation).toMatchObject({
        reason_id: null,
        reason_slug: null,
        reason_text: null,
      });
    });

    it.each([
      [{ reason_id: 999_999 }, 'reason_id', 'reason_id 999999 is not a cancelation reason'],
      [{ reason_slug: 'nope' }, 'reason_slug', 'reason_slug nope is not a cancelation reason'],
      [
        { reason_slug: 'weather' },
        'reason_slug',
        'reason weather does not apply to a order (it applies to: appointment)',
      ],
    ])('answers invalid-param for %j', async (reason, param, message) => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const res = await call.create(world.employee.token, order(orderId, reason));
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors).toEqual([{ param, status: 'invalid-param', message }]);
      expect(await statusOf(world.db, 'order', orderId)).toBe('new_request');
    });

    it('answers invalid-param when reason_id and reason_slug name different reasons', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const res = await call.create(
        world.employee.token,
        order(orderId, { reason_id: await reasonId(world.db, 'duplicate'), reason_slug: 'client-request' }),
      );
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0].param).toBe('reason_slug');
    });

    it('refuses a retired reason', async () => {
      const { db } = world;
      await db
        .insertInto('cancelation_reasons')
        .values({ slug: 'retired-create', text: 'Old', applicable_types: ['order'], active: false })
        .execute();
      const orderId = await makeOrder(db, world.client.clientId!);
      const res = await call.create(world.employee.token, order(orderId, { reason_slug: 'retired-create' }));
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors[0].message).toContain('retired');
    });
  });

  describe('who, when and where', () => {
    it('lets an employee record a cancel made earlier, by someone else, elsewhere', async () => {
      const { db, client, employee } = world;
      const orderId = await makeOrder(db, client.clientId!);
      const res = await call.create(
        employee.token,
        order(orderId, {
          canceled_at: '2026-01-04T09:30:00-05:00',
          canceled_by: client.email.toUpperCase(),
          canceled_in: 'planoauth',
        }),
      );
      expect(res.body.data.cancelation).toMatchObject({
        canceled_at: '2026-01-04T14:30:00.000Z',
        canceled_by: client.userId,
        canceled_in: 'planoauth',
        created_by: employee.userId,
      });
      const [event] = await eventsOf(db, res.body.data.cancelation.id);
      expect(event!.actor_user_id).toBe(employee.userId);
    });

    it('takes canceled_by as a user id', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const res = await call.create(
        world.employee.token,
        order(orderId, { canceled_by: String(world.liaison.userId) }),
      );
      expect(res.body.data.cancelation.canceled_by).toBe(world.liaison.userId);
    });

    it.each([
      [
        'canceled_at',
        '2026-01-05',
        'canceled_at must be an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z',
      ],
      [
        'canceled_at',
        '2026-01-05T10:00:00',
        'canceled_at must be an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z',
      ],
      [
        'canceled_at',
        '2026-02-30T10:00:00Z',
        'canceled_at must be an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z',
      ],
      [
        'canceled_at',
        'yesterday',
        'canceled_at must be an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z',
      ],
      ['canceled_at', '2026-01-05T12:00:01Z', 'canceled_at must not be in the future'],
      ['canceled_by', 'nobody@example.com', 'canceled_by nobody@example.com is not a user'],
      ['canceled_by', '99999999', 'canceled_by 99999999 is not a user'],
      ['canceled_by', 'Erin', 'canceled_by must be a user id or an email address'],
      ['canceled_in', 'captur', 'canceled_in captur is not a registered application'],
    ])('answers invalid-param naming %s for %j', async (param, value, message) => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const res = await call.create(world.employee.token, order(orderId, { [param]: value }));
      expect(res.http).toBe(400);
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors).toEqual([{ param, status: 'invalid-param', message }]);
      expect(await statusOf(world.db, 'order', orderId)).toBe('new_request');
    });

    it.each(['canceled_at', 'canceled_by', 'canceled_in'])(
      'answers permission-denied when a client sets %s',
      async (param) => {
        const value = { canceled_at: '2026-01-01T00:00:00Z', canceled_by: '1', canceled_in: 'planoorder' }[
          param
        ];
        const orderId = await makeOrder(world.db, world.client.clientId!);
        const res = await call.create(world.client.token, order(orderId, { [param]: value }));
        expect(res.http).toBe(403);
        expect(res.body.status).toBe('permission-denied');
        expect(res.body.errors[0].param).toBe(param);
      },
    );

    it('answers invalid-param for text over its length limit, naming each param', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const res = await call.create(
        world.employee.token,
        order(orderId, { reason_note: 'x'.repeat(5_001), key: 'k'.repeat(256) }),
      );
      expect(res.body.status).toBe('invalid-param');
      expect(res.body.errors.map((e: { param: string }) => e.param)).toEqual(['key', 'reason_note']);
    });
  });

  describe('idempotency key', () => {
    it('returns the original cancelation for a retry with the same key and params', async () => {
      const { db, client } = world;
      const orderId = await makeOrder(db, client.clientId!);
      const params = order(orderId, { key: `retry-${orderId}`, reason_slug: 'duplicate' });
      const first = await call.create(client.token, params);
      const again = await call.create(client.token, { ...params });
      expect(again.http).toBe(200);
      expect(again.body.data.replayed).toBe(true);
      expect(again.body.data.cancelation).toEqual(first.body.data.cancelation);
      const rows = await db
        .selectFrom('cancelations')
        .select('id')
        .where('key', '=', `retry-${orderId}`)
        .execute();
      expect(rows).toHaveLength(1);
      expect(await eventsOf(db, first.body.data.cancelation.id)).toHaveLength(1);
    });

    it('answers cancelation-key-conflict 409 for the same key with other params', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const other = await makeOrder(world.db, world.client.clientId!);
      await call.create(world.client.token, order(orderId, { key: `k-${orderId}` }));
      const res = await call.create(world.client.token, order(other, { key: `k-${orderId}` }));
      expect(res.http).toBe(409);
      expect(res.body.status).toBe('cancelation-key-conflict');
      expect(res.body.errors[0].param).toBe('key');
      expect(await statusOf(world.db, 'order', other)).toBe('new_request');
    });

    it('answers cancelation-key-conflict when another user reuses the key', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      await call.create(world.client.token, order(orderId, { key: `shared-${orderId}` }));
      const res = await call.create(world.employee.token, order(orderId, { key: `shared-${orderId}` }));
      expect(res.body.status).toBe('cancelation-key-conflict');
    });
  });

  describe('authentication', () => {
    it('answers missing-param without a token and invalid-token with a bad one', async () => {
      const orderId = await makeOrder(world.db, world.client.clientId!);
      const none = await world.server.call('POST', '/api/v1/cancelations/create', { json: order(orderId) });
      expect(none.body.status).toBe('missing-param');
      const bad = await call.create('not-a-token', order(orderId));
      expect(bad.http).toBe(401);
      expect(bad.body.status).toBe('invalid-token');
    });

    it('answers role-required to a client calling through PlanoOrder', async () => {
      const user = await createUser(world.db, ['client']);
      const token = await signIn(world.server, user.email, 'planoauth');
      const orderId = await makeOrder(world.db, user.clientId!);
      const res = await call.create(token, order(orderId, { application: 'planoorder' }));
      expect(res.http).toBe(403);
      expect(res.body.status).toBe('role-required');
    });
  });
});
