/**
 * The typed client: `npm run client` writes it from the route records; it type-checks on its own
 * (strict, no DOM or Node types), its types refuse wrong params and unchecked `data`, and it talks
 * to a started server, every reply checked against the route's declaration.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionField } from '../../src/auth/session-views.js';
import { functionNameOf, renderClient } from '../../src/docs/client.js';
import { allStatusesOf } from '../../src/docs/model.js';
import { buildOpenApi } from '../../src/docs/openapi.js';
import { param } from '../../src/protocol/params.js';
import { field } from '../../src/protocol/reply.js';
import { defineRoute, type RouteRecord } from '../../src/protocol/route.js';
import { allRoutes } from '../../src/routes.js';
import { createUser, PASSWORD, signedIn } from '../helpers/auth.js';
import { probeRoutes } from '../helpers/probe-routes.js';
import { assertReplyMatches, routeIndex } from '../helpers/reply-check.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
/** Gitignored: the generated clients and the type-check fixture. */
const OUT = join(ROOT, 'test-artifacts', 'client');

/** A GET route taking every shape a query string must carry: arrays, children, hash, JSON. */
const echoGet = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/echo_get',
  title: 'Probe Echo Get',
  purpose: 'Echoes nested query params.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    ids: param.array({ position: 1, items: param.integer({ position: 1 }) }),
    client: param.parent({
      position: 2,
      children: { email: param.string({ position: 1, required: true }), age: param.integer({ position: 2 }) },
    }),
    meta: param.hash({ position: 3 }),
    doc: param.json({ position: 4 }),
    when: param.date({ position: 5 }),
  },
  reply: field.json(),
  handler: async (input) => input,
});

/** A record whose names and texts are no identifiers and close comments: the client still compiles. */
const oddRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/9odd-thing/do.it',
  title: 'Odd */ title',
  purpose: 'Ends a comment */ and opens /* one.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    'x-y': param.string({ position: 1, required: true, description: 'A */ dash.' }),
    "it's": param.string({ position: 2, possibleValues: ['a"b', "c'd"] }),
    list: param.array({ position: 3, items: param.string({ position: 1, possibleValues: ['p', 'q'] }) }),
  },
  reply: field.object({ 'a b': field.list(field.object({ 'c-d': field.integer({ nullable: true }) })) }),
  handler: async () => ({ 'a b': [] }),
});

const serverRoutes: readonly RouteRecord[] = [...allRoutes, ...probeRoutes, echoGet];
let server: TestServer;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await startTestServer({ routes: serverRoutes });
});
afterAll(async () => server?.close());

