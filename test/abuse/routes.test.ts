import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteRecord } from '../../src/protocol/route.js';
import { allRoutes } from '../../src/routes.js';
import { signedInAdmin } from '../admin/fixtures.js';
import { signedIn } from '../helpers/auth.js';
import { startEmailTestServer, type EmailTestServer } from '../helpers/email.js';
import type { CallOptions } from '../helpers/server.js';
import {
  allowedStatuses,
  contractBreaches,
  encodingsFor,
  garbageToken,
  requestFor,
  unreadableBody,
  wrongParams,
} from './malformed.js';

/**
 * Every route, grouped by service, gets generated malformed requests; each reply must be the
 * envelope with a status the route documents, never a crash and never internals.
 */
let server: EmailTestServer;
const tokens: string[] = [];

beforeAll(async () => {
  server = await startEmailTestServer({ config: { bodyLimitBytes: 256 * 1024 } });
  for (const role of ['employee', 'client', 'liaison'] as const)
    tokens.push((await signedIn(server, role)).token);
  // An admin too, so the admin routes' handlers run on malformed-but-typed input.
  tokens.push((await signedInAdmin(server)).token);
});
afterAll(async () => server?.close());

const RUNS = Number(process.env.ABUSE_RUNS ?? 25);

async function expectContract(
  route: RouteRecord | undefined,
  method: string,
  path: string,
  req: CallOptions,
) {
  const res = await server.call(method, path, req);
  const breaches = contractBreaches(res, allowedStatuses(route));
  expect(breaches, `${method} ${path} ${JSON.stringify(req).slice(0, 500)}`).toEqual([]);
  return res;
}

/** A live token sometimes, so handlers run with malformed-but-typed input too. */
function tokenFor(route: RouteRecord) {
  if (route.auth.kind === 'public') return fc.constant(undefined);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...tokens) },
    { weight: 1, arbitrary: garbageToken },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const families = new Map<string, RouteRecord[]>();
for (const route of allRoutes) families.set(route.service, [...(families.get(route.service) ?? []), route]);

for (const [service, routes] of families) {
  describe(`${service} routes with malformed requests`, () => {
    for (const route of routes) {
      it(`${route.method} ${route.path}: wrong types, huge and odd text, missing params`, async () => {
        await fc.assert(
          fc.asyncProperty(
            tokenFor(route).chain((token) => wrongParams(route.params, token === undefined ? {} : { token })),
            fc.constantFrom(...encodingsFor(route)),
            async (params, encoding) => {
              await expectContract(route, route.method, route.path, requestFor(params, encoding));
            },
          ),
          { numRuns: RUNS },
        );
      });

      if (route.method !== 'GET') {
        it(`${route.method} ${route.path}: unreadable bodies and unsupported content types`, async () => {
          await fc.assert(
            fc.asyncProperty(unreadableBody, async ([contentType, body]) => {
              const res = await expectContract(route, route.method, route.path, { body, contentType });
              expect(res.body.status).not.toBe('action-successful');
            }),
            { numRuns: Math.ceil(RUNS / 2) },
          );
        });

        it(`${route.method} ${route.path}: a body over the limit is payload-too-large 413`, async () => {
          const res = await expectContract(route, route.method, route.path, {
            body: 'a='.padEnd(300 * 1024, 'x'),
            contentType: 'application/x-www-form-urlencoded',
          });
          expect(res.http).toBe(413);
          expect(res.body.status).toBe('payload-too-large');
        });
      }

      it(`${route.method} ${route.path}: other methods are route-non-existent`, async () => {
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => m !== route.method)) {
          const res = await expectContract(undefined, method, route.path, {});
          expect(res.body.status).toBe('route-non-existent');
        }
      });
    }
  });
}

describe('paths no route has', () => {
  it('answer route-non-existent in the envelope, whatever the path', async () => {
    const segment = fc.oneof(
      fc.webSegment(),
      fc.constantFrom('..', '%2e%2e', '%00', '%ff', '%', '😀', 'api', 'v1', '~', '%5Cetc'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
        const path = `/api/v1/${segments.join('/')}`;
        if (allRoutes.some((r) => r.path === path)) return;
        const res = await server.call('GET', path);
        if (res.http === 302 || res.http === 301) return; // documentation redirects (trailing slash)
        expect(contractBreaches(res, allowedStatuses(undefined))).toEqual([]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('answers a 100k-character URL with payload-too-large, in the envelope', async () => {
    const res = await expectContract(undefined, 'GET', `/api/v1/${'x'.repeat(100_000)}`, {});
    expect([res.http, res.body.status]).toEqual([413, 'payload-too-large']);
    await expectContract(allRoutes[0], 'GET', '/api/v1/system/status', {
      query: { echo: 'x'.repeat(60_000) },
    });
  });
});
