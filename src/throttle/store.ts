import { createHash } from 'node:crypto';

/** One counter's current fixed window. Times are epoch milliseconds of the app's clock. */
export interface CounterWindow {
  readonly count: number;
  readonly startedAt: number;
  readonly lastHitAt: number;
}

/**
 * Where attempt counters live. Every server process on one database (or one Redis) shares them, so
 * a limit holds for the whole deployment, not per process. Each call is atomic on its own.
 */
export interface ThrottleStore {
  /** Counts one hit in the key's window (a new window when the last one is over) and returns it. */
  hit(key: string, windowMs: number, now: number): Promise<CounterWindow>;
  /** The key's window, or null when there is none or it is over. */
  peek(key: string, windowMs: number, now: number): Promise<CounterWindow | null>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

/** A counter key: its scope in the clear, its subject (email, address) only as a hash. */
export function counterKey(scope: string, ...subject: string[]): string {
  const digest = createHash('sha256').update(subject.join('\n')).digest('base64url').slice(0, 32);
  return `${scope}:${digest}`;
}
