import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { recordNotification, type NewNotification } from '../../src/notifications/notifications.js';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let employee: Awaited<ReturnType<typeof signedIn>>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  server = await startTestServer();
  employee = await signedIn(server, 'employee');
  const feed: [string, NewNotification][] = [
    [
      'rejected',
      { kind: 'email-rejected', severity: 'error', message: 'rejected one', context: { email_id: 1 } },
    ],
    [
      'failed',
      { kind: 'email-failed', severity: 'critical', message: 'failed one', context: { email_id: 2 } },
    ],
    [
      'route1',
      { kind: 'mandrill-email-failed', severity: 'error', message: 'route one', context: { email_id: 3 } },
    ],
    [
      'route2',
      { kind: 'mandrill-email-failed', severity: 'warning', message: 'route two', context: { email_id: 4 } },
    ],
    [
      'route3',
      { kind: 'mandrill-email-failed', severity: 'error', message: 'route three', context: { email_id: 5 } },
    ],
  ];
  for (const [name, notification] of feed) {
    server.clock.advance(MINUTE);
    ids[name] = (await recordNotification(server.app.context.db, notification, server.clock.now())).id;
  }
});
afterAll(async () => server?.close());

const list = (query: Record<string, string> = {}, token = employee.token) =>
  server.call('GET', '/api/v1/notifications/list', { query: { token, ...query } });
const acknowledge = (id: number, token = employee.token) =>
  server.call('POST', '/api/v1/notifications/acknowledge', { json: { token, id } });

describe('notifications/list', () => {
  it('lists the feed newest first, for employees', async () => {
    const res = await list();
    expect(res.body.status).toBe('action-successful');
    const { notifications, next_before_id, unacknowledged_count } = res.body.data;
    expect(notifications.map((n: { id: number }) => n.id)).toEqual(
      ['route3', 'route2', 'route1', 'failed', 'rejected'].map((k) => ids[k]),
    );
    expect(notifications[0]).toEqual({
      id: ids.route3,
      kind: 'mandrill-email-failed',
      severity: 'error',
      message: 'route three',
      context: { email_id: 5 },
      created_at: expect.stringMatching(/^2026-01-05T12:05:00/),
      acknowledged_by: null,
      acknowledged_by_name: null,
      acknowledged_at: null,
    });
    expect(next_before_id).toBeNull();
    expect(unacknowledged_count).toBe(5);
  });

  it('filters by kind and severity', async () => {
    const byKind = await list({ kind: 'mandrill-email-failed' });
    expect(byKind.body.data.notifications.map((n: { id: number }) => n.id)).toEqual([
      ids.route3,
      ids.route2,
      ids.route1,
    ]);
    const bySeverity = await list({ kind: 'mandrill-email-failed', severity: 'warning' });
    expect(bySeverity.body.data.notifications.map((n: { id: number }) => n.id)).toEqual([ids.route2]);
    const unknownKind = await list({ kind: 'nonsense' });
    expect(unknownKind.body.status).toBe('invalid-param');
  });

  it('pages with before_id until next_before_id is null', async () => {
    const seen: number[] = [];
    let before: number | null | undefined;
    let pages = 0;
    do {
      const res = await list({ limit: '2', ...(before ? { before_id: String(before) } : {}) });
      seen.push(...res.body.data.notifications.map((n: { id: number }) => n.id));
      before = res.body.data.next_before_id;
      pages += 1;
    } while (before !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['route3', 'route2', 'route1', 'failed', 'rejected'].map((k) => ids[k]));
  });

  it('rejects a limit out of range', async () => {
    for (const limit of ['0', '101']) {
      const res = await list({ limit });
      expect(res.http).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ param: 'limit', status: 'invalid-param' })]);
    }
  });

  it('is for employees only', async () => {
    const client = await signedIn(server, 'client');
    const asClient = await list({}, client.token);
    expect(asClient.http).toBe(403);
    expect(asClient.body.status).toBe('permission-denied');
    const asLiaison = await acknowledge(ids.rejected!, (await signedIn(server, 'liaison')).token);
    expect(asLiaison.http).toBe(403);
    const anonymous = await server.call('GET', '/api/v1/notifications/list');
    expect(anonymous.body.status).toBe('missing-param');
    const bogus = await list({}, 'ps_not-a-token');
    expect(bogus.body.status).toBe('invalid-token');
  });
});

describe('notifications/acknowledge', () => {
  it('records who acknowledged and when, once', async () => {
    server.clock.advance(MINUTE);
    const acknowledgedAt = server.clock.now().toISOString();
    const res = await acknowledge(ids.failed!);
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.notification).toMatchObject({
      id: ids.failed,
      acknowledged_by: employee.userId,
      acknowledged_by_name: expect.stringMatching(/^Test User/),
      acknowledged_at: acknowledgedAt,
    });

    const other = await signedIn(server, 'employee');
    server.clock.advance(MINUTE);
    const again = await acknowledge(ids.failed!, other.token);
    expect(again.body.data.notification).toMatchObject({
      acknowledged_by: employee.userId,
      acknowledged_at: acknowledgedAt,
    });

    const unacknowledged = await list({ acknowledged: 'false' });
    expect(unacknowledged.body.data.notifications.map((n: { id: number }) => n.id)).not.toContain(ids.failed);
    expect(unacknowledged.body.data.unacknowledged_count).toBe(4);
    const acknowledged = await list({ acknowledged: 'true' });
    expect(acknowledged.body.data.notifications.map((n: { id: number }) => n.id)).toEqual([ids.failed]);
  });

  it('names an unknown id', async () => {
    const res = await acknowledge(999_999);
    expect(res.http).toBe(400);
    expect(res.body).toMatchObject({
      status: 'invalid-param',
      errors: [{ param: 'id', status: 'invalid-param' }],
    });
  });
});

describe('recordNotification', () => {
  it('records a notification once per dedupe key', async () => {
    const db = server.app.context.db;
    const notification: NewNotification = {
      kind: 'email-failed',
      severity: 'critical',
      message: 'dedupe me',
      dedupeKey: 'email_outbox:77:email-failed',
    };
    const first = await recordNotification(db, notification, server.clock.now());
    const second = await recordNotification(db, { ...notification, message: 'again' }, server.clock.now());
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const rows = await db
      .selectFrom('notifications')
      .select('message')
      .where('dedupe_key', '=', notification.dedupeKey!)
      .execute();
    expect(rows).toEqual([{ message: 'dedupe me' }]);
  });
});
