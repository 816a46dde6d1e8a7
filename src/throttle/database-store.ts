import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { CounterWindow, ThrottleStore } from './store.js';

/** Counters in `throttle_counters`: one upsert per hit, so concurrent processes never lose a count. */
export class DatabaseThrottleStore implements ThrottleStore {
  constructor(private readonly db: Kysely<Database>) {}

  async hit(key: string, windowMs: number, now: number): Promise<CounterWindow> {
    const at = new Date(now);
    const windowOver = sql<boolean>`throttle_counters.expires_at <= ${at}`;
    const row = await this.db
      .insertInto('throttle_counters')
      .values({
        key,
        window_started_at: at,
        count: 1,
        last_hit_at: at,
        expires_at: new Date(now + windowMs),
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when ${windowOver} then 1 else throttle_counters.count + 1 end`,
          window_started_at: sql`case when ${windowOver} then excluded.window_started_at else throttle_counters.window_started_at end`,
          expires_at: sql`case when ${windowOver} then excluded.expires_at else throttle_counters.expires_at end`,
          last_hit_at: at,
        }),
      )
      .returning(['count', 'window_started_at', 'last_hit_at'])
      .executeTakeFirstOrThrow();
    return windowOf(row);
  }

  async peek(key: string, _windowMs: number, now: number): Promise<CounterWindow | null> {
    const row = await this.db
      .selectFrom('throttle_counters')
      .select(['count', 'window_started_at', 'last_hit_at'])
      .where('key', '=', key)
      .where('expires_at', '>', new Date(now))
      .executeTakeFirst();
    return row ? windowOf(row) : null;
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('throttle_counters').where('key', '=', key).execute();
  }

  async close(): Promise<void> {}
}

function windowOf(row: { count: number; window_started_at: Date; last_hit_at: Date }): CounterWindow {
  return {
    count: row.count,
    startedAt: row.window_started_at.getTime(),
    lastHitAt: row.last_hit_at.getTime(),
  };
}
