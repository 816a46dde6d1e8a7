import type { Clock } from '../clock.js';
import { ApiError } from '../protocol/errors.js';

export interface ThrottleLimits {
  /** Failed sign-ins allowed per account within the window. */
  readonly perAccount: number;
  /** Sign-in attempts allowed per client address within the window. */
  readonly perIp: number;
  readonly windowMs: number;
}

/** At most this many keys are remembered; the oldest windows are forgotten first. */
const MAX_KEYS = 100_000;

/**
 * Counts sign-in attempts in fixed windows, per account (failures only, so an attacker cannot lock
 * an owner out by guessing faster than the owner signs in) and per address (every attempt).
 * Kept in process memory: one instance per server process.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits,
    /** Told of each refused attempt (the metrics count them). */
    private readonly onRefusal: (scope: 'account' | 'address') => void = () => undefined,
  ) {}

  /** Counts this attempt against the address and throws when either limit is spent. */
  admit(email: string, ip: string): void {
    const ipKey = `ip:${ip}`;
    this.assertBelow(`account:${email.toLowerCase()}`, this.limits.perAccount, 'account');
    this.assertBelow(ipKey, this.limits.perIp, 'address');
    this.increment(ipKey);
  }

  recordFailure(email: string): void {
    this.increment(`account:${email.toLowerCase()}`);
  }

  recordSuccess(email: string): void {
    this.windows.delete(`account:${email.toLowerCase()}`);
  }

  private assertBelow(key: string, limit: number, scope: 'account' | 'address'): void {
    const window = this.current(key);
    if (window && window.count >= limit) {
      this.onRefusal(scope);
      const retryAfterMs = window.startedAt + this.limits.windowMs - this.clock.now().getTime();
      throw new ApiError('rate-limit-exceeded', 'Too many sign-in attempts; try again later.', [], {
        retry_after_seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
      });
    }
  }

  private increment(key: string): void {
    const window = this.current(key);
    if (window) {
      window.count += 1;
      return;
    }
    if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(key, { startedAt: this.clock.now().getTime(), count: 1 });
  }

  private current(key: string) {
    const window = this.windows.get(key);
    if (window && this.clock.now().getTime() - window.startedAt >= this.limits.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
