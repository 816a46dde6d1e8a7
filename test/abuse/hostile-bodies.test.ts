import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/routes.js';
import {
  CONTENT_TYPES,
  hostileBody,
  HOSTILE_SHAPES,
  type Encoding,
  type HostileShape,
  type Syntax,
} from '../helpers/hostile-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { allowedStatuses, contractBreaches } from './malformed.js';

/**
 * Unauthenticated bodies of up to 1 MiB (the default body limit) built to make decoding slow, sent
 * to real routes: each is answered in the envelope, with a documented status, in well under 100 ms
 * of CPU (the server runs in this process; the figure includes the client's side of the request).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const MiB = 1024 * 1024;
const SIZE = MiB - 4096;
const destroy = allRoutes.find((r) => r.path === '/api/v1/sessions/destroy')!;
const signIn = allRoutes.find((r) => r.path === '/api/v1/sessions/create')!;

async function cpuOfCall(path: string, body: string, contentType: string) {
  let best = Infinity;
  let res;
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage();
    res = await server.call('POST', path, { body, contentType });
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return { ms: best, res: res! };
}

describe('hostile 1 MiB bodies', () => {
  it('40 000 repeats of one name to sessions/destroy: answered at once, /healthz stays up', async () => {
    const body = 'x=&'.repeat(40_000);
    const { ms, res } = await cpuOfCall(destroy.path, body, CONTENT_TYPES.form);
    expect(res.body.status).toBe('payload-too-large');
    expect(ms).toBeLessThan(100);
    expect((await server.call('GET', '/healthz')).http).toBe(200);
  });

  const cases: [HostileShape, Encoding, Syntax][] = [];
  for (const shape of HOSTILE_SHAPES) {
    for (const encoding of ['form', 'json'] as const) cases.push([shape, encoding, 'pairs']);
    for (const encoding of ['text', 'base64'] as const) {
      for (const syntax of ['pairs', 'json'] as const) cases.push([shape, encoding, syntax]);
    }
  }

  it.each(cases)(
    '%s as %s (%s): under 100 ms of CPU, a documented status',
    async (shape, encoding, syntax) => {
      const route = encoding === 'base64' ? signIn : destroy;
      const body = hostileBody(shape, encoding, SIZE, syntax);
      expect(body.length).toBeLessThanOrEqual(MiB);
      const { ms, res } = await cpuOfCall(route.path, body, CONTENT_TYPES[encoding]);
      expect(contractBreaches(res, allowedStatuses(route))).toEqual([]);
      expect(res.body.status).not.toBe('action-successful');
      expect(ms).toBeLessThan(100);
    },
  );
});
