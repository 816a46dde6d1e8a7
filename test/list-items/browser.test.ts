/**
 * A list's documentation page in a real browser (Debian's headless Chromium, as test/docs/e2e):
 * reached from a param whose values come from the list, it shows the active items, and follows
 * list_items/update at once.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/routes.js';
import { signedIn } from '../helpers/auth.js';
import { listItemRoute, paramProbeRoutes } from '../helpers/param-probe-routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`this test needs Debian's chromium at ${CHROMIUM} (.ci/install-chromium)`);
  server = await startTestServer({ routes: [...allRoutes, ...paramProbeRoutes] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a list’s documentation page in Chromium', () => {
  it('is linked from the param, lists the active items, follows an update, fits a phone', async () => {
    const employee = await signedIn(server, 'employee');
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(`${server.url}/documentation${listItemRoute.path}`);
    await page.locator('a[href="/documentation/list_items/property_type"]').first().click();
    await page.waitForURL('**/documentation/list_items/property_type');
    const values = async () => page.locator('tr[data-value] .li-value code').allTextContents();
    expect(await values()).toEqual([
      'single_family',
      'condo_townhouse',
      'duplex_townhouse',
      'commercial',
      'land',
    ]);
    expect(await page.locator('tr[data-value="condo_townhouse"] .li-name').textContent()).toBe(
      'Condo / Townhouse',
    );
    expect(
      Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')),
    ).toBeLessThanOrEqual(0);

    const land = await server.database.db
      .selectFrom('list_items')
      .select('id')
      .where('collection', '=', 'property_type')
      .where('value', '=', 'land')
      .executeTakeFirstOrThrow();
    const res = await server.call('POST', '/api/v1/list_items/update', {
      json: { token: employee.token, id: String(land.id), active: false },
    });
    expect(res.body.status).toBe('action-successful');
    await page.reload();
    expect(await values()).not.toContain('land');
    expect(errors).toEqual([]);
    await page.close();
  });
});
