/**
 * Server-rendered documentation pages: the index of every route and one page per route, from the
 * route records. Plain template strings; every value from a record goes through `escapeHtml`.
 */
import { describeRequestLimits } from '../protocol/limits.js';
import { listItemsDocPath, type ListItem } from '../protocol/list-items.js';
import type { ParamSpec } from '../protocol/params.js';
import { fieldTypeName, flattenFields, type DocField } from '../protocol/reply.js';
import type { RouteRecord } from '../protocol/route.js';
import { DOCS_CSS, DOCS_SCRIPT } from './assets.js';
import {
  curlExample,
  describeAuth,
  docPathOf,
  exampleOfParam,
  exampleReply,
  flattenParams,
  requestExample,
  routesByService,
  ruleLines,
  statusesOf,
  tokenPlaceholder,
  type DocParam,
  type DocStatus,
} from './model.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped text where `backticks` become code and http(s) URLs become links. */
export function richText(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(
      /\bhttps?:\/\/[^\s<]+[^\s<.,;:)]/g,
      (url) => `<a href="${url}" rel="noopener noreferrer">${url}</a>`,
    );
}

/**
 * A name that may wrap only after a `.` or `_` (never inside a word): escaped, with a `<wbr>`
 * after each separator. Param and field names are shown through it.
 */
export function breakableName(name: string): string {
  return escapeHtml(name).replace(/([._])/g, '$1<wbr>');
}

/**
 * The side navigation every page carries: the routes by service, the current one marked, and a
 * search box that filters them as one types (title, path, service, method or a param's name).
 * Without script the box searches the index on the server.
 */
function sideNav(routes: readonly RouteRecord[], current: RouteRecord | undefined): string {
  const groups: string[] = [];
  for (const [service, list] of routesByService(routes)) {
    const items = list.map((route) => {
      const here = route === current ? ' aria-current="page"' : '';
      return `<li class="nav-route" data-search="${escapeHtml(navSearchTextOf(route))}"><a href="${escapeHtml(docPathOf(route))}"${here}>${methodBadge(route.method, 'mini')}<span class="nav-t">${escapeHtml(route.title)}${paramHint(route)}</span></a></li>`;
    });
    groups.push(`<section class="nav-service" data-group>
<a class="nav-h" href="/documentation#service-${escapeHtml(service)}">${escapeHtml(service)}</a>
<ul>
${items.join('\n')}
</ul>
</section>`);
  }
  return `<aside class="side">
<details class="nav" id="nav" open>
<summary>Routes</summary>
<form class="nav-search" method="get" action="/documentation" role="search">
<input id="nav-q" name="q" type="search" placeholder="Find a route or param…" aria-label="Find a route by title, path, service or param name" autocomplete="off" spellcheck="false" data-filter="nav-routes" data-none="nav-none">
</form>
<div id="nav-routes">
${groups.join('\n')}
</div>
<p id="nav-none" class="nav-none" hidden>No route matches.</p>
</details>
</aside>`;
}

interface PageParts {
  readonly title: string;
  readonly breadcrumb: string;
  readonly main: string;
  /** Every route, for the side navigation. */
  readonly routes: readonly RouteRecord[];
  readonly current?: RouteRecord;
}

