import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { artifactPath, launchBrowser } from '../support/browser';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { addStaff } from '../integration/venue-portal-support';
import { submit } from '../integration/quote-fixtures';
import { mintQuoteLink } from '../support/quote-link';
import { readFileSync } from 'node:fs';
import { seed } from '../integration/quote-fixtures';
import { DESK_CLOCK, deskBrief, deskCatalogue } from '../integration/desk-shape-fixtures';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

/** Serious or critical WCAG violations on the page, as hub-surfaces.test.ts checks them. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResult> } }).axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] }));
  if (result.passes.length === 0) throw new Error('axe-core checked nothing');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${new URL(page.url()).pathname}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')})`);
}

/**
 * Issue 5, done when: a hub user signs in by the e-mailed link, sees a brief that needs review arrive on
 * the board with its countdown, opens it, edits a line, sends it, and the organiser's link shows the new
 * version. In Debian's Chromium, on a desktop and on a phone; screenshots land in test-artifacts/.
 */

interface PageGlobals {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number } };
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  // A 422 is how the editor answers an invalid edit; a missing resource is reported by its URL below.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() === 404 && !r.url().endsWith('/favicon.ico')) problems.push(`404 ${new URL(r.url()).pathname}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

async function signInThroughBrowser(app: TestApp, page: Page, email: string, path: string): Promise<void> {
  await page.goto(app.baseUrl + path);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
  const mails = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'login_link' && m.to === email));
  const link = /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mails.find((m) => m.kind === 'login_link' && m.to === email)!.text)![1]!;
  await page.goto(app.baseUrl + new URL(link).pathname);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path);
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  const o = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return { scroll: g.document.documentElement.scrollWidth, inner: g.innerWidth };
  });
  expect(o.scroll).toBeLessThanOrEqual(o.inner);
}

