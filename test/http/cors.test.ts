import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { corsOrigins: ['https://auth.planomedia.example'] } });
});
afterAll(async () => server?.close());

describe('CORS', () => {
  it('answers a preflight from an allowed origin', async () => {
    const res = await server.call('OPTIONS', '/api/v1/sessions/create', {
      headers: {
        origin: 'https://auth.planomedia.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.http).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://auth.planomedia.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('gives an allowed origin the envelope with the request id exposed', async () => {
    const res = await server.call('GET', '/api/v1/system/status', {
      headers: { origin: 'https://auth.planomedia.example' },
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://auth.planomedia.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('does not allow other origins', async () => {
    const res = await server.call('GET', '/api/v1/system/status', {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
