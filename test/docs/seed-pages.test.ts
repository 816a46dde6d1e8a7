import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCancelation } from '../../src/cancelations/routes.js';
import type { RouteRecord } from '../../src/protocol/route.js';
import { captureClient } from '../../src/xso/routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { headings, paramRows, section, statusRows, textOf } from './page-text.js';
import { parseSeed } from './seed-text.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures', 'seeds');
const repoRoot = resolve(here, '..', '..');

/** The contract pages, copied into the fixtures; each documents one declared route. */
const SEEDS: { file: string; route: RouteRecord }[] = [
  { file: '000_508098e70034f735.txt', route: updateCancelation },
  { file: '004_7bf37d52971175e7.txt', route: captureClient },
];

/**
 * The seeds' typos, which our pages correct (the slugs stay): every other word of a status
 * description is the seed's.
 */
const SPELLING_FIXES: readonly [string, string][] = [
  ['This status is returned a session is older', 'This status is returned when a session is older'],
  ['make there sessions last', 'make their sessions last'],
  ['the user makeing the request', 'the user making the request'],
  ['Eventhough the request', 'Even though the request'],
  ['will be away of the failure', 'will be aware of the failure'],
  ['need to be invesigated', 'need to be investigated'],
  ['For more infromation on', 'For more information on'],
  ['This status is returned the request body', 'This status is returned when the request body'],
  ['no params where found', 'no params were found'],
  ['requesting a sensative_params API', 'requesting a sensitive-params API'],
];

function corrected(text: string): string {
  return SPELLING_FIXES.reduce((t, [typo, fix]) => t.replace(typo, fix), text);
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

async function pageOf(route: RouteRecord): Promise<string> {
  const res = await server.call('GET', `/documentation${route.path}`);
  expect(res.http).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return res.body as string;
}

describe.each(SEEDS)('seed page $file', ({ file, route }) => {
  const seed = parseSeed(readFileSync(join(fixtures, file), 'utf8'));

  it('parses the seed as a sanity check (params and statuses found)', () => {
    expect(seed.params.length).toBeGreaterThanOrEqual(5);
    expect(seed.responses.length).toBe(10);
    expect(seed.uncommon.length).toBe(5);
  });

  it('renders the title, method and sections of the seed, in its order', async () => {
    const html = await pageOf(route);
    if (seed.title) expect(textOf(/<h1>([\s\S]*?)<\/h1>/.exec(html)![1]!)).toBe(seed.title);
    if (seed.method) {
      expect(textOf(/<span class="method[^"]*">(\w+)<\/span>/.exec(section(html, 'route'))![1]!)).toBe(
        seed.method,
      );
    }
    const pageHeadings = headings(html).map((h) => h.replace(/:.*$/, ''));
    const inSeedOrder = pageHeadings.filter((h) => seed.headings.includes(h));
    expect(inSeedOrder).toEqual(seed.headings.filter((h) => pageHeadings.includes(h)));
    expect(seed.headings.every((h) => pageHeadings.includes(h))).toBe(true);
  });

  it('shows the request body content type of the seed', async () => {
    const html = await pageOf(route);
    const heading = headings(section(html, 'request-body'))[0];
    expect(heading).toBe(`Request Body Example: ${seed.bodyContentType}`);
  });

  it('lists every param of the seed with the same type, position and required mark, and no other', async () => {
    const rows = paramRows(section(await pageOf(route), 'parameters'));
    const topLevel = rows.filter((r) => r.classes.includes('d0'));
    expect(topLevel.map((r) => r.key).sort()).toEqual(seed.params.map((p) => p.name).sort());
    for (const p of seed.params) {
      const row = topLevel.find((r) => r.key === p.name)!;
      expect(textOf(row.cells['p-name']!), p.name).toBe(p.name);
      expect(textOf(row.cells['p-type']!), `${p.name} type`).toBe(p.type);
      expect(textOf(row.cells['p-pos']!), `${p.name} position`).toBe(String(p.position));
      expect(textOf(row.cells['p-req']!), `${p.name} required`).toBe(p.required ? 'required' : 'optional');
      const description = textOf(row.cells['p-desc']!, { codeAsBackticks: true });
      if (p.description) expect(description.startsWith(p.description), `${p.name} description`).toBe(true);
      for (const value of p.possibleValues) expect(description, `${p.name} values`).toContain(`\`${value}\``);
    }
    // Documented order: exactly the seed's, including params that share a position.
    expect(topLevel.map((r) => r.key)).toEqual(seed.params.map((p) => p.name));
  });

  it('lists every response of the seed with the same HTTP code and description', async () => {
    const rows = statusRows(section(await pageOf(route), 'responses'));
    for (const s of seed.responses) {
      const row = rows.find((r) => r.key === s.slug);
      expect(row, s.slug).toBeDefined();
      expect(textOf(row!.cells['s-slug']!)).toBe(s.slug);
      expect(Number(textOf(row!.cells['s-http']!)), `${s.slug} http`).toBe(s.http);
      expect(textOf(row!.cells['s-desc']!, { codeAsBackticks: true }), `${s.slug} description`).toBe(
        corrected(s.description),
      );
    }
  });

  it('lists every uncommon response of the seed under "Uncommon Responses", marked Uncommon', async () => {
    const html = await pageOf(route);
    const rows = statusRows(section(html, 'uncommon-responses'));
    expect(textOf(section(html, 'uncommon-responses'))).toContain('The responses below are not very common.');
    for (const s of seed.uncommon) {
      const row = rows.find((r) => r.key === s.slug);
      expect(row, s.slug).toBeDefined();
      expect(textOf(row!.cells['s-kind']!)).toBe('Uncommon');
      expect(textOf(row!.cells['s-desc']!, { codeAsBackticks: true }), `${s.slug} description`).toBe(
        corrected(s.description),
      );
      expect(statusRows(section(html, 'responses')).some((r) => r.key === s.slug)).toBe(false);
    }
  });
});

describe('spelling', () => {
  it('corrects each typo of the seeds, and every page shows none of them', async () => {
    const seeds = SEEDS.map(({ file }) => readFileSync(join(fixtures, file), 'utf8')).join('\n');
    for (const [typo] of SPELLING_FIXES) expect(seeds, typo).toContain(typo);
    for (const { route } of SEEDS) {
      const text = textOf(await pageOf(route));
      for (const typo of ['makeing', 'sensative', 'invesigated', 'infromation', 'Eventhough', 'away of']) {
        expect(text, `${route.path}: ${typo}`).not.toContain(typo);
      }
    }
  });
});

describe('seed fixtures', () => {
  const shared = [
    join(repoRoot, '..', 'shared', 'seeds'),
    join(repoRoot, '..', '..', 'shared', 'seeds'),
  ].find((dir) => existsSync(dir));

  it.skipIf(!shared)('are the same text as the contract pages in shared/seeds', () => {
    for (const { file } of SEEDS) {
      expect(readFileSync(join(fixtures, file), 'utf8')).toBe(readFileSync(join(shared!, file), 'utf8'));
    }
  });
});
