import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderIndex, renderRoutePage } from '../../src/docs/html.js';
import { REQUEST_LIMITS } from '../../src/protocol/limits.js';
import { param } from '../../src/protocol/params.js';
import { defineRoute, type RouteRecord } from '../../src/protocol/route.js';
import { COMMON_STATUSES, STATUSES, UNCOMMON_STATUSES } from '../../src/protocol/statuses.js';
import { allRoutes } from '../../src/routes.js';
import { probeRoutes, sensitiveRoute, typesRoute } from '../helpers/probe-routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { paramRows, section, statusRows, textOf } from './page-text.js';
import { field } from '../../src/protocol/reply.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { curlExample, EXAMPLE_BASE_URL, exampleOfParam, flattenParams } from '../../src/docs/model.js';
import { showSessionRoute } from '../../src/auth/session-routes.js';
import { signedIn } from '../helpers/auth.js';
import { assertReplyMatches, routeIndex } from '../helpers/reply-check.js';
import { getRoute } from '../helpers/probe-routes.js';

/** A record whose every text field tries to break out of the page. */
const hostileRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/probe/hostile',
  title: 'Hostile <script>alert(1)</script> & "quotes"',
  purpose: 'Purpose with <img src=x onerror=alert(1)> and a `code` span.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    'x"><script>': param.string({
      position: 1,
      description: '</td></tr><script>alert(2)</script>',
      possibleValues: ['<b>bold</b>', "it's"],
    }),
  },
  statuses: ['permission-denied'],
  reply: field.object({
    '<i>field</i>': field.string({ description: '</td><script>alert(3)</script>' }),
  }),
  handler: async () => ({ '<i>field</i>': 'x' }),
});

const routes: RouteRecord[] = [...allRoutes, ...probeRoutes, hostileRoute];
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ routes });
});
afterAll(async () => server?.close());

async function get(path: string) {
  const res = await server.call('GET', path);
  return { ...res, html: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) };
}

function indexRow(html: string, path: string): string | undefined {
  return [
    ...html.matchAll(/<li data-search="[^"]*"( hidden)?><a href="([^"]+)">([\s\S]*?)<\/a><\/li>/g),
  ].find((m) => m[2] === `/documentation${path}`)?.[0];
}

describe('index', () => {
  it('lists every route, grouped by service, each linking to its page with its deployed state', async () => {
    const { http, html, headers } = await get('/documentation');
    expect(http).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const route of routes) {
      const row = indexRow(html, route.path);
      expect(row, route.path).toBeDefined();
      const group = html.lastIndexOf('<section class="service" id="service-', html.indexOf(row!));
      expect(html.slice(group, group + 80)).toContain(`id="service-${route.service}"`);
      expect(textOf(row!)).toContain(route.title);
      expect(textOf(row!)).toContain(route.deployed ? 'deployed' : 'not deployed');
    }
    expect(textOf(indexRow(html, '/api/v1/probe/unreleased')!)).toContain('not deployed');
    expect(textOf(indexRow(html, '/api/v1/system/status')!)).not.toContain('not deployed');
    expect(html).toMatch(/<input id="q" name="q" type="search"/);
  });

  it('shows an operator undeploying a service at once (the cached page is dropped)', async () => {
    const db = server.app.context.db;
    const ping = '/api/v1/other/ping';
    expect(textOf(indexRow((await get('/documentation')).html, ping)!)).not.toContain('not deployed');
    await db.updateTable('api_services').set({ deployed: false }).where('slug', '=', 'other').execute();
    await server.app.routeState.refresh();
    try {
      expect(textOf(indexRow((await get('/documentation')).html, ping)!)).toContain('not deployed');
      expect(textOf(section((await get(`/documentation${ping}`)).html, 'route'))).toContain('not deployed');
    } finally {
      await db.updateTable('api_services').set({ deployed: true }).where('slug', '=', 'other').execute();
      await server.app.routeState.refresh();
    }
    expect(textOf(indexRow((await get('/documentation')).html, ping)!)).not.toContain('not deployed');
  });

  it('filters on the server with ?q= (the search works without script)', async () => {
    const { html } = await get('/documentation?q=probe%20TYPES');
    expect(indexRow(html, typesRoute.path)).not.toContain(' hidden>');
    expect(indexRow(html, sensitiveRoute.path)).toContain(' hidden>');
    expect(indexRow(html, '/api/v1/system/status')).toContain(' hidden>');
    expect(html).toContain('value="probe TYPES"');
    expect(html).toContain(`1 of ${routes.length} routes match`);
    const none = await get('/documentation?q=zzzz-nothing');
    expect(none.html).toMatch(/<p id="no-match" class="note">/);
  });

  it('renders in a few milliseconds', () => {
    const entries = routes.map((route) => ({ route, deployed: route.deployed }));
    const many = Array.from({ length: 20 }, (_, i) =>
      routes.map((route) => ({ route: { ...route, path: `${route.path}_${i}` }, deployed: true })),
    ).flat();
    for (let i = 0; i < 20; i++) renderIndex(entries); // warm up
    const time = (fn: () => void, n: number) => {
      const started = performance.now();
      for (let i = 0; i < n; i++) fn();
      return (performance.now() - started) / n;
    };
    const index = time(() => renderIndex(entries), 200);
    const bigIndex = time(() => renderIndex(many), 20);
    const page = time(() => renderRoutePage(typesRoute, true, new Map(), routes), 200);
    console.log(
      `render: index of ${entries.length} routes ${index.toFixed(3)} ms, index of ${many.length} routes ${bigIndex.toFixed(2)} ms, route page ${page.toFixed(3)} ms`,
    );
    expect(index).toBeLessThan(5);
    expect(page).toBeLessThan(5);
  });
});

