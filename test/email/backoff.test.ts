import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/email/backoff.js';

const policy = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };

describe('retry delays', () => {
  it('double from the base until the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => retryDelayMs(attempt, policy, () => 1));
    expect(ceilings).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it('stay within the upper half of the ceiling whatever the jitter, and never pass the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = retryDelayMs(attempt, policy, () => r);
          const ceiling = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (attempt - 1));
          return delay >= ceiling / 2 && delay <= ceiling && delay <= policy.retryMaxMs;
        },
      ),
    );
  });
});