function page({ title, breadcrumb, main, routes, current }: PageParts): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${DOCS_CSS}</style>
</head><body>
<header class="top"><nav><a class="brand" href="/documentation">PlanoCore API</a>${breadcrumb}<a class="top-link" href="/documentation/openapi.json">OpenAPI 3.1</a></nav></header>
<div class="shell">
${sideNav(routes, current)}
<main>
${main}
</main>
</div>
<footer>Generated from the route records that validate requests. <a href="/documentation/openapi.json">OpenAPI 3.1</a></footer>
<script>${DOCS_SCRIPT}</script>
</body></html>
`;
}

function methodBadge(method: string, size = ''): string {
  return `<span class="method${size ? ` ${size}` : ''} m-${method.toLowerCase()}">${escapeHtml(method)}</span>`;
}

function stateBadge(deployed: boolean): string {
  return deployed
    ? '<span class="state state-on">deployed</span>'
    : '<span class="state state-off">not deployed</span>';
}

// ---------------------------------------------------------------------------------------------
// Index

export interface IndexEntry {
  readonly route: RouteRecord;
  readonly deployed: boolean;
}

/** The names of a route's params, children and items included (`client.email`, `ids[]`). */
function paramNamesOf(route: RouteRecord): string[] {
  return flattenParams(route.params).map((row) => row.name);
}

/**
 * Where the search script names the params a search matched (`param cancelable_type`), so a route
 * found by a param's name says why; empty until then.
 */
function paramHint(route: RouteRecord): string {
  const names = paramNamesOf(route);
  return names.length > 0
    ? `<span class="hit" hidden data-params="${escapeHtml(names.join(' '))}"></span>`
    : '';
}

/** Search texts are worked out once per record (records never change). */
const searchTexts = new WeakMap<RouteRecord, { index: string; nav: string }>();

function searchTextsOf(route: RouteRecord): { index: string; nav: string } {
  let texts = searchTexts.get(route);
  if (!texts) {
    const head = [route.title, route.path, route.service, route.method];
    const names = paramNamesOf(route);
    texts = {
      index: [...head, route.purpose, ...names].join(' ').toLowerCase(),
      nav: [...head, ...names].join(' ').toLowerCase(),
    };
    searchTexts.set(route, texts);
  }
  return texts;
}

/** The words the index's search matches, lower-cased: title, path, service, method, purpose, params. */
export function searchTextOf(route: RouteRecord): string {
  return searchTextsOf(route).index;
}

/** The words the side navigation's search matches: the index's, without the purpose. */
function navSearchTextOf(route: RouteRecord): string {
  return searchTextsOf(route).nav;
}

export function matchesQuery(route: RouteRecord, query: string): boolean {
  const text = searchTextOf(route);
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => text.includes(term));
}

/**
 * The index, grouped by service. `query` pre-filters it on the server (the search form works
 * without script); the inline script filters the same rows as one types.
 */
export function renderIndex(entries: readonly IndexEntry[], query = ''): string {
  const deployedOf = new Map(entries.map((e) => [e.route, e.deployed]));
  const groups = routesByService(entries.map((e) => e.route));
  const deployedCount = entries.filter((e) => e.deployed).length;
  let shown = 0;
  const sections: string[] = [];
  for (const [service, routes] of groups) {
    const live = routes.filter((r) => deployedOf.get(r)).length;
    const items = routes.map((route) => {
      const hit = matchesQuery(route, query);
      if (hit) shown++;
      return `<li data-search="${escapeHtml(searchTextOf(route))}"${hit ? '' : ' hidden'}><a href="${escapeHtml(docPathOf(route))}">${methodBadge(route.method)}<span class="title">${escapeHtml(route.title)}</span><span class="path">${escapeHtml(route.path)}</span>${paramHint(route)}${stateBadge(deployedOf.get(route) ?? false)}</a></li>`;
    });
    const anyHit = routes.some((r) => matchesQuery(r, query));
    sections.push(`<section class="service" id="service-${escapeHtml(service)}" data-group${anyHit ? '' : ' hidden'}>
<h2>${escapeHtml(service)} <small>${live} of ${routes.length} deployed</small></h2>
<ul class="routes">
${items.join('\n')}
</ul>
</section>`);
  }
  const total = entries.length;
  const countText = query.trim() ? `${shown} of ${total} routes match` : `${total} routes`;
  const main = `<h1>PlanoCore API documentation</h1>
