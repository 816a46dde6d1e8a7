import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/http/reply-headers.js';
import { rawRequest } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Every reply carries the security headers and a request id, including the ones Fastify and
 * Node's HTTP parser answer themselves, before any route runs.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { bodyLimitBytes: 1024 } });
});
afterAll(async () => server?.close());

function expectSecurityHeaders(headers: Record<string, string | null>, requestId: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name], name).toBe(value);
  expect(headers['x-request-id']).toBe(requestId);
}

const headersOf = (h: Headers) => Object.fromEntries(h.entries());

describe('security headers', () => {
  it('on a route reply', async () => {
    const res = await server.call('GET', '/api/v1/system/status');
    expect(res.body.status).toBe('action-successful');
    expectSecurityHeaders(headersOf(res.headers), res.body.request_id);
  });

  it('on a path that is not valid percent-encoding (Fastify answers it before routing)', async () => {
    const res = await server.call('GET', '/api/v1/%ff');
    expect(res.body.status).toBe('route-non-existent');
    expectSecurityHeaders(headersOf(res.headers), res.body.request_id);
  });

  it('on 404s, in and outside the API', async () => {
    for (const path of ['/api/v1/no/such', '/nothing-here', '/documentation/api/v1/no/such']) {
      const res = await server.call('GET', path);
      expect([404, 500]).toContain(res.http);
      const headers = headersOf(res.headers);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name], path).toBe(value);
      expect(headers['x-request-id'], path).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('on a body over the limit, declared or streamed', async () => {
    const declared = await server.call('POST', '/api/v1/sessions/destroy', {
      body: 'x'.repeat(2048),
      contentType: 'text/plain',
    });
    expect([declared.http, declared.body.status]).toEqual([413, 'payload-too-large']);
    expectSecurityHeaders(headersOf(declared.headers), declared.body.request_id);

    const chunked = await rawRequest(
      server.url,
      'POST /api/v1/sessions/destroy HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n' +
        `Transfer-Encoding: chunked\r\n\r\n800\r\n${'x'.repeat(2048)}\r\n0\r\n\r\n`,
    );
    expect([chunked.http, chunked.body.status]).toEqual([413, 'payload-too-large']);
    expectSecurityHeaders(chunked.headers, chunked.body.request_id);
  });

  it('on a body no parser reads', async () => {
    const res = await rawRequest(
      server.url,
      'POST /api/v1/sessions/destroy HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n' +
        'Content-Length: 3\r\nConnection: close\r\n\r\n<a>',
    );
    expect(res.body.status).toBe('invalid-content-type');
    expectSecurityHeaders(res.headers, res.body.request_id);
  });

  it('on malformed HTTP and oversized headers (Node answers before Fastify sees the request)', async () => {
    const malformed = await rawRequest(
      server.url,
      'POST /api/v1/sessions/destroy HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    );
    expect([malformed.http, malformed.body.status]).toEqual([400, 'invalid-encoded-params']);
    expectSecurityHeaders(malformed.headers, malformed.body.request_id);

    const oversized = await rawRequest(
      server.url,
      `GET /api/v1/system/status HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect([oversized.http, oversized.body.status]).toEqual([413, 'payload-too-large']);
    expectSecurityHeaders(oversized.headers, oversized.body.request_id);
  });
});
