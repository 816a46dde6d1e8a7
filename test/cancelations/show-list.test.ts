import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import {
  api,
  cancelOrder,
  makeOrder,
  makeTour,
  reasonId,
  startCancelationWorld,
  type CancelationWorld,
  type Signed,
} from './fixtures.js';

let world: CancelationWorld;
let call: ReturnType<typeof api>;
/** A client of their own, so list counts are not disturbed by other tests' cancelations. */
let lister: Signed;
beforeAll(async () => {
  world = await startCancelationWorld();
  call = api(world.server);
  lister = await signedIn(world.server, 'client');
});
afterAll(async () => world?.server.close());

describe('cancelations/show', () => {
  it('returns the cancelation, the record’s current status and the whole history in order', async () => {
    const orderId = await makeOrder(world.db, world.client.clientId!, 'ordered');
    const made = await call.create(world.client.token, {
      cancelable_type: 'order',
      cancelable_id: orderId,
      reason_slug: 'client-request',
    });
    const id = made.body.data.cancelation.id;
    world.server.clock.advance(60_000);
    await call.update(world.client.token, { id, reason_note: 'moving house' });
    world.server.clock.advance(60_000);
    await call.reinstate(world.employee.token, { id, reinstated_note: 'back on' });

    const res = await call.show(world.client.token, id);
    expect(res.http).toBe(200);
    expect(res.body.data.cancelation).toMatchObject({ id, active: false, reason_note: 'moving house' });
    expect(res.body.data.cancelable).toEqual({ type: 'order', id: orderId, status: 'ordered' });
    const history = res.body.data.history;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['cancel', 'update', 'reinstate']);
    expect(history[0]).toMatchObject({
      actor_user_id: world.client.userId,
      application: 'planoauth',
      before: { cancelable_status: 'ordered' },
      after: { reason_slug: 'client-request', cancelable_status: 'canceled' },
    });
    expect(history[1]).toMatchObject({
      actor_user_id: world.client.userId,
      before: { reason_note: null },
      after: { reason_note: 'moving house' },
    });
    expect(history[2]).toMatchObject({
      actor_user_id: world.employee.userId,
      application: 'planoorder',
      occurred_at: world.server.clock.now().toISOString(),
      after: { active: false, reinstated_note: 'back on', cancelable_status: 'ordered' },
    });
  });

  it('shows a client’s cancelation to their liaison and to employees, not to another client', async () => {
    const id = await cancelOrder(world, await makeOrder(world.db, world.client.clientId!));
    expect((await call.show(world.liaison.token, id)).body.status).toBe('action-successful');
    expect((await call.show(world.employee.token, id)).body.status).toBe('action-successful');
    const other = await call.show(world.otherClient.token, id);
    expect(other.http).toBe(403);
    expect(other.body.status).toBe('permission-denied');
    const stranger = await signedIn(world.server, 'liaison');
    expect((await call.show(stranger.token, id)).body.status).toBe('permission-denied');
  });

  it('answers a client or liaison alike for another client’s cancelation and one that does not exist', async () => {
    const owner = await signedIn(world.server, 'client');
    const id = await cancelOrder(world, await makeOrder(world.db, owner.clientId!));
    for (const caller of [world.client, world.liaison]) {
      const theirs = await call.show(caller.token, id);
      const missing = await call.show(caller.token, 987_654);
      expect(theirs.body.status).toBe('permission-denied');
      expect(missing.http).toBe(theirs.http);
      expect(missing.body.errors).toEqual([
        { ...theirs.body.errors[0], message: theirs.body.errors[0].message.replace(String(id), '987654') },
      ]);
    }
  });

  it('answers invalid-param for an unknown or malformed id and missing-param without one', async () => {
    expect((await call.show(world.employee.token, 987_654)).body.errors[0]).toMatchObject({
      param: 'id',
      status: 'invalid-param',
    });
    expect((await call.show(world.employee.token, 'x1')).body.status).toBe('invalid-param');
    const none = await world.server.call('GET', '/api/v1/cancelations/show', {
      query: { token: world.employee.token },
    });
    expect(none.body.status).toBe('missing-param');
  });
});

