import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { artifactPath, launchBrowser } from '../support/browser';
import { addStaff, signIn } from '../integration/venue-portal-support';
import { seedObservatory } from '../integration/observatory-fixtures';

/**
 * The market observatory in Debian's Chromium, as hub staff and as venue staff, on a desktop and
 * on a phone: the charts are drawn under the CSP, nothing overflows the page, and axe-core
 * (injected from the npm package) finds no serious or critical accessibility violation.
 */

const NOW = new Date('2027-04-15T10:00:00.000Z');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

interface PageGlobals {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number } };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Serious and critical violations only, each with the elements it names. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => (globalThis as unknown as PageGlobals).axe.run(document, { resultTypes: ['violations'] }));
  // Proof that axe really ran its rules on this page (an empty page would pass nothing).
  if (result.passes.length === 0) throw new Error('axe-core checked nothing');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

declare const document: unknown;

describe('market observatory in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  const cookies: Record<string, [string, string][]> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startTestApp({ clock: { now: () => NOW } });
    await app.services.db('suppliers').insert([
      { supplier_id: 'OWNV', name: 'Own Venue', kind: 'hotel', city: 'Marseille', email: 'ownv@example.org', accessible: true, active: true },
      { supplier_id: 'OTHER', name: 'Other Venue', kind: 'hotel', city: 'Nice', email: 'other@example.org', accessible: true, active: true },
    ]);
    await addStaff(app, 'hub-staff@example.org', 'hub_staff', [], 'Hub Person');
    await addStaff(app, 'venue@example.org', 'venue_staff', ['OWNV'], 'Venue Person');
    for (const email of ['hub-staff@example.org', 'venue@example.org']) cookies[email] = [...(await signIn(app, email)).browser.cookies];
    await app.stopWorkers();
    await app.services.db('observatory_months').delete();
    await seedObservatory(app.services.db);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const who of [
    { email: 'hub-staff@example.org', name: 'hub', own: false },
    { email: 'venue@example.org', name: 'venue', own: true },
  ]) {
    test(`when ${who.name} staff open /observatory on a desktop and a phone, then the tables and charts show and axe finds nothing serious`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const url = new URL(app.baseUrl);
      await context.addCookies(cookies[who.email]!.map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' })));
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${app.baseUrl}/observatory?from=2027-01&to=2027-04`);
      await page.getByRole('heading', { name: 'Market observatory' }).waitFor();
      await page.getByRole('link', { name: 'Observatory' }).first().waitFor();

      const march = page.locator('tr[data-month="2027-03"]');
      await expect(march.locator('td').first().textContent()).resolves.toBe('13');
      await expect(page.locator('tr[data-month="2027-01"] .sr-only').first().textContent()).resolves.toBe('withheld: fewer than 5 briefs');
      await expect(page.getByRole('columnheader', { name: 'Your leads' }).count()).resolves.toBe(who.own ? 1 : 0);
      await expect(page.locator('#digest').count()).resolves.toBe(who.own ? 1 : 0);
      const drawn = await page.locator('#chart-budget').evaluate((c) => (c as unknown as { width: number }).width > 0);
      expect(drawn).toBe(true);
      await page.screenshot({ path: artifactPath(`observatory-${who.name}.png`), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);

      // Narrowing by destination through the form.
      await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'Toulon' });
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((u) => u.searchParams.get('destination') === 'toulon');
      await page.getByRole('heading', { name: 'Demand the region could not serve: Toulon' }).waitFor();
      await expect(page.locator('#unmet').textContent()).resolves.toContain('800 people (600 – 1000)');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${app.baseUrl}/observatory?from=2027-01&to=2027-04`);
      await page.locator('#chart-volume').waitFor();
      const widths = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return { scroll: g.document.documentElement.scrollWidth, inner: g.innerWidth };
      });
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
      await page.screenshot({ path: artifactPath(`observatory-${who.name}-phone.png`), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
