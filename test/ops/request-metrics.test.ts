import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { Metrics } from '../../src/ops/metrics.js';
import type { Database } from '../../src/schema.js';

/** Only the request series are read here; the outbox gauge (which queries) is never scraped. */
const metrics = () => new Metrics({} as Kysely<Database>, false);

describe('request metrics', () => {
  it('print as a Prometheus counter and a cumulative histogram, per route', async () => {
    const m = metrics();
    const status = m.forRoute('/api/v1/system/status');
    const other = m.forRoute('/api/v1/users/show');
    status('action-successful', 200, 0.0003);
    status('action-successful', 200, 0.0005);
    status('action-successful', 200, 0.002);
    status('invalid-param', 400, 3);
    other('invalid-token', 401, 0.01);
    const latency = await m.registry.getSingleMetricAsString('planocore_request_duration_seconds');
    const lines = latency.split('\n');
    expect(lines).toContain('# TYPE planocore_request_duration_seconds histogram');
    const route = 'route="/api/v1/system/status"';
    expect(lines).toContain(`planocore_request_duration_seconds_bucket{le="0.0005",${route}} 2`);
    expect(lines).toContain(`planocore_request_duration_seconds_bucket{le="0.001",${route}} 2`);
    expect(lines).toContain(`planocore_request_duration_seconds_bucket{le="0.0025",${route}} 3`);
    expect(lines).toContain(`planocore_request_duration_seconds_bucket{le="2.5",${route}} 3`);
    expect(lines).toContain(`planocore_request_duration_seconds_bucket{le="+Inf",${route}} 4`);
    expect(lines).toContain(`planocore_request_duration_seconds_count{${route}} 4`);
    expect(lines).toContain(`planocore_request_duration_seconds_sum{${route}} 3.0028`);
    expect(lines).toContain(
      'planocore_request_duration_seconds_bucket{le="0.01",route="/api/v1/users/show"} 1',
    );
    const requests = (await m.registry.getSingleMetricAsString('planocore_requests_total')).split('\n');
    expect(requests).toContain('# TYPE planocore_requests_total counter');
    expect(requests).toContain(`planocore_requests_total{${route},status="action-successful",code="200"} 3`);
    expect(requests).toContain(`planocore_requests_total{${route},status="invalid-param",code="400"} 1`);
    expect(requests).toContain(
      'planocore_requests_total{route="/api/v1/users/show",status="invalid-token",code="401"} 1',
    );
  });

  it('costs well under a microsecond a request', () => {
    const observe = metrics().forRoute('/api/v1/system/status');
    const n = 200_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) observe('action-successful', 200, 0.0002 + (i % 9) * 0.0003);
    const nsPerRequest = ((performance.now() - started) * 1e6) / n;
    // prom-client's labelled inc + observe took about 1.4 µs here on the shared machine.
    expect(nsPerRequest).toBeLessThan(1_000);
  });
});