describe('cancelations/list', () => {
  /** Five cancelations of the lister's records, canceled a day apart from 2025-12-01; the 2nd reinstated. */
  let ids: number[];
  let tourId: number;
  const day = (i: number) => `2025-12-0${i + 1}T10:00:00Z`;
  beforeAll(async () => {
    const { db } = world;
    ids = [];
    for (let i = 0; i < 4; i++) {
      const orderId = await makeOrder(db, lister.clientId!);
      const reason_slug = i % 2 === 0 ? 'duplicate' : 'client-request';
      ids.push(await cancelOrder(world, orderId, { reason_slug, canceled_at: day(i) }));
    }
    tourId = await makeTour(db, lister.clientId!);
    const tour = await call.create(world.employee.token, {
      cancelable_type: 'tour',
      cancelable_id: tourId,
      reason_slug: 'listing-withdrawn',
      canceled_at: day(4),
    });
    ids.push(tour.body.data.cancelation.id);
    await call.reinstate(world.employee.token, { id: ids[1] });
  });

  const idsOf = (res: { body: { data: { results: { id: number }[] } } }) =>
    res.body.data.results.map((c) => c.id);

  it('lists a client’s own cancelations, newest first, with pagination', async () => {
    const res = await call.list(lister.token);
    expect(res.http).toBe(200);
    expect(idsOf(res)).toEqual([...ids].reverse());
    expect(res.body.data.pagination).toEqual({ page: 1, per_page: 25, total: 5, total_pages: 1 });
  });

  it('pages', async () => {
    const page2 = await call.list(lister.token, { per_page: '2', page: '2' });
    expect(idsOf(page2)).toEqual([ids[2], ids[1]]);
    expect(page2.body.data.pagination).toEqual({ page: 2, per_page: 2, total: 5, total_pages: 3 });
    const beyond = await call.list(lister.token, { per_page: '2', page: '9' });
    expect(idsOf(beyond)).toEqual([]);
  });

  it.each([
    [{ active: 'true' }, [4, 3, 2, 0]],
    [{ active: 'false' }, [1]],
    [{ cancelable_type: 'tour' }, [4]],
    [{ reason_slug: 'client-request' }, [3, 1]],
    [{ canceled_from: '2025-12-02', canceled_to: '2025-12-03' }, [2, 1]],
    [{ canceled_from: '2025-12-02T10:00:00Z', canceled_to: '2025-12-03T09:59:59Z' }, [1]],
    [{ canceled_to: '2025-12-01T05:00:00-05:00' }, [0]],
  ])('filters by %j', async (query, expected) => {
    const res = await call.list(lister.token, query as Record<string, string>);
    expect(idsOf(res)).toEqual(expected.map((i) => ids[i]));
  });

  it('filters by reason_id and by one record’s whole history', async () => {
    const byReason = await call.list(lister.token, {
      reason_id: String(await reasonId(world.db, 'duplicate')),
    });
    expect(idsOf(byReason)).toEqual([ids[2], ids[0]]);
    const byRecord = await call.list(lister.token, {
      cancelable_type: 'tour',
      cancelable_id: String(tourId),
    });
    expect(idsOf(byRecord)).toEqual([ids[4]]);
  });

  it('shows employees every client’s, liaisons only their clients’', async () => {
    const own = await cancelOrder(world, await makeOrder(world.db, world.client.clientId!));
    const all = await call.list(world.employee.token, { per_page: '100' });
    expect(idsOf(all)).toEqual(expect.arrayContaining([...ids, own]));
    const liaison = await call.list(world.liaison.token, { per_page: '100' });
    expect(idsOf(liaison)).toContain(own);
    expect(idsOf(liaison)).not.toContain(ids[0]);
    const byClient = await call.list(world.employee.token, { client_id: String(lister.clientId) });
    expect(idsOf(byClient).sort()).toEqual([...ids].sort());
    const otherClient = await call.list(world.otherClient.token);
    expect(idsOf(otherClient)).toEqual([]);
  });

  it.each([
    [{ per_page: '0' }, 'per_page', 'per_page must be at least 1'],
    [{ per_page: '101' }, 'per_page', 'per_page must be at most 100'],
    [{ page: '0' }, 'page', 'page must be at least 1'],
    [{ cancelable_id: '5' }, 'cancelable_id', 'cancelable_id needs cancelable_type'],
    [
      { cancelable_type: 'invoice' },
      'cancelable_type',
      'cancelable_type must be one of: order, tour, appointment, line_item',
    ],
    [
      { canceled_from: 'last week' },
      'canceled_from',
      'canceled_from must be a date (2026-01-05) or an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z',
    ],
    [
      { canceled_to: '2026-02-31' },
      'canceled_to',
      'canceled_to must be a date (2026-01-05) or an ISO 8601 timestamp with an offset, like 2026-01-05T12:00:00Z',
    ],
    [
      { canceled_from: '2026-02-03', canceled_to: '2026-02-01' },
      'canceled_to',
      'canceled_to must not be before canceled_from',
    ],
    [
      { canceled_from: '2026-02-04T00:00:00Z', canceled_to: '2026-02-03' },
      'canceled_to',
      'canceled_to must not be before canceled_from',
    ],
    [{ active: 'sometimes' }, 'active', 'active must be true or false'],
  ])('answers invalid-param for %j', async (query, param, message) => {
    const res = await call.list(lister.token, query);
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors).toEqual([{ param, status: 'invalid-param', message }]);
  });

  it('takes a date upper bound as its whole day, also after a timestamp lower bound of that day', async () => {
    const res = await call.list(lister.token, {
      canceled_from: '2025-12-03T09:00:00Z',
      canceled_to: '2025-12-03',
    });
    expect(res.http).toBe(200);
    expect(idsOf(res)).toEqual([ids[2]]);
  });

  it('names every offending param at once', async () => {
    const res = await call.list(lister.token, { per_page: '500', page: '-1', cancelable_id: '3' });
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'cancelable_id',
      'page',
      'per_page',
    ]);
  });
});

