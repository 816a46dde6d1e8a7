import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { encodeSensitive } from '../helpers/server.js';
import { queueTestEmail, startEmailTestServer, type EmailTestServer } from '../helpers/email.js';

const TOKEN = 'metrics-token-for-tests';
let server: EmailTestServer;
beforeAll(async () => {
  server = await startEmailTestServer({
    config: {
      metricsToken: TOKEN,
      loginThrottle: { ...loadConfig({}).loginThrottle, perIp: 1, windowMs: 60_000 },
    },
  });
});
afterAll(async () => server?.close());

async function scrape(headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/metrics`, { headers });
  return { http: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample line, by its exact name and labels. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('counts requests by route, status slug and HTTP code, with latency histograms by route', async () => {
    await server.call('GET', '/api/v1/system/status', { query: { echo: 'one' } });
    await server.call('GET', '/api/v1/system/status');
    await server.call('GET', '/api/v1/system/status', { query: { echo: 'x'.repeat(5000) } });
    const { http, type, text } = await scrape();
    expect(http).toBe(200);
    expect(type).toContain('text/plain');
    const route = 'route="/api/v1/system/status"';
    expect(sample(text, `planocore_requests_total{${route},status="action-successful",code="200"}`)).toBe(2);
    expect(sample(text, `planocore_requests_total{${route},status="invalid-param",code="400"}`)).toBe(1);
    expect(sample(text, `planocore_request_duration_seconds_count{${route}}`)).toBe(3);
    expect(sample(text, `planocore_request_duration_seconds_bucket{le="+Inf",${route}}`)).toBe(3);
    expect(text).toMatch(/^planocore_nodejs_eventloop_lag_seconds \d/m);
  });

  it('shows outbox rows by status and Mandrill outcomes', async () => {
    await queueTestEmail(server);
    await queueTestEmail(server);
    const before = (await scrape()).text;
    expect(sample(before, 'planocore_email_outbox_rows{status="queued"}')).toBe(2);
    expect(sample(before, 'planocore_email_outbox_rows{status="sent"}')).toBe(0);
    expect(sample(before, 'planocore_mandrill_sends_total{outcome="accepted"}')).toBe(0);

    server.fake.script('ok', 'reject');
    await server.app.emailWorker.runOnce();
    const after = (await scrape()).text;
    expect(sample(after, 'planocore_email_outbox_rows{status="queued"}')).toBe(0);
    expect(sample(after, 'planocore_email_outbox_rows{status="sent"}')).toBe(1);
    expect(sample(after, 'planocore_email_outbox_rows{status="rejected"}')).toBe(1);
    expect(sample(after, 'planocore_mandrill_sends_total{outcome="accepted"}')).toBe(1);
    expect(sample(after, 'planocore_mandrill_sends_total{outcome="rejected"}')).toBe(1);
  });

  it('counts sign-in throttle refusals', async () => {
    const attempt = () =>
      server.call('POST', '/api/v1/sessions/create', {
        body: encodeSensitive({ email: 'nobody@example.com', password: 'x', application: 'planoorder' }),
        contentType: 'text/plain',
      });
    expect((await attempt()).body.status).toBe('email-not-found');
    expect((await attempt()).body.status).toBe('rate-limit-exceeded');
    const { text } = await scrape();
    expect(sample(text, 'planocore_sign_in_throttle_refusals_total{scope="address"}')).toBe(1);
    expect(sample(text, 'planocore_sign_in_throttle_refusals_total{scope="account"}')).toBe(0);
  });

  it('is refused through a proxy and to a wrong token, served with METRICS_TOKEN', async () => {
    const proxied = await scrape({ 'x-forwarded-for': '203.0.113.9' });
    expect(proxied.http).toBe(403);
    expect(JSON.parse(proxied.text)).toMatchObject({ status: 'permission-denied' });
    expect((await scrape({ authorization: 'Bearer wrong' })).http).toBe(403);
    const withToken = await scrape({ 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` });
    expect(withToken.http).toBe(200);
    expect(withToken.text).toContain('planocore_requests_total');
  });
});
