import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownFileOf, routeMarkdown, writeMarkdownDocs } from '../../src/docs/markdown.js';
import { flattenParams, statusesOf } from '../../src/docs/model.js';
import { param } from '../../src/protocol/params.js';
import { allRoutes } from '../../src/routes.js';
import { captureClient } from '../../src/xso/routes.js';
import { typesRoute, undeployedRoute } from '../helpers/probe-routes.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'planocore-docs-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

describe('markdown export', () => {
  it('`npm run docs <dir>` writes one file per route, plus an index', async () => {
    const out = join(dir, 'cli');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/export-docs.ts', out],
      { cwd: repoRoot },
    );
    expect(stdout).toContain(`Wrote ${allRoutes.length} route pages`);
    const files = await filesUnder(out);
    expect(files.sort()).toEqual([...allRoutes.map(markdownFileOf), 'index.md'].sort());
    const index = await readFile(join(out, 'index.md'), 'utf8');
    for (const route of allRoutes) expect(index).toContain(`(${markdownFileOf(route)})`);
    expect(index).toContain(
      '`GET /api/v1/xso/capture_client`](xso/capture_client.md) XSO CaptuRE Client API\n',
    );
  });

  it('marks routes that are not deployed in the index', async () => {
    const out = join(dir, 'undeployed');
    await writeMarkdownDocs([typesRoute, undeployedRoute], out);
    const index = await readFile(join(out, 'index.md'), 'utf8');
    expect(index).toContain(
      '`GET /api/v1/probe/unreleased`](probe/unreleased.md) Probe Unreleased (not deployed)',
    );
    expect(index).toContain('`POST /api/v1/probe/types`](probe/types.md) Probe Types\n');
  });

  it('writes every param with type, position and required, and every status with its code', async () => {
    await writeMarkdownDocs([captureClient, typesRoute], dir);
    for (const route of [captureClient, typesRoute]) {
      const text = await readFile(join(dir, markdownFileOf(route)), 'utf8');
      expect(text).toBe(routeMarkdown(route, route.deployed));
      expect(text.startsWith(`# ${route.title}\n`)).toBe(true);
      for (const p of flattenParams(route.params)) {
        const position = p.isItem ? 'item' : String(p.spec.position);
        const required = p.spec.required ? 'required' : '';
        expect(text, p.name).toContain(`| \`${p.name}\` | ${p.spec.type} | ${position} | ${required} |`);
      }
      const { responses, uncommon } = statusesOf(route);
      const [main, rest] = text.split('## Uncommon Responses');
      for (const s of responses) {
        const marker = s.routeSpecific ? ' (this route)' : '';
        expect(main).toContain(`| \`${s.slug}\`${marker} | ${s.http} |`);
      }
      for (const s of uncommon) expect(rest).toContain(`| \`${s.slug}\` | Uncommon | ${s.http} |`);
    }
  });

  it('keeps table cells intact when text holds pipes or line breaks', () => {
    const route = { ...typesRoute, purpose: 'a | b', params: {} };
    const text = routeMarkdown(route, true);
    expect(text).toContain('a | b');
    expect(text).toContain('This route takes no parameters.');
    const withPipe = routeMarkdown(
      { ...typesRoute, params: { x: param.string({ position: 1, description: 'one | two\nthree' }) } },
      true,
    );
    expect(withPipe).toContain('one \\| two three');
  });
});