describe('brief desk in a browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('when a hub user opens a brief that needs review from the board, edits a line and sends it, then the organiser’s link shows the new version', async () => {
    app = await startTestApp({ env: { AUTO_SEND: 'false' } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'desk@example.org', 'hub_staff', [], 'Desk Person');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signInThroughBrowser(app, page, 'desk@example.org', '/hub');

    const ref = await submit(app, validBrief());
    await app.waitForStatus(ref, ['needs_review']);
    await page.reload();
    const row = page.locator(`tr[data-ref="${ref}"]`).first();
    await row.waitFor();
    await expect(row.locator('.countdown').first().textContent()).resolves.toMatch(/\d/);
    await page.screenshot({ path: artifactPath('hub-desk-dashboard.png'), fullPage: true });
    await row.getByRole('link', { name: ref }).click();
    await page.waitForURL((url) => url.pathname === `/hub/briefs/${ref}`);
    await expect(page.locator('#brief-status').textContent()).resolves.toBe('needs_review');
    await page.getByText('auto_send_off').first().waitFor();

    // Day delegates 840 → 800 at €65: option 1 drops from €100,800.00 to €96,000.00 excl. VAT on that line.
    await page.locator('#o1_l0_quantity').fill('800');
    await page.locator('#note').fill('Numbers updated after our call.');
    await page.getByRole('button', { name: 'Re-price' }).click();
    await page.locator('#repriced-gross-1').waitFor();
    const repriced = await page.locator('#repriced-gross-1').textContent();
    await page.getByRole('button', { name: 'Preview e-mail' }).click();
    await page.locator('pre.email-text').waitFor();
    await expect(page.locator('pre.email-text').textContent()).resolves.toContain('Numbers updated after our call.');
    await page.frameLocator('iframe[name="email-html"]').getByText('Numbers updated after our call.').waitFor();
    await page.screenshot({ path: artifactPath('hub-desk-preview.png'), fullPage: true });

    await page.getByRole('button', { name: 'Save & send' }).click();
    await page.locator('#sent-notice').waitFor();
    await expect(page.locator('#brief-status').textContent()).resolves.toBe('sent');
    await page.locator('#options').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('hub-desk.png'), fullPage: true });
    await noHorizontalOverflow(page);

    const stored = (await app.services.stores.briefs.findByRef(ref))!;
    const organiser = await context.newPage();
    await organiser.goto(`${app.baseUrl}/q/${await mintQuoteLink(app, stored.id)}`);
    await organiser.getByText('Version 2', { exact: false }).first().waitFor();
    await expect(organiser.locator('main').textContent()).resolves.toContain(repriced!.trim());
    await organiser.getByText('Numbers updated after our call.').waitFor();
    const drafts = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote' && m.ref === ref));
    expect(drafts.filter((m) => m.kind === 'draft_quote').map((m) => m.text.includes(repriced!.trim()))).toEqual([true]);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('when the desk is opened on a phone, then nothing overflows sideways and the editor stacks', async () => {
    app = await startTestApp({ env: { AUTO_SEND: 'false' } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'desk@example.org', 'hub_staff', [], 'Desk Person');
    const ref = await submit(app, validBrief());
    await app.waitForStatus(ref, ['needs_review']);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signInThroughBrowser(app, page, 'desk@example.org', `/hub/briefs/${ref}`);
    await page.locator('#o1_l0_quantity').fill('-1');
    await page.getByRole('button', { name: 'Re-price' }).click();
    await page.locator('#editor-errors').waitFor();
    await expect(page.locator('#editor-errors').textContent()).resolves.toContain('quantity must not be negative');
    await noHorizontalOverflow(page);
    await page.screenshot({ path: artifactPath('hub-desk-phone.png'), fullPage: true });
    await page.locator('#editor').screenshot({ path: artifactPath('hub-desk-phone-editor.png') });
    await page.locator('#options').screenshot({ path: artifactPath('hub-desk-phone-options.png') });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  // Issues 13 and 15: an option's dates and breakout room changed, and an option built by hand on a dead end.
  for (const [name, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`on a ${name}, when hub staff change an option's dates and breakout room, then build an option by hand on a brief no venue fits, then both are sent`, async () => {
      app = await startTestApp({ env: { AUTO_SEND: 'false' }, clock: DESK_CLOCK });
      await seed(app.services, deskCatalogue());
      await addStaff(app, 'desk@example.org', 'hub_staff', [], 'Desk Person');
      const ref = await submit(app, deskBrief());
      const deadEnd = await submit(app, deskBrief({ destinations: ['Nice'], non_negotiable: ['destinations'], organiser: { name: 'Zoé Martin', email: 'zoe@example.org', language: 'fr' } }));
      await app.waitForStatus(ref, ['needs_review']);
      await app.waitForStatus(deadEnd, ['needs_review']);
      const context = await browser.newContext({ viewport, ...(name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
      const page = await context.newPage();
      const problems = watchProblems(page);
      const violations: string[] = [];
      const check = async (label: string) => {
        violations.push(...(await axeViolations(page)));
        await page.screenshot({ path: artifactPath(`hub-desk-shapes-${name}-${label}.png`), fullPage: true });
      };
      await signInThroughBrowser(app, page, 'desk@example.org', '/hub');
      await page.getByRole('link', { name: 'All briefs' }).first().click();
      await page.getByRole('link', { name: ref }).first().click();
      await page.waitForURL((url) => url.pathname === `/hub/briefs/${ref}`);
      await check('open');

      // Option 1 on 7–9 April with the Frioul room: 3 × 1 200,00 € + 3 × 300,00 €, + 20 % VAT.
      await page.getByLabel('Dates').selectOption('2027-04-07/2027-04-09');
      await page.getByLabel('Breakout room 1').selectOption('FRIOUL');
      await page.getByRole('button', { name: 'Re-price' }).click();
      await page.locator('#repriced-gross-1').waitFor();
      await expect(page.locator('#repriced-gross-1').textContent()).resolves.toBe('€5,400.00');
      await expect(page.locator('#o1_l0_unit_price').inputValue()).resolves.toBe('1200.00');
      await noHorizontalOverflow(page);
      await check('repriced');
      await page.getByRole('button', { name: 'Save & send' }).click();
      await page.locator('#sent-notice').waitFor();
      await expect(page.locator('#brief-status').textContent()).resolves.toBe('sent');
      await expect(page.locator('#option-1').textContent()).resolves.toMatch(/7 Apr/);

      // The dead end: found from All briefs, an option built by hand from the catalogue.
      await page.getByRole('link', { name: 'All briefs' }).first().click();
      await page.getByRole('link', { name: deadEnd }).first().click();
      await page.waitForURL((url) => url.pathname === `/hub/briefs/${deadEnd}`);
      await page.locator('#no-options').waitFor();
      await page.getByLabel('Venue name or city').fill('palais');
      await page.getByRole('button', { name: 'Search venues' }).click();
      await page.getByRole('button', { name: 'Add Palais Test as an option' }).click();
      await page.locator('#repriced-gross-1').waitFor();
      await expect(page.locator('#repriced-gross-1').textContent()).resolves.toBe('€4,320.00');
      await page.getByLabel('Breakout room 1').selectOption('FRIOUL');
      await page.getByRole('button', { name: 'Re-price' }).click();
      await expect(page.locator('#repriced-gross-1').textContent()).resolves.toBe('€4,680.00');
      await noHorizontalOverflow(page);
      await check('built');
      await page.getByRole('button', { name: 'Save & send' }).click();
      await page.locator('#sent-notice').waitFor();
      await expect(page.locator('#brief-status').textContent()).resolves.toBe('sent');
      await check('built-sent');
      const mails = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote' && m.to === 'zoe@example.org'));
      expect(mails.find((m) => m.kind === 'draft_quote' && m.to === 'zoe@example.org')!.text).toContain('Salle Frioul');

      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
