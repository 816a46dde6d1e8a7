import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { metricsEnabled: false } });
});
afterAll(async () => server?.close());

describe('METRICS_ENABLED=false', () => {
  it('is read from the environment, true by default', () => {
    expect(loadConfig({}).metricsEnabled).toBe(true);
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
  });

  it('serves no /metrics and counts nothing, while the routes answer as usual', async () => {
    expect((await server.call('GET', '/api/v1/system/status')).body.status).toBe('action-successful');
    const res = await server.call('GET', '/metrics');
    expect(res.body.status).toBe('route-non-existent');
    expect(await server.app.metrics.text()).not.toContain('planocore_requests_total{');
    expect(await server.app.metrics.text()).not.toContain('nodejs_eventloop_lag');
  });
});
