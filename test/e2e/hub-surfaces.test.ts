import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { artifactPath, launchBrowser } from '../support/browser';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { addStaff } from '../integration/venue-portal-support';
import { submit } from '../integration/quote-fixtures';

/**
 * Issue 15, hub staff: signed in from the e-mailed link, a hub admin lands on /hub, finds a brief
 * in All briefs, writes to the organiser from a no_feasible_venue desk and sees the confirmation,
 * and every hub page passes axe-core (no serious or critical violation) with no console error,
 * on a 1366 px desktop and a 390 px phone. Screenshots land in test-artifacts/.
 */

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

interface PageGlobals {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number }; activeElement: { id: string } | null };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() === 404 && !r.url().endsWith('/favicon.ico')) problems.push(`404 ${new URL(r.url()).pathname}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => (globalThis as unknown as PageGlobals).axe.run(document, { resultTypes: ['violations'] }));
  if (result.passes.length === 0) throw new Error('axe-core checked nothing');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${new URL(page.url()).pathname}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')})`);
}

declare const document: unknown;

async function signInThroughBrowser(app: TestApp, page: Page, email: string): Promise<string> {
  await page.goto(`${app.baseUrl}/auth/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  const mine = () => app.smtp.received.filter((m) => m.kind === 'login_link' && m.to === email);
  const before = mine().length;
  await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
  await app.smtp.waitFor(() => mine().length > before);
  const link = /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mine()[before]!.text)![1]!;
  await page.goto(app.baseUrl + new URL(link).pathname);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/auth/'));
  return new URL(page.url()).pathname;
}

describe('hub pages in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let reviewRef: string;
  let deadEndRef: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startTestApp({ env: { AUTO_SEND: 'false' } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'admin@example.org', 'hub_admin', [], 'Hub Admin');
    reviewRef = await submit(app, validBrief({ notes: 'Quiet rooms for the workshops please.' }));
    deadEndRef = await submit(app, validBrief({ organiser: { name: 'Zoé Martin', email: 'zoe@example.org', language: 'fr' }, destinations: ['Nice'], non_negotiable: ['destinations'] }));
    await app.waitForStatus(reviewRef, ['needs_review']);
    await app.waitForStatus(deadEndRef, ['needs_review']);
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await browser?.close();
  });

  for (const [name, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`on a ${name}, when a hub admin signs in from the e-mailed link, finds briefs and writes to an organiser, then every hub page passes axe-core`, async () => {
      const context = await browser.newContext({ viewport, ...(name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
      const page = await context.newPage();
      const problems = watchProblems(page);
      expect(await signInThroughBrowser(app, page, 'admin@example.org')).toBe('/hub');
      const violations: string[] = [];
      const check = async (label: string) => {
        violations.push(...(await axeViolations(page)));
        await page.screenshot({ path: artifactPath(`hub-surfaces-${name}-${label}.png`), fullPage: true });
      };
      await check('dashboard');

      // All briefs, from the navigation: search by the notes' words.
      await page.getByRole('link', { name: 'All briefs' }).first().click();
      await page.waitForURL((u) => u.pathname === '/hub/briefs');
      await page.getByLabel('Search').fill('quiet rooms');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.waitForURL((u) => u.searchParams.get('q') === 'quiet rooms');
      await expect(page.locator('tr[data-ref]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')))).resolves.toEqual([reviewRef]);
      await check('briefs');

      // The dead end's desk: relaxations, then a message whose confirmation is focused in view.
      await page.goto(`${app.baseUrl}/hub/briefs/${deadEndRef}`);
      await expect(page.locator('#relaxations tr[data-criterion="destinations"]').count()).resolves.toBe(1);
      await check('desk-dead-end');
      await page.getByLabel('Message').fill(`Accepteriez-vous Marseille ? (${name})`);
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.locator('#message-notice').waitFor();
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.activeElement?.id === 'message-notice');
      await expect(page.locator('#message-notice').isVisible()).resolves.toBe(true);
      await check('desk-message-sent');

      await page.goto(`${app.baseUrl}/hub/briefs/${reviewRef}`);
      await check('desk-review');
      // Nothing widens the page; on a desktop the option tables show every column (net, gross) without scrolling.
      const fit = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals & { document: { querySelectorAll(s: string): { scrollWidth: number; clientWidth: number }[] } };
        return { page: g.document.documentElement.scrollWidth - g.innerWidth, tables: [...g.document.querySelectorAll('#options .table-scroll')].map((t) => t.scrollWidth - t.clientWidth) };
      });
      expect(fit.page).toBeLessThanOrEqual(0);
      if (name === 'desktop') expect(fit.tables.filter((over) => over > 0)).toEqual([]);
      // Every scrollable table region is reachable by keyboard and named.
      await expect(page.locator('.table-scroll:not([tabindex="0"])').count()).resolves.toBe(0);
      await page.goto(`${app.baseUrl}/hub/mail?ref=${deadEndRef}`);
      await check('mail');
      await page.goto(`${app.baseUrl}/hub/users?supplier_q=pharo`);
      await expect(page.getByLabel(/Palais du Pharo/).count()).resolves.toBe(1);
      await check('users');
      await page.goto(`${app.baseUrl}/hub/proposals`);
      await check('proposals');
      await page.goto(`${app.baseUrl}/hub/privacy`);
      await check('privacy');
      // The queue view: no CSP error in the console (watched by `problems`).
      await page.goto(`${app.baseUrl}/hub/queues/`);
      await page.waitForLoadState('networkidle');

      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
