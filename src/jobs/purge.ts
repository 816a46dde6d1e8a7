import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../auth/session-policy.js';
import type { Clock } from '../clock.js';
import type { PurgeConfig } from '../config.js';
import type { Database } from '../schema.js';

export interface PurgeCounts {
  /** Ended sessions (their hand-off sessions and codes go with them, by cascade). */
  readonly sessions: number;
  /** Hand-off codes used or expired. */
  readonly xsoGrants: number;
  /** Sent, failed or rejected emails. */
  readonly emails: number;
  /** Throttle windows that are over. */
  readonly throttleCounters: number;
}

/** Each kind of row the job deletes: which table, and the condition of a row that may go. */
function targets(now: Date, config: PurgeConfig) {
  const before = (retentionMs: number) => new Date(now.getTime() - retentionMs);
  const sessionsEnded = before(config.sessionRetentionMs);
  return {
    sessions: {
      table: 'sessions',
      key: 'id',
      where: sql`revoked_at < ${sessionsEnded}
        or (not remember_me and (created_at < ${new Date(sessionsEnded.getTime() - SESSION_ABSOLUTE_MS)}
          or last_used_at < ${new Date(sessionsEnded.getTime() - SESSION_IDLE_MS)}))`,
    },
    xsoGrants: {
      table: 'xso_grants',
      key: 'id',
      where: sql`expires_at < ${before(config.xsoRetentionMs)} or redeemed_at < ${before(config.xsoRetentionMs)}`,
    },
    emails: {
      table: 'email_outbox',
      key: 'id',
      where: sql`status in ('sent', 'failed', 'rejected') and updated_at < ${before(config.emailRetentionMs)}`,
    },
    throttleCounters: { table: 'throttle_counters', key: 'key', where: sql`expires_at <= ${now}` },
  } as const;
}

/**
 * Deletes what no rule needs any more, in batches of `batchSize` rows, each batch one short
 * statement. Rows are picked `FOR UPDATE SKIP LOCKED`: a row a request holds is left for the next
 * round, and jobs on several server processes delete disjoint rows (each row is counted once, by
 * the job that deleted it), so every process may run it.
 */
export async function purgeOnce(db: Kysely<Database>, now: Date, config: PurgeConfig): Promise<PurgeCounts> {
  const counts: Record<string, number> = {};
  for (const [name, target] of Object.entries(targets(now, config))) {
    counts[name] = 0;
    for (;;) {
      const result = await sql`delete from ${sql.table(target.table)} where ${sql.ref(target.key)} in (
          select ${sql.ref(target.key)} from ${sql.table(target.table)} where ${target.where}
          limit ${config.batchSize} for update skip locked)`.execute(db);
      const deleted = Number(result.numAffectedRows ?? 0);
      counts[name] += deleted;
      if (deleted < config.batchSize) break;
    }
  }
  return counts as unknown as PurgeCounts;
}

/** Runs purgeOnce every `intervalMs` (first run one interval after start) and logs the counts. */
export class PurgeJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    private readonly config: PurgeConfig,
  ) {}

  async runOnce(): Promise<PurgeCounts> {
    const started = performance.now();
    const purged = await purgeOnce(this.db, this.clock.now(), this.config);
    this.log.info({ purged, ms: Math.round(performance.now() - started) }, 'purge: old rows deleted');
    return purged;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.log.error({ err }, 'purge failed; tried again next interval'))
        .finally(() => (this.running = null));
    }, this.config.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