<p class="lead">${total} routes in ${groups.size} services, ${deployedCount} deployed. Every reply is the JSON envelope <code>{status, data, session, request_id}</code>. Machine-readable: <a href="/documentation/openapi.json">OpenAPI 3.1</a>.</p>
<form class="search" method="get" action="/documentation" role="search">
<input id="q" name="q" type="search" value="${escapeHtml(query)}" placeholder="Search routes: title, path, service, param name…" aria-label="Search routes by title, path, service or param name" autocomplete="off" spellcheck="false" data-filter="index-routes" data-none="no-match" data-count="match-count" data-url>
<button type="submit">Search</button>
</form>
<p class="count" id="match-count" aria-live="polite">${countText}</p>
<p id="no-match" class="note"${shown === 0 ? '' : ' hidden'}>No route matches this search.</p>
<div id="index-routes">
${sections.join('\n')}
</div>`;
  return page({
    title: 'PlanoCore API documentation',
    breadcrumb: '',
    main,
    routes: entries.map((e) => e.route),
  });
}

// ---------------------------------------------------------------------------------------------
// Route pages

/** The active items of the collections a page's params draw from. */
export type ListItemsOf = ReadonlyMap<string, readonly ListItem[]>;

function listItemsDetail(spec: ParamSpec, listItems: ListItemsOf): string {
  const collection = spec.listItems!;
  const link = `<a href="${escapeHtml(listItemsDocPath(collection))}">the <code>${escapeHtml(collection)}</code> list</a>`;
  const items = listItems.get(collection) ?? [];
  const values = items.map((item) => `<li><code>${escapeHtml(item.value)}</code></li>`).join('');
  return `<div class="constraint list-items">One of the active items of ${link}${items.length > 0 ? ', now:' : ' (none is active now).'}</div>${values ? `<ul class="values">${values}</ul>` : ''}`;
}

/** An example value as the caller writes it: text as is, anything else as compact JSON. */
function exampleText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function paramRow(route: RouteRecord, p: DocParam, listItems: ListItemsOf): string {
  const { spec } = p;
  const details: string[] = [];
  if (spec.description) details.push(`<div>${richText(spec.description)}</div>`);

  if (spec.maxLength !== undefined) {
    details.push(
      `<div class="constraint">Max length: <span class="max-length">${spec.maxLength}</span></div>`,
    );
  }
  for (const line of ruleLines(spec)) details.push(`<div class="constraint">${richText(line)}</div>`);
  if (spec.possibleValues && spec.possibleValues.length > 0) {
    const values = spec.possibleValues.map((v) => `<li><code>${escapeHtml(v)}</code></li>`).join('');
    details.push(`<div class="constraint">Possible values</div><ul class="values">${values}</ul>`);
  }
  if (spec.listItems !== undefined) details.push(listItemsDetail(spec, listItems));
  if (spec.type !== 'parent') {
    details.push(
      `<div class="example">Example: <code>${escapeHtml(exampleText(exampleOfParam(route, p)))}</code></div>`,
    );
  }
  const position = p.isItem
    ? '<td class="p-item quiet">item</td>'
    : `<td class="p-pos num quiet">${spec.position}</td>`;
  const required = spec.required ? '<span class="req">required</span>' : '<span class="opt">optional</span>';
  return `<tr class="param d${Math.min(p.depth, 3)}" data-param="${escapeHtml(p.name)}">
<td class="p-name"><code>${breakableName(p.name)}</code></td>
<td class="p-type">${spec.type}</td>
${position}
<td class="p-req">${required}</td>
<td class="p-desc">${details.join('')}</td>
</tr>`;
}

function paramsTable(route: RouteRecord, listItems: ListItemsOf): string {
  const rows = flattenParams(route.params);
  if (rows.length === 0) return '<p class="lead">This route takes no parameters.</p>';
  return `<table class="params stack">
<thead><tr><th>Name</th><th>Type</th><th class="quiet"><abbr title="Position">Pos.</abbr></th><th>Required</th><th>Description</th></tr></thead>
<tbody>
${rows.map((row) => paramRow(route, row, listItems)).join('\n')}
</tbody></table>`;
}

function statusRow(s: DocStatus, uncommon: boolean): string {
  const tag = s.routeSpecific ? '<span class="tag">this route</span>' : '';
  const kind = uncommon ? '<td class="s-kind">Uncommon</td>' : '';
  return `<tr data-status="${escapeHtml(s.slug)}">
