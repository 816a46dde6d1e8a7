/**
 * The operations console in a real browser: Debian's headless Chromium (.ci/install-chromium),
 * driven by playwright-core, against the real server. Signs in, acknowledges notifications,
 * follows one to its email, undeploys and redeploys a route; a non-admin is refused.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueEmail } from '../../src/email/outbox.js';
import { recordNotification } from '../../src/notifications/notifications.js';
import { signedInAdmin } from '../admin/fixtures.js';
import { createUser, PASSWORD } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const TTL = 5_000;

let server: TestServer;
let browser: Browser;
let admin: Awaited<ReturnType<typeof signedInAdmin>>;
const notes: Record<string, number> = {};
let emailId: number;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The console e2e test needs ${CHROMIUM}: run .ci/install-chromium.`);
  server = await startTestServer({ config: { routeStateTtlMs: TTL } });
  admin = await signedInAdmin(server);
  const db = server.app.context.db;
  emailId = (
    await queueEmail(
      db,
      {
        kind: 'welcome',
        to: { email: 'bounced@example.com' },
        subject: 'Welcome <script>alert(1)</script>',
        html: '<p>hi</p>',
        text: 'hi',
        idempotencyKey: 'console-e2e-1',
      },
      { now: server.clock.now() },
    )
  ).id;
  await db
    .updateTable('email_outbox')
    .set({ status: 'failed', attempts: 5 })
    .where('id', '=', emailId)
    .execute();
  for (const [name, message] of [
    ['first', 'Mandrill refused the welcome email'],
    ['second', 'Every attempt failed'],
    ['third', 'Another failure <img src=x onerror=alert(1)>'],
  ] as const) {
    server.clock.advance(60_000);
    notes[name] = (
      await recordNotification(
        db,
        { kind: 'email-failed', severity: 'error', message, context: { email_id: emailId } },
        server.clock.now(),
      )
    ).id;
  }
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

async function openConsole(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${server.url}/console`);
  return { page, errors };
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.locator('#signin-form input[name=email]').fill(email);
  await page.locator('#signin-form input[name=password]').fill(password);
  await page.locator('#signin-form button[type=submit]').click();
}

describe('the console in Chromium', () => {
  it('is served with a strict CSP and no outside resources', async () => {
    const res = await fetch(`${server.url}/console`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/script-src 'sha256-[^']+'(;|$)/);
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('refuses an employee without the admin permission', async () => {
    const plain = await createUser(server.app.context.db, ['employee']);
    const { page, errors } = await openConsole();
    await signIn(page, plain.email);
    await expect.poll(() => page.locator('#signin-error').textContent()).toContain('admin permission');
    expect(await page.locator('#app').isHidden()).toBe(true);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    // The session the refused sign-in made is ended at once.
    const revoked = () =>
      server.app.context.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('user_id', '=', plain.userId)
        .executeTakeFirstOrThrow();
    await expect.poll(async () => (await revoked()).revoked_at !== null).toBe(true);
    // The browser reports the refused call (HTTP 403) itself; nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('status of 403'))).toEqual([]);
    await page.close();
  });

  it('signs in, acknowledges one and then many notifications, and follows one to its email', async () => {
    const { page, errors } = await openConsole();
    await signIn(page, admin.email);
    await expect.poll(() => page.locator('#unacknowledged tbody tr').count()).toBe(3);
    expect(await page.locator('#unacknowledged-count').textContent()).toBe('3 unacknowledged');
    // Newest first; the markup in a message is shown as text.
    const firstRow = page.locator('#unacknowledged tbody tr').first();
    expect(await firstRow.getAttribute('data-id')).toBe(String(notes.third));
    expect(await firstRow.textContent()).toContain('<img src=x onerror=alert(1)>');

    await page.locator(`button[data-ack="${notes.second}"]`).click();
    await expect.poll(() => page.locator('#unacknowledged tbody tr').count()).toBe(2);
    expect(await page.locator('#flash').textContent()).toBe(`Acknowledged notification ${notes.second}.`);
    expect(await page.locator(`#acknowledged tr[data-id="${notes.second}"]`).textContent()).toContain('Test');

    await page.locator(`input[data-select="${notes.first}"]`).check();
    await page.locator(`input[data-select="${notes.third}"]`).check();
    await page.locator('#ack-selected').click();
    await expect.poll(() => page.locator('#unacknowledged tbody tr').count()).toBe(0);
    expect(await page.locator('#acknowledged tbody tr').count()).toBe(3);
    const stored = await server.app.context.db
      .selectFrom('notifications')
      .select(['id', 'acknowledged_by'])
      .orderBy('id')
      .execute();
    expect(stored.map((n) => n.acknowledged_by)).toEqual([admin.userId, admin.userId, admin.userId]);

    await page.locator(`#acknowledged tr[data-id="${notes.first}"] a`).click();
    await page.waitForURL(`**/console#email/${emailId}`);
    await expect.poll(() => page.locator('#emails tbody tr').count()).toBe(1);
    const row = page.locator(`#emails tr[data-id="${emailId}"]`);
    expect(await row.locator('.email-status').textContent()).toBe('failed');
    expect(await row.textContent()).toContain('Welcome <script>alert(1)</script>');
    await row.locator('button[data-resend]').click();
    await expect.poll(() => row.locator('.email-status').textContent()).toBe('queued');
    expect(await page.locator('#flash').textContent()).toBe(`Email ${emailId} queued to be sent again.`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('undeploys a route after confirming, the API then refuses it, and deploys it again', async () => {
    const { page, errors } = await openConsole();
    if (await page.locator('#signin').isVisible()) await signIn(page, admin.email);
    await page.locator('nav a[data-tab=routes]').click();
    const row = page.locator('#routes tr[data-path="/api/v1/system/status"]');
    await expect.poll(() => row.locator('.route-state').textContent()).toBe('deployed');

    page.removeAllListeners('dialog');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await row.locator('button').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('Undeploy /api/v1/system/status?');
    expect(await row.locator('.route-state').textContent()).toBe('deployed');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button').click();
    await expect.poll(() => row.locator('.route-state').textContent()).toBe('undeployed');
    expect(await row.locator('button').textContent()).toBe('Deploy');
    server.clock.advance(TTL);
    const refused = await server.call('GET', '/api/v1/system/status');
    expect(refused.body.status).toBe('route-not-found');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button').click();
    await expect.poll(() => row.locator('.route-state').textContent()).toBe('deployed');
    server.clock.advance(TTL);
    expect((await server.call('GET', '/api/v1/system/status')).body.status).toBe('action-successful');
    const trail = await server.app.context.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('entity_type', '=', 'api_route')
      .orderBy('id')
      .execute();
    expect(trail).toEqual([
      { action: 'undeploy', actor_user_id: admin.userId },
      { action: 'deploy', actor_user_id: admin.userId },
    ]);

    await page.locator('nav a[data-tab=audit]').click();
    await expect.poll(() => page.locator('#audit tbody tr').count()).toBeGreaterThanOrEqual(2);
    const latest = page.locator('#audit tbody tr').first();
    expect(await latest.textContent()).toContain('deploy');
    expect(await latest.textContent()).toContain('"path":"/api/v1/system/status"');
    expect(await latest.textContent()).toContain(`user ${admin.userId}`);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('adds and retires a cancelation reason, and saves the statuses in which clients may cancel', async () => {
    const { page, errors } = await openConsole();
    if (await page.locator('#signin').isVisible()) await signIn(page, admin.email);
    await page.locator('nav a[data-tab=reasons]').click();
    const form = page.locator('#new-reason');
    await form.locator('input[name=slug]').fill('listing-sold');
    await form.locator('input[name=text]').fill('The listing sold first.');
    await form.locator('input[name=type-appointment]').check();
    await form.locator('button[type=submit]').click();
    const row = page.locator('#reasons tr[data-slug="listing-sold"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('order, appointment');
    await row.locator('button').click();
    await expect.poll(() => row.locator('.state').textContent()).toBe('retired');

    await page.locator('#cancelable-statuses input[name=appointment]').fill('requested');
    await page.locator('#cancelable-statuses button[type=submit]').click();
    await expect.poll(() => page.locator('#flash').textContent()).toBe('Saved the cancelable statuses.');
    expect(await page.locator('#cancelable-statuses input[name=appointment]').inputValue()).toBe('requested');
    await page.locator('#cancelable-statuses input[name=tour]').fill('nonsense');
    await page.locator('#cancelable-statuses button[type=submit]').click();
    await expect.poll(() => page.locator('#flash').textContent()).toContain('tour');
    expect(await page.locator('#flash').getAttribute('class')).toBe('error');
    const stored = await server.app.context.db
      .selectFrom('cancelable_statuses')
      .select('status')
      .where('cancelable_type', '=', 'appointment')
      .execute();
    expect(stored).toEqual([{ status: 'requested' }]);
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await page.close();
  });
});
