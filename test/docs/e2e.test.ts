/**
 * The documentation in a real browser: Debian's headless Chromium (installed by .ci/install-chromium),
 * driven by playwright-core. No browser is downloaded; without /usr/bin/chromium this test fails.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCancelation } from '../../src/cancelations/routes.js';
import { flattenParams, statusesOf } from '../../src/docs/model.js';
import type { RouteRecord } from '../../src/protocol/route.js';
import { allRoutes } from '../../src/routes.js';
import { captureClient } from '../../src/xso/routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The documentation e2e test needs Debian's chromium at ${CHROMIUM}: run .ci/install-chromium (CI does).`,
    );
  }
  server = await startTestServer();
  // launch() gives the browser a fresh --user-data-dir of its own (and removes it on close); it
  // refuses one passed in args, which only launchPersistentContext() takes.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records script errors and CSP violations (both reach the console as errors). */
async function openPage(viewport = { width: 1200, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return { page, errors };
}

describe('documentation in Chromium', () => {
  it('runs Debian chromium headless, with a fresh profile', async () => {
    const { page } = await openPage();
    await page.goto('chrome://version');
    const commandLine = (await page.locator('#command_line').textContent()) ?? '';
    // /usr/bin/chromium is Debian's wrapper around /usr/lib/chromium/chromium.
    expect(commandLine).toMatch(/^\s*\/usr\/lib\/chromium\/chromium /);
    for (const flag of ['--headless', '--no-sandbox', '--disable-quic', '--disable-sync']) {
      expect(commandLine).toContain(flag);
    }
    expect(commandLine).toMatch(/--user-data-dir=\S*playwright\S*profile/);
    await page.close();
  });

  it('opens the index, searches as one types, follows a link and sees the route page', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/documentation`);
    expect(await page.title()).toBe('PlanoCore API documentation');
    const rows = page.locator('#index-routes li[data-search]');
    expect(await rows.count()).toBe(allRoutes.length);
    expect(await page.locator('#match-count').textContent()).toBe(`${allRoutes.length} routes`);

    await page.locator('#q').pressSequentially('capture_cl');
    await expect.poll(() => page.locator('#index-routes li[data-search]:visible').count()).toBe(1);
    expect(await page.locator('#match-count').textContent()).toBe(`1 of ${allRoutes.length} routes match`);
    expect(await page.locator('section.service:visible').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('capture_cl');

    await page.locator('#index-routes li[data-search]:visible a').click();
    await page.waitForURL('**/documentation/api/v1/xso/capture_client');
    expect(await page.locator('h1').textContent()).toBe('XSO CaptuRE Client API');
    expect(await page.locator('#route .method').textContent()).toBe('GET');
    expect(await page.locator('#route .state').textContent()).toBe('deployed');
    expect(await page.locator('#parameters tr.param').count()).toBe(5);
    expect(await page.locator('#responses tr[data-status]').count()).toBe(
      statusesOf(captureClient).responses.length,
    );
    expect(await page.locator('#uncommon-responses tr[data-status]').count()).toBeGreaterThanOrEqual(5);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows no match, and Enter opens the first match', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/documentation`);
    await page.locator('#q').fill('no route has this');
    await expect.poll(() => page.locator('#no-match').isVisible()).toBe(true);
    await page.locator('#q').fill('cancelations/update');
    await expect.poll(() => page.locator('#no-match').isVisible()).toBe(false);
    // Other routes may name it in their purpose; the route itself comes first.
    await expect
      .poll(() => page.locator('#index-routes li[data-search]:visible .path').first().textContent())
      .toBe('/api/v1/cancelations/update');
    await page.locator('#q').press('Enter');
    await page.waitForURL('**/documentation/api/v1/cancelations/update');
    expect(await page.locator('h1').textContent()).toBe('Update Cancelation');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads on a phone: params stacked as cards, the navigation folded and opening on a tap', async () => {
    const { page, errors } = await openPage({ width: 390, height: 844 });
    await page.goto(`${server.url}/documentation${updateCancelation.path}`);
    expect(await page.locator('#parameters thead').isVisible()).toBe(false);
    expect(await page.locator('#nav').getAttribute('open')).toBeNull();
    expect(await page.locator('#nav-q').isVisible()).toBe(false);
    await page.locator('#nav summary').click();
    expect(await page.locator('#nav-q').isVisible()).toBe(true);
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds a route by a param name, in the navigation of a route page and on the index', async () => {
    const term = 'cancelable_type';
    const expected = pathsWithParam(term);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(allRoutes.length);
    const { page, errors } = await openPage({ width: 1280, height: 900 });
    await page.goto(`${server.url}/documentation${captureClient.path}`);
    await page.locator('#nav-q').pressSequentially(term);
    await expect
      .poll(async () => (await visibleHrefs(page, '#nav-routes li[data-search]:visible a')).sort())
      .toEqual(expected.map((path) => `/documentation${path}`).sort());
    // Each match says which param matched.
    const hints = await page.locator('#nav-routes li[data-search]:visible .hit').allTextContents();
    expect(hints).toEqual(expected.map(() => `param ${term}`));
    await page.locator('#nav-q').fill('no route has this');
    await expect.poll(() => page.locator('#nav-none').isVisible()).toBe(true);

    await page.goto(`${server.url}/documentation`);
    await page.locator('#q').pressSequentially(term);
    await expect
      .poll(async () => (await visibleHrefs(page, '#index-routes li[data-search]:visible a')).sort())
      .toEqual(expected.map((path) => `/documentation${path}`).sort());
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Where the screenshots go (gitignored): test-artifacts/docs/<page>-<width>.png. */
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/docs');

const SCREENSHOT_PAGES: { name: string; path: string; route?: RouteRecord }[] = [
  { name: 'index', path: '/documentation' },
  { name: 'cancelations-update', path: `/documentation${updateCancelation.path}`, route: updateCancelation },
  { name: 'xso-capture-client', path: `/documentation${captureClient.path}`, route: captureClient },
];

describe.each([1280, 390])('documentation at %i px', (width) => {
  it.each(SCREENSHOT_PAGES)(
    '$name: no sideways scrolling, no name broken mid-word; screenshot saved',
    async ({ name, path, route }) => {
      const { page, errors } = await openPage({ width, height: 900 });
      await page.goto(`${server.url}${path}`);
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
      expect(await overflowOf(page), 'sideways scrolling (px)').toBeLessThanOrEqual(0);
      const names = await nameLines(page);
      if (route) {
        const rows = flattenParams(route.params).length;
        expect(names.filter((n) => n.kind === 'param')).toHaveLength(rows);
        expect(names.filter((n) => n.kind === 'status').length).toBe(
          statusesOf(route).responses.length + statusesOf(route).uncommon.length,
        );
      }
      // A name may wrap only after a "." or "_", and on a wide screen not at all.
      const broken = names.filter((n) =>
        n.lines.some((line, i) => i < n.lines.length - 1 && !/[._]$/.test(line)),
      );
      expect(broken, 'names broken mid-word').toEqual([]);
      if (width >= 1280)
        expect(
          names.filter((n) => n.lines.length > 1),
          'names wrapped at 1280 px',
        ).toEqual([]);
      // The side navigation is beside the content on a wide screen, folded above it on a phone.
      expect(await page.locator('#nav-q').isVisible()).toBe(width >= 1280);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});

/** How far the page scrolls sideways (0 or less: not at all). */
async function overflowOf(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
}

function pathsWithParam(term: string): string[] {
  return allRoutes
    .filter((r) => flattenParams(r.params).some((p) => p.name.includes(term)))
    .map((r) => r.path);
}

async function visibleHrefs(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

interface NameLines {
  kind: 'param' | 'field' | 'status';
  name: string;
  /** The name's text as laid out, one entry per line. */
  lines: string[];
}

/**
 * Every param, field and status name of the page, split where the browser wrapped it: each character's
 * box is measured, and a new line starts where a box sits lower than the one before.
 */
async function nameLines(page: Page): Promise<NameLines[]> {
  const script = `(() => {
    const out = [];
    for (const code of document.querySelectorAll('td.p-name code, td.f-name code, td.s-slug code')) {
      if (!code.getClientRects().length) continue;
      const lines = [''];
      let top = null;
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          if (top !== null && rect.top > top + rect.height / 2) lines.push('');
          top = rect.top;
          lines[lines.length - 1] += node.data[i];
        }
      }
      const cell = code.parentElement.classList;
      out.push({ kind: cell.contains('p-name') ? 'param' : cell.contains('f-name') ? 'field' : 'status', name: code.textContent, lines });
    }
    return out;
  })()`;
  return (await page.evaluate(script)) as NameLines[];
}
