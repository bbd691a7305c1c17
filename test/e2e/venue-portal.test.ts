import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { artifactPath, launchBrowser } from '../support/browser';
import { addStaff } from '../integration/venue-portal-support';
import { TABLES } from '../../src/platform/tables';

/**
 * A venue's staff member keeps their rates fresh in a real browser (Debian's Chromium): signs in
 * with the e-mailed link, downloads the rate sheet, picks the edited file, checks the preview,
 * commits, and sees the freshness banner turn from stale to fresh.
 */

const DAY = 86_400_000;
const EMAIL = 'claire@palais.example';

const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
];

/** The little of the DOM the page-side callbacks use (the project compiles without lib "dom"). */
interface PageElement {
  id: string;
  tagName: string;
  className: unknown;
  getBoundingClientRect(): { right: number };
  closest(selector: string): PageElement | null;
}
interface PageGlobals {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number }; querySelectorAll(selector: string): Iterable<PageElement> };
}

/** Horizontal overflow, measured against the viewport the test asked for (a mobile page may zoom out to fit). */
async function overflow(page: Page, width: number) {
  return page.evaluate((w) => {
    const { document, innerWidth } = globalThis as unknown as PageGlobals;
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      // Children of a horizontally scrolling table wrapper may be wider than the screen: the wrapper scrolls, the page does not.
      // A table inside .table-scroll may be wider than the phone: its wrapper scrolls sideways, the page does not.
      .filter((el) => el.getBoundingClientRect().right > w + 0.5 && !el.closest('.table-scroll'))
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).replace(/\s+/g, '.')}` : ''}`);
    return { scrollWidth: doc.scrollWidth, innerWidth, wide: wide.slice(0, 10) };
  }, width);
}

async function expectNoHorizontalOverflow(page: Page, width: number) {
  const o = await overflow(page, width);
  expect(o.wide).toEqual([]);
  expect(o.innerWidth).toBe(width);
  expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
}

