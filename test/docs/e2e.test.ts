/**
 * The documentation in a real browser: Debian's headless Chromium (installed by .ci/install-chromium),
 * driven by playwright-core. No browser is downloaded; without /usr/bin/chromium this test fails.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusesOf } from '../../src/docs/model.js';
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
    const rows = page.locator('li[data-search]');
    expect(await rows.count()).toBe(allRoutes.length);
    expect(await page.locator('#match-count').textContent()).toBe(`${allRoutes.length} routes`);

    await page.locator('#q').pressSequentially('capture_cl');
    await expect.poll(() => page.locator('li[data-search]:visible').count()).toBe(1);
    expect(await page.locator('#match-count').textContent()).toBe(`1 of ${allRoutes.length} routes match`);
    expect(await page.locator('section.service:visible').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('capture_cl');

    await page.locator('li[data-search]:visible a').click();
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
    await expect.poll(() => page.locator('li[data-search]:visible').count()).toBe(1);
    await page.locator('#q').press('Enter');
    await page.waitForURL('**/documentation/api/v1/cancelations/update');
    expect(await page.locator('h1').textContent()).toBe('Update Cancelation');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads on a phone: no sideways scrolling, params stacked as cards', async () => {
    const { page, errors } = await openPage({ width: 375, height: 740 });
    for (const path of ['/documentation', '/documentation/api/v1/cancelations/update']) {
      await page.goto(`${server.url}${path}`);
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    expect(await page.locator('#parameters thead').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