describe('route pages', () => {
  it('render for every route, deployed or not, with every common and uncommon status', async () => {
    for (const route of routes) {
      const { http, html } = await get(`/documentation${route.path}`);
      expect(http, route.path).toBe(200);
      const responses = statusRows(section(html, 'responses')).map((r) => r.key);
      const uncommon = statusRows(section(html, 'uncommon-responses')).map((r) => r.key);
      expect(responses).toEqual(expect.arrayContaining(COMMON_STATUSES));
      expect(uncommon).toEqual(UNCOMMON_STATUSES);
      const own = route.statuses.filter((s) => STATUSES[s].scope === 'route');
      expect(responses).toEqual([...COMMON_STATUSES, ...own]);
    }
  });

  it('lists route-specific statuses only on the routes declaring them', async () => {
    const hostile = statusRows(section((await get(`/documentation${hostileRoute.path}`)).html, 'responses'));
    const denied = hostile.find((r) => r.key === 'permission-denied')!;
    expect(textOf(denied.cells['s-http']!)).toBe('403');
    expect(textOf(denied.cells['s-slug']!)).toContain('this route');
    const other = await get(`/documentation${typesRoute.path}`);
    expect(other.html).not.toContain('permission-denied');
  });

  it('shows nested children as client.email and array items as ids[]', async () => {
    const rows = paramRows(section((await get(`/documentation${typesRoute.path}`)).html, 'parameters'));
    const byName = new Map(rows.map((r) => [r.key, r]));
    expect(rows.map((r) => r.key)).toEqual([
      'name',
      'count',
      'ratio',
      'flag',
      'color',
      'meta',
      'doc',
      'client',
      'client.email',
      'client.age',
      'ids',
      'ids[]',
    ]);
    const email = byName.get('client.email')!;
    expect(email.classes).toContain('d1');
    expect(textOf(email.cells['p-type']!)).toBe('string');
    expect(textOf(email.cells['p-req']!)).toBe('required');
    expect(textOf(email.cells['p-desc']!)).toContain('Max length: 50');
    expect(textOf(byName.get('ids[]')!.cells['p-type']!)).toBe('integer');
    expect(textOf(byName.get('ids[]')!.cells['p-item']!)).toBe('item');
    expect(textOf(byName.get('color')!.cells['p-desc']!)).toBe('Possible values red blue Example: red');
  });

  it('explains the base64 body of sensitive-params routes, with an example that decodes', async () => {
    const html = section((await get(`/documentation${sensitiveRoute.path}`)).html, 'request-body');
    expect(textOf(html)).toContain('base64-encoded body');
    const [encoded, decoded] = [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) =>
      textOf(m[1]!),
    );
    expect(JSON.parse(Buffer.from(encoded!, 'base64').toString('utf8'))).toEqual(JSON.parse(decoded!));
  });

  it('states the request limits decoding enforces, from the same constants', async () => {
    const text = textOf(section((await get('/documentation/api/v1/sessions/destroy')).html, 'route'));
    const L = REQUEST_LIMITS;
    for (const figure of [L.keys, L.items, L.arrayItems].map((n) => n.toLocaleString('en-US')))
      expect(text).toContain(figure.replace(',', ' '));
    expect(text).toContain(`${L.depth} levels of nesting`);
    expect(text).toContain(`${L.keyLength} characters per param name`);
  });

  it('escapes every value from the record', async () => {
    const { html } = await get(`/documentation${hostileRoute.path}`);
    const body = html.slice(html.indexOf('<main>'), html.indexOf('</main>'));
    expect(body).not.toMatch(/<script|<img|<b>/);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(body).toContain('<code>code</code>');
    expect(body).toContain('<code>&lt;b&gt;bold&lt;/b&gt;</code>');
    expect(body).toContain('data-param="x&quot;&gt;&lt;script&gt;"');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('content security policy', () => {
  it('allows exactly the inline style and script of the page, by hash, and nothing else', async () => {
    for (const path of [
      '/documentation',
      `/documentation${typesRoute.path}`,
      '/documentation/api/v1/no/such',
    ]) {
      const { html, headers } = await get(path);
      const csp = headers.get('content-security-policy')!;
      const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain(`style-src ${hash(style)}`);
      expect(csp).toContain(`script-src ${hash(script)}`);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
      // No event-handler or style attributes, no external resources (attribute values aside).
      const tags = [...html.matchAll(/<[a-z][^>]*>/g)].map((m) => m[0]);
      const names = tags.map((t) => t.replace(/="[^"]*"/g, '=""'));
      expect(names.filter((t) => /\s(on[a-z]+|style|src)=/.test(t))).toEqual([]);
      expect(tags.filter((t) => t.startsWith('<link'))).toEqual(['<link rel="icon" href="data:,">']);
    }
  });
});

describe('unknown documentation paths', () => {
  it('answer a 404 page, not an envelope', async () => {
    for (const path of [
      '/documentation/api/v1/no/such',
      '/documentation/openapi.yaml',
      '/documentation/x%00y',
    ]) {
      const { http, html, headers } = await get(path);
      expect(http, path).toBe(404);
      expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html).toContain('No documentation here');
    }
  });

  it('redirect a trailing slash to the page', async () => {
    const res = await server.call('GET', `/documentation${typesRoute.path}/`);
    expect(res.http).toBe(301);
    expect(res.headers.get('location')).toBe(`/documentation${typesRoute.path}`);
    expect((await server.call('GET', '/documentation/')).headers.get('location')).toBe('/documentation');
    const openapi = await server.call('GET', '/documentation/openapi.json/');
    expect(openapi.headers.get('location')).toBe('/documentation/openapi.json');
  });
});

describe('portal layout', () => {
  it('gives every page the side navigation: every route by service, the current one marked', async () => {
    for (const path of [
      '/documentation',
      `/documentation${typesRoute.path}`,
      '/documentation/api/v1/no/such',
    ]) {
      const { html } = await get(path);
      const nav = /<aside class="side">([\s\S]*?)<\/aside>/.exec(html)![1]!;
      const links = [...nav.matchAll(/<li class="nav-route" data-search="[^"]*"><a href="([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(links.sort(), path).toEqual(routes.map((r) => `/documentation${r.path}`).sort());
      expect(nav).toContain('<input id="nav-q" name="q" type="search"');
      const current = [...nav.matchAll(/<a href="([^"]+)" aria-current="page">/g)].map((m) => m[1]);
      expect(current, path).toEqual(path === `/documentation${typesRoute.path}` ? [path] : []);
    }
  });

  it('finds a route by the name of one of its params (the index and the navigation)', async () => {
    const term = 'cancelable_type';
    const expected = routes.filter((r) => flattenParams(r.params).some((p) => p.name.includes(term)));
    expect(expected.length).toBeGreaterThan(0);
    const { html } = await get(`/documentation?q=${term}`);
    for (const route of routes) {
      const row = indexRow(html, route.path)!;
      expect(row.includes(' hidden>'), route.path).toBe(!expected.includes(route));
    }
    const nav = /<aside class="side">([\s\S]*?)<\/aside>/.exec(html)![1]!;
    const navHits = [...nav.matchAll(/<li class="nav-route" data-search="([^"]*)"><a href="([^"]+)"/g)]
      .filter((m) => m[1]!.includes(term))
      .map((m) => m[2]);
    expect(navHits.sort()).toEqual(expected.map((r) => `/documentation${r.path}`).sort());
  });

  it('shows an example beside every param, the token as a placeholder', async () => {
    for (const route of routes.filter((r) => r !== hostileRoute)) {
      const rows = paramRows(section((await get(`/documentation${route.path}`)).html, 'parameters'));
      for (const row of flattenParams(route.params)) {
        if (row.spec.type === 'parent') continue;
        const cell = textOf(rows.find((r) => r.key === row.name)!.cells['p-desc']!);
        const example = exampleOfParam(route, row);
        expect(cell, `${route.path} ${row.name}`).toContain(
          `Example: ${typeof example === 'string' ? example : JSON.stringify(example)}`,
        );
        if (row.name === 'token' && route.auth.kind !== 'public') {
          expect(example).toBe(route.auth.kind === 'application' ? 'pa_…' : 'ps_…');
        }
      }
    }
  });

  it('writes the param and field names so they wrap only after a . or _', async () => {
    const { html } = await get(`/documentation${typesRoute.path}`);
    expect(html).toContain('<td class="p-name"><code>client.<wbr>email</code></td>');
    const session = (await get(`/documentation${showSessionRoute.path}`)).html;
    expect(session).toMatch(/<td class="f-name"><code>[a-z_.<>]*created_<wbr>at<\/code><\/td>/);
  });

  it('gives every route a curl example that works once pasted into a shell', async () => {
    const index = routeIndex(routes);
    const user = await signedIn(server, 'employee');
    const run = promisify(execFile);
    for (const route of [getRoute, typesRoute, sensitiveRoute, showSessionRoute]) {
      const page = section((await get(`/documentation${route.path}`)).html, 'request-body');
      expect(page).toContain(`<pre class="curl"><code>${escapeHtml(curlExample(route))}</code></pre>`);
      const script = curlExample(route).replaceAll(EXAMPLE_BASE_URL, server.url).replace('ps_…', user.token);
      const { stdout } = await run('bash', ['-c', `${script} -s -w '\\n%{http_code}'`]);
      const [body, code] = [
        stdout.slice(0, stdout.lastIndexOf('\n')),
        stdout.slice(stdout.lastIndexOf('\n') + 1),
      ];
      const reply = { http: Number(code), body: JSON.parse(body) as unknown };
      expect((reply.body as { status: string }).status, `${route.path}: ${body}`).toBe('action-successful');
      assertReplyMatches(index, { method: route.method, path: route.path }, reply);
    }
    expect(curlExample(sensitiveRoute)).toContain('| base64 |');
    expect(curlExample(getRoute)).toMatch(/^curl -G /);
  });
});
