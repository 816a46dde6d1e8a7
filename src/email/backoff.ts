export interface BackoffPolicy {
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed ones: `base·2^(attempt-1)` capped at
 * `max`, then "equal jitter" (somewhere in the upper half) so a burst of failures does not retry
 * in lockstep. `random` returns [0, 1).
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
