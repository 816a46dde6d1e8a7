import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCache } from '../../src/auth/session-cache.js';
import type { StoredSession } from '../../src/auth/session-store.js';
import { hashToken } from '../../src/auth/tokens.js';
import { parseChange, type Change, type ChangeFeed } from '../../src/db/change-feed.js';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

class FakeFeed implements ChangeFeed {
  live = true;
  private listener: (change: Change) => void = () => {};
  onChange(listener: (change: Change) => void): void {
    this.listener = listener;
  }
  announce(change: Change): void {
    this.listener(change);
  }
  async close(): Promise<void> {}
}

const session = (id: number, more: Partial<StoredSession> = {}) =>
  ({ id, user_id: 10 + id, acting_user_id: null, origin_session_id: null, ...more }) as StoredSession;

function setUp(ttlMs = 1_000) {
  const feed = new FakeFeed();
  let now = 0;
  const cache = new SessionCache(feed, { ttlMs, maxEntries: 3, monotonicNow: () => now });
  const put = (hash: string, s: StoredSession) => cache.store(hash, s, cache.ticket());
  return { feed, cache, put, advance: (ms: number) => (now += ms) };
}

describe('SessionCache', () => {
  it('answers what it stored until the entry is ttlMs old', () => {
    const { cache, put, advance } = setUp();
    put('h1', session(1));
    advance(999);
    expect(cache.get('h1')?.id).toBe(1);
    advance(1);
    expect(cache.get('h1')).toBeUndefined();
  });

  it('does not store a lookup that began before a change', () => {
    const { cache, feed } = setUp();
    const ticket = cache.ticket();
    feed.announce({ kind: 'session', id: 99 });
    cache.store('h1', session(1), ticket);
    expect(cache.get('h1')).toBeUndefined();
  });

  it('neither answers nor stores while the feed is down', () => {
    const { cache, feed, put } = setUp();
    put('h1', session(1));
    feed.live = false;
    expect(cache.get('h1')).toBeUndefined();
    put('h2', session(2));
    feed.live = true;
    expect(cache.get('h2')).toBeUndefined();
  });

  it('drops a session and those handed off from it; a user and those acting as them', () => {
    const { cache, feed, put } = setUp();
    put('origin', session(1));
    put('handed-off', session(2, { origin_session_id: 1 }));
    put('other', session(3));
    feed.announce({ kind: 'session', id: 1 });
    expect([cache.get('origin'), cache.get('handed-off'), cache.get('other')?.id]).toEqual([
      undefined,
      undefined,
      3,
    ]);
    put('acting', session(4, { acting_user_id: 13 }));
    cache.forgetUser(13);
    expect([cache.get('other'), cache.get('acting')]).toEqual([undefined, undefined]);
  });

  it('drops everything on `all` and keeps at most maxEntries, the oldest leaving first', () => {
    const { cache, feed, put } = setUp();
    for (const id of [1, 2, 3, 4]) put(`h${id}`, session(id));
    expect(cache.size).toBe(3);
    expect(cache.get('h1')).toBeUndefined();
    feed.announce({ kind: 'all' });
    expect(cache.size).toBe(0);
  });

  it('is off with ttlMs 0', () => {
    const { cache, put } = setUp(0);
    put('h1', session(1));
    expect(cache.get('h1')).toBeUndefined();
  });
});

describe('parseChange', () => {
  it('reads the triggers’ payloads of its own schema only; anything unknown drops everything', () => {
    expect(parseChange('public|session|12', 'public')).toEqual({ kind: 'session', id: 12 });
    expect(parseChange('public|user|7', 'public')).toEqual({ kind: 'user', id: 7 });
    expect(parseChange('public|all|', 'public')).toEqual({ kind: 'all' });
    expect(parseChange('test_a|session|12', 'public')).toBeUndefined();
    expect(parseChange('public|what|x', 'public')).toEqual({ kind: 'all' });
  });
});

describe('the server’s session cache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());
  const show = async (token: string) =>
    (await server.call('GET', '/api/v1/sessions/show', { query: { token } })).body.status;

  it('answers a signed-in request from the cache, and forgets a session changed in SQL', async () => {
    const { token } = await signedIn(server, 'employee');
    const sessions = server.app.context.sessions;
    expect(await show(token)).toBe('action-successful');
    expect(sessions.get(hashToken(token))).toBeDefined();
    await server.app.context.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(), revoked_reason: 'operator' })
      .where('token_hash', '=', hashToken(token))
      .execute();
    // The database announced it (migration 0060): through the listening connection on PostgreSQL,
    // in-process on the embedded database.
    await expect.poll(() => sessions.get(hashToken(token)), { timeout: 100, interval: 5 }).toBeUndefined();
    expect(await show(token)).toBe('invalid-token');
  });
});