/** The rendered text (innerText: block boundaries become line breaks), with runs of white space folded. */
const visible = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** Polls until `read` gives a value that passes `ok` (the file picker fills the textarea asynchronously). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('venue portal in a browser', () => {
  let browser: Browser;
  let app: TestApp;
  let now: Date;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now } });
    await seedSmallCatalogue(app.services);
    // Rates confirmed 60 days ago: past the 45-day freshness window, so the banner says stale.
    await app.services.db(TABLES.suppliers).where({ supplier_id: 'PALAIS' }).update({ rates_confirmed_at: new Date(now.getTime() - 60 * DAY).toISOString() });
    await addStaff(app, EMAIL, 'venue_staff', ['PALAIS'], 'Claire Venue');
  });
  afterEach(async () => {
    await app.stop();
  });

  for (const { name, options } of VIEWPORTS) {
    const width = options.viewport!.width;

    it(`when venue staff on a ${name} sign in with the e-mailed link, pick an edited rate sheet, check the preview and commit, then the banner turns from stale to fresh and the new price shows`, async () => {
      const context = await browser.newContext({ ...options, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      // Script errors, CSP violations and broken assets; the browser's favicon probe is expected.
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('response', (r) => {
        if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
      });
      const shot = (step: string) => page.screenshot({ path: artifactPath(`venue-portal-${step}-${name}.png`), fullPage: true });
      try {
        // Signed out: the portal sends the visitor to sign-in, remembering where they were going.
        await page.goto(`${app.baseUrl}/venue/PALAIS`);
        expect(new URL(page.url()).pathname).toBe('/auth/sign-in');
        expect(new URL(page.url()).searchParams.get('next')).toBe('/venue/PALAIS');
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
        await expectNoHorizontalOverflow(page, width);
        await shot('sign-in');

        await page.getByLabel('E-mail address').fill(EMAIL);
        await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your e-mail');
        await expectNoHorizontalOverflow(page, width);

        const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'login_link' && x.to === EMAIL), 20_000);
        const mail = mails.find((m) => m.kind === 'login_link' && m.to === EMAIL)!;
        const link = /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
        expect(link).toBeDefined();
        // The link is absolute in the e-mail; open its path on the test server.
        await page.goto(app.baseUrl + new URL(link!).pathname);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to PCE Front Office');
        await expectNoHorizontalOverflow(page, width);
        await shot('confirm');
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS`), page.getByRole('button', { name: 'Sign in' }).click()]);

        // The supplier page: the banner says stale.
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Palais du Pharo (test)');
        const staleBanner = page.locator('p.freshness');
        await expect(staleBanner.getAttribute('class')).resolves.toContain('freshness-stale');
        await expect(visible(page, 'p.freshness')).resolves.toBe(
          'Rates last confirmed 16 November 2026, stale on 31 December 2026. Stale: quotes with these rates wait for a person.',
        );
        await expectNoHorizontalOverflow(page, width);
        await shot('stale');

        // The rate sheet as the portal exports it, through the download link.
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#upload a[href$="/export/rates.csv"]').click()]);
        expect(download.suggestedFilename()).toBe('PALAIS-rates.csv');
        const exported = await readFile((await download.path())!, 'utf8');
        const lines = exported.split(/\r?\n/).filter((l) => l !== '');
        // The export time first (see SPEC §3: an upload compares later edits with it), then the header.
        expect(lines[0]).toBe('#exported_at=2027-01-15T09:00:00.000Z');
        expect(lines[1]).toBe('supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to');
        const dayDelegate = lines.findIndex((l) => l.startsWith('PALAIS,day_delegate,,65.00,'));
        expect(dayDelegate).toBeGreaterThan(0);
        lines[dayDelegate] = lines[dayDelegate]!.replace(',65.00,', ',72.50,');
        lines.push('PALAIS,lunch,,28.00,10,2027-01-01,2027-12-31');
        const edited = lines.join('\n') + '\n';

        // Pick the edited file: static/venue-upload.js sends its bytes (base64), so the server can tell its encoding.
        await page.getByLabel('Quel fichier (pour un classeur : quelle feuille)').selectOption('rates.csv');
        await page.getByLabel('Choisir un fichier').setInputFiles({ name: 'rates.csv', mimeType: 'text/csv', buffer: Buffer.from(edited, 'utf8') });
        const bytes = page.locator('#u-bytes');
        await expect(eventually(() => bytes.inputValue(), (v) => v !== '')).resolves.toBe(Buffer.from(edited, 'utf8').toString('base64'));
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS/upload`), page.getByRole('button', { name: 'Voir les changements' }).click()]);

        // The preview: one added, one changed (old → new), nothing removed, nothing saved yet.
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Vérifiez votre envoi de rates.csv');
        await expect(page.getByText(/ajout\(s\) · .* modification\(s\) · .* suppression\(s\)/).textContent()).resolves.toBe(
          '1 ajout(s) · 1 modification(s) · 0 suppression(s). Rien n’est enregistré avant votre confirmation.',
        );
        await expect(page.locator('ul.changes.added > li').allTextContents()).resolves.toHaveLength(1);
        await expect(visible(page, 'ul.changes.added > li')).resolves.toMatch(/^PALAIS\/lunch\/\/2027-01-01 .*price_eur 28\.00.*valid_to 2027-12-31/);
        await expect(page.locator('ul.changes.changed > li').allTextContents()).resolves.toHaveLength(1);
        await expect(visible(page, 'ul.changes.changed > li')).resolves.toBe('PALAIS/day_delegate//2026-01-01 price_eur: 65.00 → 72.50');
        await expect(page.locator('ul.changes.changed del').textContent()).resolves.toBe('65.00');
        await expect(page.locator('ul.changes.changed ins').textContent()).resolves.toBe('72.50');
        await expect(page.locator('ul.changes.removed').count()).resolves.toBe(0);
        const unsaved = await app.services.db(TABLES.rates).where({ supplier_id: 'PALAIS', item: 'day_delegate' }).first();
        expect(Number(unsaved.price_cents)).toBe(6500);
        await expectNoHorizontalOverflow(page, width);
        await shot('preview');

        // Commit: back on the supplier page, saved, fresh, with the new prices in the rate table.
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS?saved=upload`), page.getByRole('button', { name: 'Appliquer ces changements' }).click()]);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Palais du Pharo (test)');
        await expect(visible(page, 'p.notice')).resolves.toBe('Envoi appliqué.');
        await expect(page.locator('p.freshness').getAttribute('class')).resolves.toContain('freshness-fresh');
        await expect(visible(page, 'p.freshness')).resolves.toBe('Rates last confirmed 15 January 2027, stale on 1 March 2027.');
        // The rates sheet: one row per rate (then empty rows to add more).
        const rateRows = page.locator('#rates tr[data-sheet-row]');
        const rows = (
          await rateRows.evaluateAll((trs) =>
            trs.map((tr) => {
              const row = tr as unknown as { querySelector(s: string): { value: string } };
              return [row.querySelector('[name$=_orig]').value, row.querySelector('[name$=_item]').value, row.querySelector('[name$=_price_eur]').value, row.querySelector('[name$=_valid_from]').value];
            }),
          )
        )
          .filter(([orig]) => orig !== '')
          .map(([, ...cells]) => cells);
        expect(rows).toEqual(
          expect.arrayContaining([
            ['day_delegate', '72.50', '2026-01-01'],
            ['lunch', '28.00', '2027-01-01'],
          ]),
        );
        expect(rows).toHaveLength(lines.length - 2);
        await expect(page.locator('#history').textContent()).resolves.toContain('PALAIS/lunch//2027-01-01');
        await expectNoHorizontalOverflow(page, width);
        await shot('fresh');

        const row = await app.services.db(TABLES.suppliers).where({ supplier_id: 'PALAIS' }).first();
        expect(new Date(row.rates_confirmed_at).toISOString()).toBe(now.toISOString());
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
