import type { Change, ChangeFeed } from '../db/change-feed.js';
import type { StoredSession } from './session-store.js';

interface Entry {
  readonly session: StoredSession;
  readonly storedAt: number;
}

export interface SessionCacheOptions {
  /** How long an entry may answer before it is read again; 0 turns the cache off. */
  readonly ttlMs: number;
  readonly maxEntries?: number;
  /** Milliseconds on a clock that only goes forward (tests pass their own). */
  readonly monotonicNow?: () => number;
}

/**
 * FAST PATH (issue 19). The sessions this process looked up lately, by token hash, so a signed-in
 * request skips the session lookup, which cost as much as the request's own work: in `npm run
 * bench` (b) on PostgreSQL it took the server from 295 to … µs of CPU per request (see README,
 * "Session cache").
 *
 * What keeps it honest: every change to a session row, a user's role records or applications is
 * announced by the database (migration 0060) and drops what it concerns, in every process; while
 * the announcing connection is down nothing is answered from or added to the cache; a lookup that
 * began before a change is not stored after it (the generation check); and entries live
 * `ttlMs` at most. Expiry (7 days, 72 h idle, origin) is still decided on every request, from the
 * cached times. Writes this process makes call `forget…` as well, so its own next request never
 * waits for the announcement.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Token hashes by session id, origin session id and user id (own or acting), for `forget…`. */
  private readonly bySession = new KeyIndex();
  private readonly byUser = new KeyIndex();
  private generation = 0;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly options: SessionCacheOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.monotonicNow ?? (() => performance.now());
    feed.onChange((change) => this.apply(change));
  }

  private get usable(): boolean {
    return this.options.ttlMs > 0 && this.feed.live;
  }

  get(tokenHash: string): StoredSession | undefined {
    if (!this.usable) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.options.ttlMs) {
      this.delete(tokenHash);
      return undefined;
    }
    return entry.session;
  }

  /** Taken before a lookup and handed to `store`, which refuses it if anything changed meanwhile. */
  ticket(): number {
    return this.generation;
  }

  store(tokenHash: string, session: StoredSession, ticket: number): void {
    if (!this.usable || ticket !== this.generation) return;
    this.delete(tokenHash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    this.entries.set(tokenHash, { session, storedAt: this.now() });
    this.bySession.add(session.id, tokenHash);
    if (session.origin_session_id !== null) this.bySession.add(session.origin_session_id, tokenHash);
    this.byUser.add(session.user_id, tokenHash);
    if (session.acting_user_id !== null) this.byUser.add(session.acting_user_id, tokenHash);
  }

  /** The session and every session handed off from it (their origin's state is part of them). */
  forgetSession(id: number): void {
    this.generation++;
    for (const hash of this.bySession.take(id)) this.delete(hash);
  }

  /** Every session of the user, and every session acting as them. */
  forgetUser(userId: number): void {
    this.generation++;
    for (const hash of this.byUser.take(userId)) this.delete(hash);
  }

  /** Everything (an application's role changed). */
  forgetAll(): void {
    this.apply({ kind: 'all' });
  }

  get size(): number {
    return this.entries.size;
  }

  private apply(change: Change): void {
    if (change.kind === 'session') this.forgetSession(change.id);
    else if (change.kind === 'user') this.forgetUser(change.id);
    else {
      this.generation++;
      this.entries.clear();
      this.bySession.clear();
      this.byUser.clear();
    }
  }

  private delete(tokenHash: string): void {
    const entry = this.entries.get(tokenHash);
    if (!entry) return;
    this.entries.delete(tokenHash);
    const s = entry.session;
    this.bySession.remove(s.id, tokenHash);
    if (s.origin_session_id !== null) this.bySession.remove(s.origin_session_id, tokenHash);
    this.byUser.remove(s.user_id, tokenHash);
    if (s.acting_user_id !== null) this.byUser.remove(s.acting_user_id, tokenHash);
  }
}

/** Token hashes under a number, several per number. */
class KeyIndex {
  private readonly map = new Map<number, Set<string>>();

  add(key: number, hash: string): void {
    let set = this.map.get(key);
    if (!set) this.map.set(key, (set = new Set()));
    set.add(hash);
  }

  remove(key: number, hash: string): void {
    const set = this.map.get(key);
    if (!set) return;
    set.delete(hash);
    if (set.size === 0) this.map.delete(key);
  }

  /** The hashes under `key`, a copy, so the caller may delete while going through them. */
  take(key: number): string[] {
    return [...(this.map.get(key) ?? [])];
  }

  clear(): void {
    this.map.clear();
  }
}
