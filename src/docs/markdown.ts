/**
 * The route pages as markdown, one file per route (`npm run docs`), with the same sections as the
 * HTML pages.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeRequestLimits } from '../protocol/limits.js';
import { listItemsDocPath } from '../protocol/list-items.js';
import { fieldTypeName, flattenFields } from '../protocol/reply.js';
import type { RouteRecord } from '../protocol/route.js';
import {
  curlExample,
  describeAuth,
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

/** Table cells: no pipes or line breaks that would end the cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function fence(text: string, lang = ''): string {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function paramLine(p: DocParam): string {
  const { spec } = p;
  const details = [spec.description];
  if (spec.maxLength !== undefined) details.push(`Max length: ${spec.maxLength}.`);
  details.push(...ruleLines(spec));
  if (spec.possibleValues?.length) {
    details.push(`Possible values: ${spec.possibleValues.map((v) => `\`${v}\``).join(', ')}.`);
  }
  if (spec.listItems !== undefined) {
    // The export has no database: the list's page gives its current items.
    details.push(
      `One of the active items of the [\`${spec.listItems}\` list](${listItemsDocPath(spec.listItems)}).`,
    );
  }
  const position = p.isItem ? 'item' : String(spec.position);
  const required = spec.required ? 'required' : '';
  return `| \`${cell(p.name)}\` | ${spec.type} | ${position} | ${required} | ${cell(details.filter(Boolean).join(' '))} |`;
}

function statusLine(s: DocStatus, uncommon: boolean): string {
  const tag = s.routeSpecific ? ' (this route)' : '';
  const kind = uncommon ? ' Uncommon |' : '';
  return `| \`${s.slug}\`${tag} |${kind} ${s.http} | ${cell(s.description)} |`;
}

export function routeMarkdown(route: RouteRecord, deployed: boolean): string {
  const { responses, uncommon } = statusesOf(route);
  const params = flattenParams(route.params);
  const example = requestExample(route);
  const lines = [
    `# ${route.title}`,
    '',
    '## Route',
    '',
    `\`${route.method}\` \`${route.path}\` (${deployed ? 'deployed' : 'not deployed'})`,
    '',
    `- Service: ${route.service}`,
    `- Authentication: ${describeAuth(route.auth)}`,
    `- Limits: ${describeRequestLimits()}`,
    '',
    '## Purpose',
    '',
    route.purpose,
    '',
    '## Parameters',
    '',
  ];
  if (params.length === 0) lines.push('This route takes no parameters.');
  else {
    lines.push('| Name | Type | Position | Required | Description |', '| --- | --- | --- | --- | --- |');
    lines.push(...params.map(paramLine));
  }
  lines.push('', `## Request Body Example: ${example.contentType}`, '');
  if (route.sensitiveParams) {
    lines.push(
      'This route takes sensitive params: send them as a base64-encoded body (the query string is ignored).',
      '',
      fence(example.body),
      '',
      'Decoded:',
      '',
      fence(example.decoded ?? '', 'json'),
    );
  } else {
    if (example.query) lines.push('As a query string:', '', fence(`${route.method} ${example.query}`), '');
    lines.push(fence(example.body, example.body.startsWith('{') ? 'json' : ''));
  }
  const token = tokenPlaceholder(route);
  lines.push('', '### With curl', '');
  if (token) lines.push(`Put your token in place of \`${token}\`.`, '');
  lines.push(fence(curlExample(route), 'sh'));
  lines.push('', '## Reply', '');
  if (route.redirects) {
    lines.push(
      'Answers **302 Found** with a `Location` header; a caller sending `Accept: application/json` gets the envelope below with HTTP 200 instead (`data.redirect_url` is the location).',
      '',
    );
  }
  const fields = flattenFields(route.reply);
  lines.push('On success the status is `action-successful` and `data` holds:', '');
  if (fields.length > 0) {
    lines.push('| Field | Type | Description |', '| --- | --- | --- |');
    for (const f of fields) {
      const values = f.spec.possibleValues?.length
        ? ` Possible values: ${f.spec.possibleValues.map((v) => `\`${v}\``).join(', ')}.`
        : '';
      const optional = f.spec.optional ? ' Not always present.' : '';
      lines.push(
        `| \`${cell(f.name)}\` | ${fieldTypeName(f.spec)} | ${cell(f.spec.description + values + optional)} |`,
      );
    }
  } else {
    lines.push(route.reply.type === 'object' ? 'An empty object.' : fieldTypeName(route.reply));
  }
  lines.push('', 'Example reply:', '', fence(JSON.stringify(exampleReply(route), null, 2), 'json'));
  lines.push(
    '',
    '## Responses',
    '',
    '| Status | HTTP | Description |',
    '| --- | --- | --- |',
    ...responses.map((s) => statusLine(s, false)),
    '',
    '## Uncommon Responses',
    '',
    'The responses below are not very common.',
    '',
    '| Status | Kind | HTTP | Description |',
    '| --- | --- | --- | --- |',
    ...uncommon.map((s) => statusLine(s, true)),
    '',
  );
  return lines.join('\n');
}

/** `/api/v1/xso/capture_client` → `xso/capture_client.md` */
export function markdownFileOf(route: RouteRecord): string {
  const tail = route.path.replace(/^\/api\/v\d+\//, '');
  const suffix = route.method === 'GET' || route.method === 'POST' ? '' : `.${route.method.toLowerCase()}`;
  return `${tail}${suffix}.md`;
}

function indexMarkdown(routes: readonly RouteRecord[], deployedOf: (r: RouteRecord) => boolean): string {
  const lines = ['# PlanoCore API', ''];
  for (const [service, list] of routesByService(routes)) {
    lines.push(`## ${service}`, '');
    for (const r of list) {
      const state = deployedOf(r) ? '' : ' (not deployed)';
      lines.push(`- [\`${r.method} ${r.path}\`](${markdownFileOf(r)}) ${r.title}${state}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Writes one markdown file per route under `dir` (plus `index.md`); returns the files written. */
export async function writeMarkdownDocs(
  routes: readonly RouteRecord[],
  dir: string,
  deployedOf: (route: RouteRecord) => boolean = (route) => route.deployed,
): Promise<string[]> {
  const written: string[] = [];
  for (const route of routes) {
    const file = join(dir, markdownFileOf(route));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, routeMarkdown(route, deployedOf(route)));
    written.push(file);
  }
  const index = join(dir, 'index.md');
  await mkdir(dir, { recursive: true });
  await writeFile(index, indexMarkdown(routes, deployedOf));
  return [...written, index];
}