describe('cancelation_reasons/list', () => {
  it('lists the active reasons, filtered by type', async () => {
    const all = await call.reasons(world.client.token);
    expect(all.http).toBe(200);
    const slugs = all.body.data.cancelation_reasons.map((r: { slug: string }) => r.slug);
    expect(slugs).toEqual(expect.arrayContaining(['client-request', 'duplicate', 'weather']));
    const forAppointments = await call.reasons(world.client.token, { cancelable_type: 'appointment' });
    expect(forAppointments.body.data.cancelation_reasons.map((r: { slug: string }) => r.slug)).toEqual([
      'client-request',
      'duplicate',
      'property-unavailable',
      'weather',
    ]);
    expect(forAppointments.body.data.cancelation_reasons[3]).toEqual({
      id: await reasonId(world.db, 'weather'),
      slug: 'weather',
      text: 'Rescheduled because of the weather.',
      applicable_types: ['appointment'],
      active: true,
    });
  });

  it('includes retired reasons on request', async () => {
    await world.db
      .insertInto('cancelation_reasons')
      .values({ slug: 'zz-retired', text: 'Gone', applicable_types: ['tour'], active: false })
      .execute();
    const active = await call.reasons(world.employee.token, { cancelable_type: 'tour' });
    expect(active.body.data.cancelation_reasons.map((r: { slug: string }) => r.slug)).not.toContain(
      'zz-retired',
    );
    const all = await call.reasons(world.employee.token, {
      cancelable_type: 'tour',
      include_inactive: 'true',
    });
    expect(all.body.data.cancelation_reasons.at(-1)).toMatchObject({ slug: 'zz-retired', active: false });
  });

  it('answers invalid-param for an unknown type and invalid-token without a session', async () => {
    expect((await call.reasons(world.client.token, { cancelable_type: 'house' })).body.status).toBe(
      'invalid-param',
    );
    expect((await call.reasons('nope')).body.status).toBe('invalid-token');
  });
});
