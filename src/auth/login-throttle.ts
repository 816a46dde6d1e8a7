import type { Clock } from '../clock.js';
import type { AddressLimit, ThrottleLimits } from '../config.js';
import { ApiError } from '../protocol/errors.js';
import { throttleAddressKey } from '../throttle/address-key.js';
import { counterKey, type CounterWindow, type ThrottleStore } from '../throttle/store.js';

/** The wait before the next attempt on an account that failed `failures` times in the window. */
export function accountDelayMs(failures: number, limits: ThrottleLimits): number {
  if (failures < limits.accountSlowdownAfter) return 0;
  const doublings = Math.min(30, failures - limits.accountSlowdownAfter);
  return Math.min(limits.accountMaxDelayMs, 1_000 * 2 ** doublings);
}

/**
 * Sign-in throttling, as OWASP's authentication cheat sheet, Auth0's brute-force protection and
 * Keycloak's lockout do it, so that nobody can lock an owner out:
 * - per account and address: after `perAccountAndIp` unsuccessful attempts that address is refused
 *   for that account until the window ends; the owner signing in from elsewhere is not affected;
 * - per account, across all addresses: past `accountSlowdownAfter` failures each attempt must wait
 *   a delay doubling up to `accountMaxDelayMs` (a distributed guesser gets one guess a minute, the
 *   owner waits at most that long, never a window);
 * - per address: `perIp` attempts of any kind (spraying many accounts from one address).
 * A success resets the account's counters. The counters live in a ThrottleStore shared by every
 * server process (the database, or Redis), so the limits hold for the whole deployment.
 */
export class LoginThrottle {
  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits,
    private readonly store: ThrottleStore,
    /** Told of each refused attempt (the metrics count them). */
    private readonly onRefusal: (scope: 'account' | 'address') => void = () => undefined,
  ) {}

  /**
   * Counts this attempt and throws `rate-limit-exceeded` when a limit is spent. The attempt counts
   * against its account and address before the password is checked, so concurrent guesses (on any
   * process) cannot slip past the limit; a success takes it back.
   */
  async admit(email: string, clientAddress: string): Promise<void> {
    const ip = throttleAddressKey(clientAddress);
    const now = this.clock.now().getTime();
    const { windowMs } = this.limits;
    const address = await this.store.hit(counterKey('login-ip', ip), windowMs, now);
    if (address.count > this.limits.perIp) throw this.refuse('address', windowEnd(address, windowMs) - now);
    const pair = await this.store.hit(pairKey(email, ip), windowMs, now);
    if (pair.count > this.limits.perAccountAndIp)
      throw this.refuse('account', windowEnd(pair, windowMs) - now);
    const account = await this.store.peek(accountKey(email), windowMs, now);
    const waitUntil = account ? account.lastHitAt + accountDelayMs(account.count, this.limits) : 0;
    if (waitUntil > now) throw this.refuse('account', waitUntil - now);
  }

  private refuse(scope: 'account' | 'address', retryAfterMs: number): ApiError {
    this.onRefusal(scope);
    return refused(retryAfterMs);
  }

  async recordFailure(email: string): Promise<void> {
    await this.store.hit(accountKey(email), this.limits.windowMs, this.clock.now().getTime());
  }

  async recordSuccess(email: string, clientAddress: string): Promise<void> {
    const ip = throttleAddressKey(clientAddress);
    await Promise.all([this.store.reset(pairKey(email, ip)), this.store.reset(accountKey(email))]);
  }
}

/** Throttles a public route per client address (registration, password-reset requests). */
export class AddressThrottle {
  constructor(
    private readonly clock: Clock,
    private readonly store: ThrottleStore,
  ) {}

  async admit(scope: string, ip: string, limit: AddressLimit): Promise<void> {
    const now = this.clock.now().getTime();
    const window = await this.store.hit(counterKey(scope, throttleAddressKey(ip)), limit.windowMs, now);
    if (window.count > limit.perIp) throw refused(windowEnd(window, limit.windowMs) - now);
  }
}

const normalized = (email: string) => email.trim().toLowerCase();
const accountKey = (email: string) => counterKey('login-account', normalized(email));
const pairKey = (email: string, ip: string) => counterKey('login-account-ip', normalized(email), ip);
const windowEnd = (window: CounterWindow, windowMs: number) => window.startedAt + windowMs;

function refused(retryAfterMs: number): ApiError {
  return new ApiError('rate-limit-exceeded', 'Too many attempts; try again later.', [], {
    retry_after_seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });
}