<td class="s-slug"><code>${escapeHtml(s.slug)}</code>${tag}</td>
${kind}<td class="s-http num">${s.http}</td>
<td class="s-desc">${richText(s.description)}</td>
</tr>`;
}

function statusTable(statuses: readonly DocStatus[], uncommon: boolean): string {
  const kindHead = uncommon ? '<th>Kind</th>' : '';
  return `<table class="statuses stack">
<thead><tr><th>Status</th>${kindHead}<th>HTTP</th><th>Description</th></tr></thead>
<tbody>
${statuses.map((s) => statusRow(s, uncommon)).join('\n')}
</tbody></table>`;
}

function requestSection(route: RouteRecord): string {
  const example = requestExample(route);
  const parts = [
    `<h2>Request Body Example: <code class="content-type">${escapeHtml(example.contentType)}</code></h2>`,
  ];
  if (route.sensitiveParams) {
    parts.push(
      '<p>This route takes sensitive params: send them as a base64-encoded body (the query string is ignored). The body below decodes to the JSON after it.</p>',
      `<pre><code>${escapeHtml(example.body)}</code></pre>`,
      `<p>Decoded:</p><pre><code>${escapeHtml(example.decoded ?? '')}</code></pre>`,
    );
  } else {
    if (example.query) {
      parts.push(
        '<p>As a query string:</p>',
        `<pre><code>${escapeHtml(`${route.method} ${example.query}`)}</code></pre>`,
        '<p>Or as a body:</p>',
      );
    }
    parts.push(`<pre><code>${escapeHtml(example.body)}</code></pre>`);
  }
  const token = tokenPlaceholder(route);
  parts.push(
    '<h3 id="curl">With curl</h3>',
    token
      ? `<p>Put your token in place of <code>${escapeHtml(token)}</code>.</p>`
      : '<p>No token is needed.</p>',
    `<pre class="curl"><code>${escapeHtml(curlExample(route))}</code></pre>`,
  );
  return parts.join('\n');
}

function fieldRow(f: DocField): string {
  const { spec } = f;
  const details: string[] = [];
  if (spec.description) details.push(`<div>${richText(spec.description)}</div>`);
  if (spec.possibleValues && spec.possibleValues.length > 0) {
    const values = spec.possibleValues.map((v) => `<li><code>${escapeHtml(v)}</code></li>`).join('');
    details.push(`<div class="constraint">Possible values</div><ul class="values">${values}</ul>`);
  }
  if (spec.optional) details.push('<div class="constraint">Not always present.</div>');
  return `<tr class="field d${Math.min(f.depth, 3)}" data-field="${escapeHtml(f.name)}">
<td class="f-name"><code>${breakableName(f.name)}</code></td>
<td class="f-type">${escapeHtml(fieldTypeName(spec))}</td>
<td class="f-desc">${details.join('')}</td>
</tr>`;
}

function replySection(route: RouteRecord): string {
  const rows = flattenFields(route.reply);
  const redirect = route.redirects
    ? `<p class="redirect">This route answers <strong>302 Found</strong> with a <code>Location</code> header: the browser follows it. A caller that sends <code>Accept: application/json</code> gets the envelope below with HTTP 200 instead; <code>data.redirect_url</code> is the same location. The 302's body is that envelope too.</p>`
    : '';
  const table =
    rows.length > 0
      ? `<table class="fields stack">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
${rows.map(fieldRow).join('\n')}
</tbody></table>`
      : route.reply.type === 'object'
        ? '<p>An empty object.</p>'
        : `<p>${escapeHtml(fieldTypeName(route.reply))}${route.reply.description ? `: ${richText(route.reply.description)}` : ''}</p>`;
  return `<section id="reply"><h2>Reply</h2>
${redirect}
<p class="lead">On success the status is <code>action-successful</code> and <code>data</code> holds:</p>
${table}
<h3>Example reply</h3>
<pre><code>${escapeHtml(JSON.stringify(exampleReply(route), null, 2))}</code></pre>
</section>`;
}

