import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { EmailDeliveryConfig } from '../config.js';
import type { Database } from '../schema.js';
import type { DeliveryResult, EmailDelivery } from './delivery.js';
import { CLAIMED_COLUMNS, type ClaimedEmail } from './outbox.js';
import { eraseExpiredSecrets } from './secrets.js';

export interface RunSummary {
  readonly claimed: number;
  readonly sent: number;
  /** Failed this time, queued again for a later attempt. */
  readonly retrying: number;
  readonly rejected: number;
  readonly failed: number;
  /** Claims that ran out before their result could be written (another worker has the row). */
  readonly lost: number;
  /** Secrets of emails past their send_before erased this round. */
  readonly erased: number;
  readonly results: readonly DeliveryResult[];
}

export interface WorkerDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
  readonly delivery: EmailDelivery;
  readonly config: Pick<EmailDeliveryConfig, 'leaseMs' | 'pollIntervalMs' | 'batchSize' | 'concurrency'>;
}

/**
 * Sends the outbox. Each round claims due rows in one statement (`FOR UPDATE SKIP LOCKED`, so
 * workers in several processes never take the same row), sends them outside any transaction and
 * records each result. A claim is a lease: a row whose worker died mid-send is claimed again once
 * `locked_until` passes, so a restart loses nothing (at worst the email is sent twice).
 */
export class EmailWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly deps: WorkerDeps) {}

  /**
   * One round: erase the secrets of expired emails, then claim up to `batchSize` due emails and
   * attempt each. Without a Mandrill API key nothing is claimed (nothing could be sent); the
   * erasing goes on. Tests drive the worker with this.
   */
  async runOnce(limit = this.deps.config.batchSize): Promise<RunSummary> {
    const erased = await eraseExpiredSecrets(this.deps.db, this.deps.clock.now());
    const claimed = this.deps.delivery.canSend ? await this.claimDue(limit) : [];
    const results = await mapConcurrently(claimed, this.deps.config.concurrency, (email) =>
      this.deliver(email),
    );
    const count = (status: string) => results.filter((r) => r.recorded && r.status === status).length;
    return {
      claimed: claimed.length,
      sent: count('sent'),
      retrying: count('queued'),
      rejected: count('rejected'),
      failed: count('failed'),
      lost: results.filter((r) => !r.recorded).length,
      erased,
      results,
    };
  }

  /** Attempts one claimed email and records the result; a failure to record is logged, not thrown. */
  async deliver(email: ClaimedEmail): Promise<DeliveryResult> {
    try {
      return await this.deps.delivery.deliver(email, { kind: 'worker' });
    } catch (err) {
      // Its lease runs out and a later round tries again.
      this.deps.log.error({ err, emailId: email.id }, 'email delivery could not be recorded');
      return {
        emailId: email.id,
        status: 'sending',
        outcome: null,
        nextAttemptAt: null,
        recorded: false,
        notificationId: null,
      };
    }
  }

  /** Claims due rows: queued ones whose time has come, and `sending` ones whose lease ran out. */
  async claimDue(limit: number): Promise<ClaimedEmail[]> {
    const now = this.deps.clock.now();
    const lockToken = randomUUID();
    const rows = await this.deps.db
      .updateTable('email_outbox')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        locked_until: new Date(now.getTime() + this.deps.config.leaseMs),
        lock_token: lockToken,
        updated_at: now,
      }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('email_outbox')
          .select('id')
          .where('status', 'in', ['queued', 'sending'])
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'queued'), w('next_attempt_at', '<=', now)]),
              w.and([w('status', '=', 'sending'), w('locked_until', '<=', now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning([...CLAIMED_COLUMNS])
      .execute();
    return rows.map((row) => ({ ...row, lock_token: lockToken })).sort((a, b) => a.id - b.id);
  }

  /** Runs rounds until stopped: straight on while there is a backlog, else every `pollIntervalMs`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the round in progress (sends in flight finish or time out) has been recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async run(): Promise<void> {
    const { batchSize, pollIntervalMs } = this.deps.config;
    while (this.running) {
      let backlog = false;
      try {
        backlog = (await this.runOnce()).claimed >= batchSize;
      } catch (err) {
        this.deps.log.error({ err }, 'email worker round failed');
      }
      if (!backlog && this.running) await this.pause(pollIntervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * A lease is counted from the claim, and a round's last email may wait for the ones before it:
 * the lease must outlast the slowest round, or a live worker's rows would be claimed twice.
 */
export function assertLeaseOutlastsRound(
  email: Pick<EmailDeliveryConfig, 'leaseMs' | 'batchSize' | 'concurrency'>,
  timeoutMs: number,
): void {
  const slowestRoundMs = Math.ceil(email.batchSize / Math.max(1, email.concurrency)) * timeoutMs;
  if (email.leaseMs <= slowestRoundMs) {
    throw new Error(
      `EMAIL_LEASE_MS (${email.leaseMs}) must exceed the slowest round, ${slowestRoundMs} ms (batch / concurrency × MANDRILL_TIMEOUT_MS)`,
    );
  }
}
