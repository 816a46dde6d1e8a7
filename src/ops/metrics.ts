import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SendOutcome } from '../email/mandrill-client.js';
import { EMAIL_STATUSES } from '../email/tables.js';
import type { Database } from '../schema.js';

/** Seconds; from a sub-millisecond public route to a slow argon2 sign-in or a stalled database. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export type ThrottleScope = 'account' | 'address';

/** Counts one request of a route: its status slug, HTTP code and time to the reply. */
export type RequestObserver = (status: string, httpCode: number, seconds: number) => void;

/**
 * The server's Prometheus metrics, on a registry of its own (two servers in one test process
 * keep their counts apart). `/metrics` serves `text()`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'planocore_requests_total',
    help: 'Requests answered by a route record, by route, status slug and HTTP code',
    labelNames: ['route', 'status', 'code'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'planocore_request_duration_seconds',
    help: 'Time from the request’s arrival to its reply, by route',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly mandrill = new Counter({
    name: 'planocore_mandrill_sends_total',
    help: 'Sends to Mandrill by outcome: accepted, rejected, retryable (HTTP error, timeout, network)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly throttle = new Counter({
    name: 'planocore_sign_in_throttle_refusals_total',
    help: 'Sign-in attempts refused by the throttle, by what ran out (account failures, address attempts)',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });

  /** `collectDefaults: false` leaves out Node's collectors (event-loop lag and the rest). */
  constructor(db: Kysely<Database>, collectDefaults = true) {
    if (collectDefaults) {
      collectDefaultMetrics({
        register: this.registry,
        prefix: 'planocore_',
        eventLoopMonitoringPrecision: 10,
      });
    }
    new Gauge({
      name: 'planocore_email_outbox_rows',
      help: 'Rows of email_outbox by status (read from the database at each scrape)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await db
          .selectFrom('email_outbox')
          .select((eb) => ['status', eb.fn.countAll<number>().as('rows')])
          .groupBy('status')
          .execute();
        for (const status of EMAIL_STATUSES) {
          this.set({ status }, Number(rows.find((row) => row.status === status)?.rows ?? 0));
        }
      },
    });
    for (const outcome of ['accepted', 'rejected', 'retryable'] as const)
      this.mandrill.labels(outcome).inc(0);
    for (const scope of ['account', 'address'] as const) this.throttle.labels(scope).inc(0);
  }

  /**
   * The observer of one route's requests, made once per route: label children are looked up by
   * status once and kept, so a request costs a map lookup, an increment and a bucket search.
   */
  forRoute(route: string): RequestObserver {
    const latency = this.latency.labels(route);
    const counters = new Map<string, Counter.Internal>();
    return (status, httpCode, seconds) => {
      const key = `${status} ${httpCode}`;
      let counter = counters.get(key);
      if (counter === undefined) {
        counter = this.requests.labels(route, status, String(httpCode));
        counters.set(key, counter);
      }
      counter.inc();
      latency.observe(seconds);
    };
  }

  mandrillOutcome(outcome: SendOutcome): void {
    // Without a key nothing is sent, so there is no outcome to count.
    if (outcome.kind !== 'unconfigured') this.mandrill.labels(outcome.kind).inc();
  }

  /** Others may count refusals too (a throttle kept elsewhere): one call per refused attempt. */
  signInThrottled(scope: ThrottleScope): void {
    this.throttle.labels(scope).inc();
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
