import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
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
  /** Each route's requests, counted in plain fields; the scrape reads them (`requestMetrics`). */
  private readonly routes = new Map<string, RouteStats>();
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
    for (const metric of requestMetrics(this.routes)) this.registry.registerMetric(metric);
    for (const outcome of ['accepted', 'rejected', 'retryable'] as const)
      this.mandrill.labels(outcome).inc(0);
    for (const scope of ['account', 'address'] as const) this.throttle.labels(scope).inc(0);
  }

  /**
   * The observer of one route's requests, made once per route. A request costs a map lookup, two
   * increments and a search of twelve bucket bounds: prom-client's labelled `inc`/`observe` hash
   * their labels on every call (about 1 µs a request, several per cent of a trivial route), so
   * the counts live in plain fields and are turned into samples only when /metrics is scraped.
   */
  forRoute(route: string): RequestObserver {
    let stats = this.routes.get(route);
    if (stats === undefined) this.routes.set(route, (stats = new RouteStats()));
    const { outcomes, buckets } = stats;
    const owner = stats;
    return (status, httpCode, seconds) => {
      const key = httpCode * 1_000_000 + statusIndex(status);
      const outcome = outcomes.get(key);
      if (outcome === undefined) outcomes.set(key, { status, code: String(httpCode), count: 1 });
      else outcome.count += 1;
      let i = 0;
      while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]!) i++;
      buckets[i]! += 1;
      owner.sum += seconds;
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

/** One route's requests: by status slug and HTTP code, and a latency histogram (per-bucket counts). */
class RouteStats {
  readonly outcomes = new Map<number, { readonly status: string; readonly code: string; count: number }>();
  /** Requests per bucket (not cumulative); the last one is beyond the largest bound (+Inf). */
  readonly buckets = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
  sum = 0;
}

/** A small number per status slug, for the outcome map's numeric key (slugs are few). */
const statusIndexes = new Map<string, number>();
function statusIndex(status: string): number {
  let index = statusIndexes.get(status);
  if (index === undefined) statusIndexes.set(status, (index = statusIndexes.size));
  return index;
}

type Sample = { metricName?: string; labels: Record<string, string | number>; value: number };

/**
 * `planocore_requests_total` and `planocore_request_duration_seconds` as prom-client metrics whose
 * samples are read from the routes' plain counts at each scrape (what a Counter and a Histogram
 * would print).
 */
function requestMetrics(routes: ReadonlyMap<string, RouteStats>): Metric[] {
  const metric = (name: string, help: string, type: 'counter' | 'histogram', values: () => Sample[]) =>
    ({
      name,
      help,
      type,
      aggregator: 'sum',
      get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => undefined,
    }) as unknown as Metric;
  const requests = metric(
    'planocore_requests_total',
    'Requests answered by a route record, by route, status slug and HTTP code',
    'counter',
    () =>
      [...routes].flatMap(([route, stats]) =>
        [...stats.outcomes.values()].map((o) => ({
          labels: { route, status: o.status, code: o.code },
          value: o.count,
        })),
      ),
  );
  const name = 'planocore_request_duration_seconds';
  const latency = metric(name, 'Time from the request’s arrival to its reply, by route', 'histogram', () =>
    [...routes].flatMap(([route, stats]) => {
      let cumulative = 0;
      const samples: Sample[] = stats.buckets.map((n, i) => {
        cumulative += n;
        return {
          metricName: `${name}_bucket`,
          labels: { le: i < LATENCY_BUCKETS.length ? LATENCY_BUCKETS[i]! : '+Inf', route },
          value: cumulative,
        };
      });
      samples.push({ metricName: `${name}_sum`, labels: { route }, value: stats.sum });
      samples.push({ metricName: `${name}_count`, labels: { route }, value: cumulative });
      return samples;
    }),
  );
  return [requests, latency];
}
