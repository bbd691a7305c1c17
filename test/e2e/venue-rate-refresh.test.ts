import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { artifactPath, launchBrowser } from '../support/browser';
import { addStaff } from '../integration/venue-portal-support';
import { TABLES } from '../../src/platform/tables';
import { expectAccessible, expectNoHorizontalScroll, VIEWPORTS } from './venue-page-checks';

/**
 * The monthly refresh as a venue manager does it (issue 15, "Measure"): the e-mailed sign-in
 * link → three rates changed in the sheet → one Save → "rates unchanged" for the other supplier
 * they manage. Counts the clicks and records each page's server time (time to the response's
 * first byte, as Chromium measured it); both are reported in test-artifacts/, never asserted.
 * Every page on the way passes axe-core (WCAG 2 A/AA: no serious or critical violation) and
 * does not scroll sideways.
 */
const EMAIL = 'marc@palais.example';

describe('the monthly rate refresh in a browser', () => {
  let browser: Browser;
  let app: TestApp;
  const report: Record<string, unknown> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    writeFileSync(artifactPath('venue-rate-refresh.json'), JSON.stringify(report, null, 2));
  });
  beforeEach(async () => {
    app = await startTestApp({ clock: { now: () => new Date('2027-01-15T09:00:00Z') } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, EMAIL, 'venue_staff', ['PALAIS', 'TRAITEUR'], 'Marc Manager');
  });
  afterEach(async () => {
    await app.stop();
  });

  for (const { name, options } of VIEWPORTS) {
    const width = options.viewport!.width;

    it(`when a venue manager on a ${name} signs in from the e-mail, changes three rates in the sheet, saves once and confirms the other supplier unchanged, then it all lands, and every page passes axe`, async () => {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
      // Server time of each page (documents only): request sent → first byte, on localhost.
      const pages: { path: string; status: number; serverMs: number }[] = [];
      page.on('requestfinished', async (request) => {
        if (request.resourceType() !== 'document') return;
        const timing = request.timing();
        const response = await request.response();
        pages.push({ path: `${request.method()} ${new URL(request.url()).pathname.replace(/\/auth\/link\/.*/, '/auth/link/<token>')}`, status: response?.status() ?? 0, serverMs: Math.round((timing.responseStart - timing.requestStart) * 10) / 10 });
      });
      let clicks = 0;
      const click = async (locator: ReturnType<Page['getByRole']>) => {
        clicks++;
        await locator.click();
      };
      let typed = 0;
      const started = Date.now();
      try {
        await page.goto(`${app.baseUrl}/auth/sign-in`);
        await page.getByLabel('E-mail address').fill(EMAIL);
        typed++;
        await click(page.getByRole('button', { name: 'E-mail me a sign-in link' }));
        const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'login_link' && x.to === EMAIL), 20_000);
        const link = /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mails.find((m) => m.kind === 'login_link' && m.to === EMAIL)!.text)![1]!;
        clicks++; // the link in the e-mail
        await page.goto(app.baseUrl + new URL(link).pathname);
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue`), click(page.getByRole('button', { name: 'Sign in' }))]);

        // /venue: both suppliers, the language choice; in French by default.
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Vos établissements');
        await expectAccessible(page, `/venue (${name})`);
        await expectNoHorizontalScroll(page, width);
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS`), click(page.getByRole('link', { name: 'Palais du Pharo (test)' }))]);
        await expectAccessible(page, `/venue/PALAIS (${name})`);
        await expectNoHorizontalScroll(page, width);

        // Three rates, typed as French speakers type them.
        await page.getByLabel('Prix € HT, Location de salle (par jour) · AUDI · 2026-01-01').fill('5 100,00');
        await page.getByLabel('Prix € HT, Forfait journée d’étude · 2026-01-01').fill('67,50');
        await page.getByLabel('Prix € HT, Pause café · 2026-01-01').fill('8.40');
        typed += 3;
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS?saved=rates#rates`), click(page.getByRole('button', { name: 'Enregistrer tous les tarifs' }))]);
        const rates = await app.services.db(TABLES.rates).where({ supplier_id: 'PALAIS' }).orderBy('item');
        expect(rates.map((r: { item: string; price_cents: number | string }) => [r.item, Number(r.price_cents)])).toEqual([
          ['coffee_break', 840],
          ['day_delegate', 6750],
          ['space_hire_day', 510000],
        ]);
        await expectAccessible(page, `/venue/PALAIS after save (${name})`);

        // The other supplier: nothing changed this month.
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue`), click(page.getByRole('link', { name: '← Vos établissements' }))]);
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue/TRAITEUR`), click(page.getByRole('link', { name: 'Traiteur du Port (test)' }))]);
        await Promise.all([page.waitForURL(`${app.baseUrl}/venue/TRAITEUR?saved=unchanged`), click(page.getByRole('button', { name: 'Mes tarifs sont inchangés' }))]);
        const traiteur = await app.services.db(TABLES.suppliers).where({ supplier_id: 'TRAITEUR' }).first();
        expect(new Date(traiteur.rates_confirmed_at).toISOString()).toBe('2027-01-15T09:00:00.000Z');
        await expectAccessible(page, `/venue/TRAITEUR (${name})`);
        await expectNoHorizontalScroll(page, width);
        await page.screenshot({ path: artifactPath(`venue-rate-refresh-${name}.png`), fullPage: true });
        expect(problems).toEqual([]);
        report[name] = { clicks, fieldsTyped: typed, wallClockMs: Date.now() - started, pages };
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});
