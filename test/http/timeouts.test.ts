import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SECURITY_HEADERS } from '../../src/http/reply-headers.js';
import { openRaw, type RawReply } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Slow clients over a real socket: headers or a body dripped a byte at a time are cut once the
 * timeout passes, answered `request-timeout` (408) in the envelope, and the connection closed.
 * Timing is asserted only from below (a timeout never fires early); from above the drip simply
 * stops after 10 s, which fails the test.
 */
const HEADERS_MS = 400;
const REQUEST_MS = 1_200;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    config: { requestTimeouts: { headersMs: HEADERS_MS, requestMs: REQUEST_MS } },
  });
});
afterAll(async () => server?.close());

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

/** Writes `chunk` every `everyMs` until the socket closes or 10 s pass. */
function drip(socket: Socket, chunk: string, everyMs = 50): void {
  const started = Date.now();
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable || Date.now() - started > 10_000) clearInterval(timer);
    else socket.write(chunk);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

function expectTimedOut(reply: RawReply) {
  expect(reply.http).toBe(408);
  expect(reply.body).toMatchObject({ status: 'request-timeout', data: null });
  expect(reply.body.message).toMatch(/HEADERS_TIMEOUT_MS|REQUEST_TIMEOUT_MS/);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(reply.headers[name]).toBe(value);
  expect(reply.headers['x-request-id']).toBe(reply.body.request_id);
}

describe('request timeouts', () => {
  it('cuts headers dripped slower than HEADERS_TIMEOUT_MS', async () => {
    const { socket, reply } = await openRaw(server.url);
    const started = performance.now();
    socket.write('GET /api/v1/system/status HTTP/1.1\r\nHost: x\r\n');
    drip(socket, 'X-Drip: a\r\n');
    const result = await reply;
    expect(performance.now() - started).toBeGreaterThanOrEqual(HEADERS_MS - 5);
    expectTimedOut(result);
    await closed(socket);
  });

  it('cuts a body dripped slower than REQUEST_TIMEOUT_MS, counted from the first byte', async () => {
    const { socket, reply } = await openRaw(server.url);
    const started = performance.now();
    socket.write(
      'POST /api/v1/sessions/destroy HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n',
    );
    drip(socket, 'x');
    const result = await reply;
    expect(performance.now() - started).toBeGreaterThanOrEqual(REQUEST_MS - 5);
    expectTimedOut(result);
    await closed(socket);
  });

  it('answers and closes a connection that sends nothing', async () => {
    const { socket, reply } = await openRaw(server.url);
    const started = performance.now();
    expectTimedOut(await reply);
    await closed(socket);
    expect(performance.now() - started).toBeGreaterThanOrEqual(HEADERS_MS - 5);
  });

  it('lets a request that arrives in parts, in time, through', async () => {
    const { socket, reply } = await openRaw(server.url);
    socket.write('GET /api/v1/system/status HTTP/1.1\r\nHost: x\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write('Connection: close\r\n\r\n');
    const result = await reply;
    expect([result.http, result.body.status]).toEqual([200, 'action-successful']);
  });
});

describe('timeout configuration', () => {
  it('defaults to 10 s for headers and 30 s for the whole request', () => {
    expect(loadConfig({}).requestTimeouts).toEqual({ headersMs: 10_000, requestMs: 30_000 });
    expect(loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '20000' }).requestTimeouts).toEqual({
      headersMs: 5_000,
      requestMs: 20_000,
    });
  });

  it('refuses a timeout of 0 and headers allowed longer than the request', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(/REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '40000' })).toThrow(/must not exceed/);
  });
});