export function renderRoutePage(
  route: RouteRecord,
  deployed: boolean,
  listItems: ListItemsOf = new Map(),
  routes: readonly RouteRecord[] = [route],
): string {
  const { responses, uncommon } = statusesOf(route);
  const notDeployed = deployed
    ? ''
    : '<p class="note">This route is declared but not deployed: calls to it answer <code>route-not-found</code> (or <code>service-not-found</code> when its whole service is off) until it is.</p>';
  const main = `<h1>${escapeHtml(route.title)}</h1>
<section id="route"><h2>Route</h2>
<p class="route-line">${methodBadge(route.method)} <code class="path">${escapeHtml(route.path)}</code> ${stateBadge(deployed)}</p>
${notDeployed}
<dl class="facts">
<dt>Service</dt><dd><a href="/documentation#service-${escapeHtml(route.service)}">${escapeHtml(route.service)}</a></dd>
<dt>Authentication</dt><dd>${richText(describeAuth(route.auth))}</dd>
<dt>Params from</dt><dd>${route.sensitiveParams ? 'a base64-encoded body only' : route.method === 'GET' ? 'the query string (or a body)' : 'the body, or the query string'}</dd>
<dt>Limits</dt><dd>${richText(describeRequestLimits())}</dd>
</dl>
</section>
<section id="purpose"><h2>Purpose</h2>
<p>${richText(route.purpose)}</p>
</section>
<section id="parameters"><h2>Parameters</h2>
${paramsTable(route, listItems)}
</section>
<section id="request-body">
${requestSection(route)}
</section>
${replySection(route)}
<section id="responses"><h2>Responses</h2>
<p class="lead">Every reply is the envelope <code>{status, data, session, request_id}</code>; errors add <code>message</code> and <code>errors: [{param, status, message}]</code> (empty when no param is to blame).</p>
${statusTable(responses, false)}
</section>
<section id="uncommon-responses"><h2>Uncommon Responses</h2>
<p class="lead">The responses below are not very common.</p>
${statusTable(uncommon, true)}
</section>`;
  const crumb = ` <span>/</span> <a href="/documentation#service-${escapeHtml(route.service)}">${escapeHtml(route.service)}</a>`;
  return page({ title: `${route.title} · PlanoCore API`, breadcrumb: crumb, main, routes, current: route });
}

/**
 * `/documentation/list_items/<collection>`: the active items of one collection, which params
 * declared with `param.listItem` accept. Rendered on each request: items change without a deploy.
 */
export function renderListItemsPage(
  collection: string,
  items: readonly ListItem[],
  usedBy: readonly RouteRecord[],
  routes: readonly RouteRecord[] = usedBy,
): string {
  const rows = items.map(
    (item) => `<tr data-value="${escapeHtml(item.value)}">
<td class="li-value"><code>${escapeHtml(item.value)}</code>${item.isDefault ? '<span class="tag">default</span>' : ''}</td>
<td class="li-name">${escapeHtml(item.name)}</td>
<td class="li-desc">${item.description ? richText(item.description) : ''}</td>
</tr>`,
  );
  const table = items.length
    ? `<table class="list-items stack">
<thead><tr><th>Value</th><th>Name</th><th>Description</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`
    : '<p class="note">No item of this list is active now.</p>';
  const usedByList = usedBy
    .map(
      (route) =>
        `<li><a href="${escapeHtml(docPathOf(route))}">${escapeHtml(route.title)}</a> <code>${escapeHtml(route.path)}</code></li>`,
    )
    .join('');
  const main = `<h1>The <code>${escapeHtml(collection)}</code> list</h1>
<p class="lead">Params drawing from this list accept the <code>value</code> of one of its active items (the server checks each request against the current list).</p>
${table}
${usedByList ? `<h2>Used by</h2><ul class="used-by">${usedByList}</ul>` : ''}`;
  return page({
    title: `${collection} list · PlanoCore API`,
    breadcrumb: ' <span>/</span> list items',
    main,
    routes,
  });
}

export function renderNotFound(path: string, routes: readonly RouteRecord[] = []): string {
  const main = `<h1>No documentation here</h1>
<p>There is no documented route at <code>${escapeHtml(path)}</code>.</p>
<p><a href="/documentation">See every route</a></p>`;
  return page({ title: 'Not found · PlanoCore API', breadcrumb: '', main, routes });
}
