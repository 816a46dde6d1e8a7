import { Redis } from 'ioredis';
import type { CounterWindow, ThrottleStore } from './store.js';

/**
 * One hit, atomically: a hash of start, count and last hit per key. The window is judged by the
 * app's clock (ARGV), not Redis's, so every process agrees with its own time rules; the key's TTL
 * only lets Redis forget windows that are over.
 */
const HIT = `
local start = tonumber(redis.call('HGET', KEYS[1], 's'))
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local count
if start == nil or start + window <= now then
  start = now
  count = 1
  redis.call('HSET', KEYS[1], 's', start, 'c', 1, 'l', now)
else
  count = redis.call('HINCRBY', KEYS[1], 'c', 1)
  redis.call('HSET', KEYS[1], 'l', now)
end
redis.call('PEXPIRE', KEYS[1], window)
return { count, start, now }
`;

/** Counters in Redis (REDIS_URL), shared by every process that uses the same Redis and prefix. */
export class RedisThrottleStore implements ThrottleStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // Fail a throttle check at once rather than queueing it while Redis is away.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', () => {
      // Each command that fails rejects on its own; the client reconnects by itself.
    });
  }

  /** Connects, so a wrong REDIS_URL stops the server at start rather than at the first sign-in. */
  async connect(): Promise<this> {
    await this.redis.connect();
    return this;
  }

  async hit(key: string, windowMs: number, now: number): Promise<CounterWindow> {
    const [count, startedAt, lastHitAt] = (await this.redis.eval(
      HIT,
      1,
      this.prefix + key,
      String(now),
      String(windowMs),
    )) as [number, number, number];
    return { count, startedAt, lastHitAt };
  }

  async peek(key: string, windowMs: number, now: number): Promise<CounterWindow | null> {
    const fields = await this.redis.hgetall(this.prefix + key);
    if (fields.s === undefined || fields.c === undefined || fields.l === undefined) return null;
    const startedAt = Number(fields.s);
    if (startedAt + windowMs <= now) return null;
    return { count: Number(fields.c), startedAt, lastHitAt: Number(fields.l) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