describe('npm run client', () => {
  it('writes one function per route, from the route records', async () => {
    const file = join(OUT, 'planocore-client.ts');
    const { stdout } = await run('npm', ['run', '--silent', 'client', '--', file], { cwd: ROOT });
    expect(stdout).toContain(`Wrote a client of ${allRoutes.length} routes`);
    const source = readFileSync(file, 'utf8');
    expect(source).toBe(renderClient(allRoutes, { session: sessionField }));
    expect(source).not.toMatch(/^import /m);
    for (const route of allRoutes) {
      const name = functionNameOf(route);
      expect(source, route.path).toContain(`    ${name}: (params: `);
      expect(source).toContain(`"path":${JSON.stringify(route.path)}`);
    }
    expect(functionNameOf(allRoutes.find((r) => r.path === '/api/v1/cancelations/update')!)).toBe(
      'cancelationsUpdate',
    );
    // Named as OpenAPI names the operation.
    const openApi = buildOpenApi(allRoutes) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    for (const route of allRoutes) {
      expect(openApi.paths[route.path]![route.method.toLowerCase()]!.operationId).toBe(functionNameOf(route));
    }
  });

  it('type-checks strictly on its own, and its types refuse wrong params and unchecked data', async () => {
    writeFileSync(join(OUT, 'planocore-client.ts'), renderClient(allRoutes, { session: sessionField }));
    writeFileSync(join(OUT, 'usage.ts'), USAGE);
    writeFileSync(join(OUT, 'odd-client.ts'), renderClient([oddRoute, { ...oddRoute, method: 'GET' }]));
    writeFileSync(
      join(OUT, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          noUnusedLocals: true,
          target: 'es2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          lib: ['es2022'],
          types: [],
          noEmit: true,
        },
        files: ['planocore-client.ts', 'usage.ts', 'odd-client.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const result = await run(tsc, ['-p', join(OUT, 'tsconfig.json')]).catch((err: { stdout: string }) => err);
    expect(result.stdout).toBe('');

    // The fixture can fail: the same misuse without its @ts-expect-error is an error.
    writeFileSync(join(OUT, 'usage.ts'), USAGE.replace(/^\s*\/\/ @ts-expect-error.*$/gm, ''));
    const broken = await run(tsc, ['-p', join(OUT, 'tsconfig.json')]).catch((err: { stdout: string }) => err);
    const errors = broken.stdout.split('\n').filter((line) => line.includes('error TS'));
    expect(errors.length).toBe(USAGE.match(/@ts-expect-error/g)!.length);
  });
});

/** Typed use of the client; each `@ts-expect-error` line must be an error. */
const USAGE = `
import { createClient, type CancelationsShowData, type Status } from './planocore-client.js';

const client = createClient({ baseUrl: 'http://127.0.0.1:3000' });

export async function use(): Promise<number> {
  const signIn = await client.sessionsCreate({ email: 'a@example.com', password: 'pw', application: 'planoauth' });
  let token = '';
  if (signIn.status === 'action-successful') {
    const userId: number = signIn.data.user_id;
    token = signIn.session?.token ?? '';
    if (userId < 0) return userId;
  } else {
    const message: string = signIn.message;
    const first: Status | undefined = signIn.errors[0]?.status;
    if (first === 'invalid-param') return message.length;
  }
  const shown = await client.cancelationsShow({ token, id: 7 });
  if (shown.status === 'action-successful') {
    const data: CancelationsShowData = shown.data;
    const type: 'order' | 'tour' | 'appointment' | 'line_item' = data.cancelation.cancelable_type;
    return type.length;
  }
  // @ts-expect-error data is unknown until the status says success
  shown.data.cancelation;
  // @ts-expect-error not a status this route answers
  if (shown.status === 'no-such-status') return 0;
  // @ts-expect-error a required param is missing
  await client.cancelationsShow({ token });
  // @ts-expect-error an integer param given text
  await client.cancelationsShow({ token, id: 'seven' });
  // @ts-expect-error not one of the possible values
  await client.sessionsCreate({ email: 'a@example.com', password: 'pw', application: 'nope' });
  // @ts-expect-error not a param of the route
  await client.systemStatus({ nope: 1 });
  await client.systemStatus();
  return 1;
}
`;

interface Envelope {
  http: number;
  status: string;
  data: unknown;
  session: { token?: string } | null;
  message?: string;
  errors?: { param: string; status: string; message: string }[];
}

type ClientFn = (params?: object) => Promise<Envelope>;

describe('the client against a started server', () => {
  let client: Record<string, ClientFn>;
  const seen: string[] = [];

  beforeAll(async () => {
    const file = join(OUT, 'probe-client.ts');
    writeFileSync(file, renderClient(serverRoutes, { session: sessionField }));
    const mod = (await import(pathToFileURL(file).href)) as {
      createClient(options: object): Record<string, ClientFn>;
    };
    const index = routeIndex(serverRoutes);
    client = mod.createClient({
      baseUrl: `${server.url}/`,
      // The global fetch, with every reply checked against its route's declaration.
      fetch: async (url: string, init: RequestInit) => {
        const response = await fetch(url, init);
        const text = await response.text();
        const path = new URL(url).pathname;
        seen.push(`${init.method} ${path}`);
        assertReplyMatches(
          index,
          { method: init.method!, path },
          { http: response.status, body: JSON.parse(text) },
        );
        return { status: response.status, text: async () => text };
      },
    });
  });

  it('sends GET params as a query string: numbers, booleans, arrays, children, hash, JSON', async () => {
    expect((await client.probeGet!({ id: 3, active: false })).data).toEqual({ id: 3, active: false });
    const params = {
      ids: [1, 2, 3],
      client: { email: 'jane@example.com', age: 41 },
      meta: { source: 'crm' },
      doc: { nested: [1, { a: 'b' }] },
      when: '2026-01-05',
    };
    const reply = await client.probeEchoGet!(params);
    expect(reply.status).toBe('action-successful');
    expect(reply.data).toEqual(params);
    expect((await client.probeEchoGet!({ ids: [7] })).data).toEqual({ ids: [7] });
  });

  it('sends a JSON body, and encodes sensitive params to base64 (UTF-8) itself', async () => {
    const typed = await client.probeTypes!({
      name: 'abc',
      count: 2,
      flag: true,
      ids: [4],
      client: { email: 'x@y.z' },
    });
    expect(typed.data).toMatchObject({
      name: 'abc',
      count: 2,
      flag: true,
      ids: [4],
      client: { email: 'x@y.z' },
    });
    const secret = 'héllo ✓ 日本';
    const sensitive = await client.probeSensitive!({ secret });
    expect(sensitive).toMatchObject({
      http: 200,
      status: 'action-successful',
      data: { length: secret.length },
    });
  });

  it('signs in, uses the token, and gives errors with their status, message and errors list', async () => {
    const user = await createUser(server.app.context.db, ['client']);
    const signIn = await client.sessionsCreate!({
      email: user.email,
      password: PASSWORD,
      application: 'planoauth',
    });
    expect(signIn.status).toBe('action-successful');
    const token = signIn.session!.token!;
    expect(token).toMatch(/^ps_/);
    const shown = await client.sessionsShow!({ token });
    expect(shown).toMatchObject({ http: 200, status: 'action-successful' });

    const wrong = await client.sessionsCreate!({ email: user.email, password: 'not the password' });
    expect(wrong.http).toBeGreaterThanOrEqual(400);
    expect(typeof wrong.message).toBe('string');
    expect(Array.isArray(wrong.errors)).toBe(true);
    const createRoute = serverRoutes.find((r) => r.path === '/api/v1/sessions/create')!;
    expect(allStatusesOf(createRoute).map((s) => s.slug)).toContain(wrong.status);

    const missing = await client.cancelationsShow!({ token });
    expect(missing.status).toBe('missing-param');
    expect(missing.errors!.map((e) => e.param)).toContain('id');

    // A redirect route answers the client (which asks for JSON) with the envelope, not a 302.
    const employee = await signedIn(server, 'employee');
    const handOff = await client.xsoCaptureClient!({ token: employee.token, client_id: user.clientId! });
    expect(handOff).toMatchObject({ http: 200, status: 'action-successful' });
    expect((handOff.data as { redirect_url: string }).redirect_url).toMatch(/#code=px_/);

    const destroyed = await client.sessionsDestroy!({ token });
    expect(destroyed.status).toBe('action-successful');
    expect((await client.systemStatus!()).status).toBe('action-successful');
    expect(seen.length).toBeGreaterThanOrEqual(7);
  });
});
