import { readFileSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { artifactPath, launchBrowser } from '../support/browser';
import { regionCatalogue, seed } from '../integration/quote-fixtures';
import { hire, rate, space } from '../support/catalogue-factory';
import { daysFromToday } from '../support/clock';

/**
 * Issue 13: a French organiser types a brief with another date option, breakout rooms and rooms night
 * by night into the form in a real Chromium, on a phone and on a desktop: first with a date option of
 * the wrong length (French message beside it, everything typed kept), then right; the quote names the
 * breakout rooms and the taxe de séjour. Every page passes axe-core (no serious or critical violation).
 */

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1366, height: 900 } } },
];

const label = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\u00a0]')}( \\*)?$`));

async function expectAccessible(page: Page, step: string) {
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    }),
  )) as { violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] };
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${step}: ${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  expect(bad).toEqual([]);
}

async function expectNoHorizontalOverflow(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

describe('the brief form with other dates, breakout rooms and rooms night by night, in French', () => {
  let browser: Browser;
  let app: TestApp;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startTestApp();
    const cat = regionCatalogue();
    cat.spaces.push(space('PALAIS', 'S1', { classroom: 40 }, 'Salle Calanques'), space('PALAIS', 'S2', { classroom: 30 }, 'Salle Frioul'));
    cat.rates.push(hire('PALAIS', 'S1', 20_000), hire('PALAIS', 'S2', 15_000), rate('HOTEL', 'bedroom_double_night', 11_000, { vatPct: 10 }), rate('HOTEL', 'tourist_tax_night', 288, { vatPct: 0 }));
    await seed(app.services, cat);
  });
  afterEach(async () => {
    await app.stop();
  });

  for (const { name, options } of VIEWPORTS) {
    const width = options.viewport!.width;
    const shot = (step: string) => artifactPath(`rich-brief-fr-${name}-${step}.png`);

    it(`when typed on a ${name}, then a wrong date option is explained in French with every value kept, and the quote names the breakout rooms and the tourist tax`, async () => {
      const context = await browser.newContext({ ...options, locale: 'fr-FR' });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      try {
        await page.goto(`${app.baseUrl}/briefs/new`);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
        await label(page, 'Votre nom').fill('Ada Martin');
        await label(page, 'E-mail').fill('ada@example.org');
        await label(page, 'Premier jour').fill(daysFromToday(90));
        await label(page, 'Dernier jour').fill(daysFromToday(92));
        await label(page, 'Participants').fill('120');
        await label(page, 'Option 1 : premier jour').fill(daysFromToday(97));
        await label(page, 'Option 1 : dernier jour').fill(daysFromToday(100)); // one day too many
        await label(page, 'Nombre de salles de sous-commission').fill('2');
        await label(page, 'Personnes par salle').fill('25');
        await label(page, 'Disposition des salles de sous-commission').selectOption('classroom');
        // The night-by-night table opens from the keyboard.
        await page.locator('details.per-night summary').focus();
        await page.keyboard.press('Enter');
        await label(page, 'Nuit 1 : chambres individuelles').fill('20');
        await label(page, 'Nuit 1 : chambres doubles').fill('5');
        await label(page, 'Nuit 2 : chambres individuelles').fill('10');
        await expectNoHorizontalOverflow(page, width);
        await expectAccessible(page, 'form');
        await page.screenshot({ path: shot('1-form'), fullPage: true });

        await Promise.all([page.waitForResponse((r) => r.url().endsWith('/briefs') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Envoyer ma demande' }).click()]);
        await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'error-summary');
        const message = 'Chaque option de dates doit durer autant de jours que les dates principales (3)';
        await expect(page.locator('#error-summary').getByRole('link', { name: message }).getAttribute('href')).resolves.toBe('#f-event.alternative_dates.0.end_date');
        await expect(page.locator('[id="e-event.alternative_dates.0.end_date"]').textContent()).resolves.toBe(message);
        await expect(label(page, 'Option 1 : premier jour').inputValue()).resolves.toBe(daysFromToday(97));
        await expect(label(page, 'Nombre de salles de sous-commission').inputValue()).resolves.toBe('2');
        await expect(label(page, 'Disposition des salles de sous-commission').inputValue()).resolves.toBe('classroom');
        await expect(page.locator('details.per-night').getAttribute('open')).resolves.not.toBeNull();
        await expect(label(page, 'Nuit 2 : chambres individuelles').inputValue()).resolves.toBe('10');
        await expectNoHorizontalOverflow(page, width);
        await expectAccessible(page, 'form with errors');
        await page.screenshot({ path: shot('2-errors'), fullPage: true });

        await label(page, 'Option 1 : dernier jour').fill(daysFromToday(99));
        await Promise.all([page.waitForURL(/\/briefs\/received\//), page.getByRole('button', { name: 'Envoyer ma demande' }).click()]);
        const ref = (await page.locator('.ref').textContent())!.trim();
        const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref), 30_000);
        const mail = mails.find((x) => x.kind === 'draft_quote' && x.ref === ref)!;
        const text = mail.text.replace(/[\u202f\u00a0]/g, ' ');
        expect(text).toContain('Salles de sous-commission : Salle Frioul, Salle Calanques');
        expect(text).toContain('Taxe de séjour, 40 nuitées — Hôtel du Vieux-Port (test)');

        const link = /(https?:\/\/\S+\/q\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
        await page.goto(app.baseUrl + new URL(link).pathname);
        await expect(page.locator('main').textContent()).resolves.toMatch(/Salles de sous-commission\s*:\s*Salle Frioul, Salle Calanques/);
        await expectNoHorizontalOverflow(page, width);
        await expectAccessible(page, 'online quote');
        await page.screenshot({ path: shot('3-quote'), fullPage: true });
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});
