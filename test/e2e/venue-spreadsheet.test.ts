import { readFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { artifactPath, launchBrowser } from '../support/browser';
import { addStaff } from '../integration/venue-portal-support';
import { TABLES } from '../../src/platform/tables';
import { expectAccessible, expectNoHorizontalScroll, VIEWPORTS } from './venue-page-checks';

/**
 * The spreadsheet route of the monthly refresh (issue 15, "Measure"), in French and in English:
 * the e-mailed sign-in link → the supplier → download the .xlsx workbook → prices changed with
 * exceljs, as Excel saves them → a first upload with a typing mistake (refused, every message
 * in the page's language, nothing saved) → the corrected workbook → preview → apply. Clicks and
 * each page's server time are reported in test-artifacts/venue-spreadsheet.json, never asserted;
 * every page passes axe-core and does not scroll sideways.
 */
const EMAIL = 'marc@palais.example';

const WORDS = {
  fr: {
    which: 'Quel fichier (pour un classeur : quelle feuille)',
    pick: 'Choisir un fichier',
    preview: 'Voir les changements',
    refused: 'Envoi refusé : rien n’a été enregistré',
    badCell: (line: number) => `tarifs.xlsx, feuille « rates », ligne ${line}, colonne price_eur : « 67,5O » n’est pas un montant en euros (par ex. 123,45 ou 123.45)`,
    back: '← Revenir sans enregistrer',
    check: 'Vérifiez votre envoi de tarifs.xlsx, feuille « rates »',
    counts: '0 ajout(s) · 3 modification(s) · 0 suppression(s). Rien n’est enregistré avant votre confirmation.',
    apply: 'Appliquer ces changements',
    applied: 'Envoi appliqué.',
  },
  en: {
    which: 'Which file (for a workbook: which sheet)',
    pick: 'Pick a file',
    preview: 'Preview changes',
    refused: 'Upload refused: nothing was saved',
    badCell: (line: number) => `tarifs.xlsx, sheet "rates", row ${line}, column price_eur: "67,5O" is not a price in euros (e.g. 123.45 or 123,45)`,
    back: '← Back without saving',
    check: 'Check your upload of tarifs.xlsx, sheet "rates"',
    counts: '0 added · 3 changed · 0 removed. Nothing is saved until you confirm.',
    apply: 'Apply these changes',
    applied: 'Upload applied.',
  },
} as const;

/** The row of `item` in the rates sheet, as a person finds it. */
function rowOf(sheet: ExcelJS.Worksheet, item: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(2).value === item) found = row;
  });
  if (!found) throw new Error(`no ${item} row`);
  return found;
}

describe('the monthly refresh from a spreadsheet, in a browser', () => {
  let browser: Browser;
  let app: TestApp;
  const report: Record<string, unknown> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    writeFileSync(artifactPath('venue-spreadsheet.json'), JSON.stringify(report, null, 2));
  });
  beforeEach(async () => {
    app = await startTestApp({ clock: { now: () => new Date('2027-01-15T09:00:00Z') } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, EMAIL, 'venue_staff', ['PALAIS'], 'Marc Manager');
  });
  afterEach(async () => {
    await app.stop();
  });

  for (const { name, options } of VIEWPORTS) {
    for (const lang of ['fr', 'en'] as const) {
      const width = options.viewport!.width;
      const words = WORDS[lang];

      it(`when a venue manager on a ${name}, in ${lang}, downloads the workbook, changes three prices and uploads it, then a mistake is refused in words and the corrected file lands after the preview`, async () => {
        const context = await browser.newContext({ ...options, acceptDownloads: true });
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
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
        const pick = async (workbook: ExcelJS.Workbook) => {
          const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
          clicks++; // the file picker, then the file
          await page.getByLabel(words.which).selectOption('rates.csv');
          await page.getByLabel(words.pick).setInputFiles({ name: 'tarifs.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
          await page.waitForFunction((expected) => (globalThis as unknown as { document: { getElementById(id: string): { value: string } } }).document.getElementById('u-bytes').value === expected, buffer.toString('base64'));
          await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS/upload`), click(page.getByRole('button', { name: words.preview }))]);
        };
        const prices = async () =>
          Object.fromEntries((await app.services.db(TABLES.rates).where({ supplier_id: 'PALAIS' })).map((r: { item: string; price_cents: number | string }) => [r.item, Number(r.price_cents)]));
        try {
          await page.goto(`${app.baseUrl}/auth/sign-in`);
          await page.getByLabel('E-mail address').fill(EMAIL);
          await click(page.getByRole('button', { name: 'E-mail me a sign-in link' }));
          const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'login_link' && x.to === EMAIL), 20_000);
          const link = /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mails.find((m) => m.kind === 'login_link' && m.to === EMAIL)!.text)![1]!;
          clicks++; // the link in the e-mail
          await page.goto(app.baseUrl + new URL(link).pathname);
          // One supplier: straight to it.
          await Promise.all([page.waitForURL(/\/venue(\/PALAIS)?$/), click(page.getByRole('button', { name: 'Sign in' }))]);
          if (lang === 'en') {
            await page.goto(`${app.baseUrl}/venue`);
            await page.getByLabel('Langue de vos pages et e-mails').selectOption('en');
            await Promise.all([page.waitForURL(`${app.baseUrl}/venue?saved=language`), click(page.getByRole('button', { name: 'Enregistrer la langue' }))]);
          }
          if (!page.url().endsWith('/venue/PALAIS')) {
            await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS`), click(page.getByRole('link', { name: 'Palais du Pharo (test)' }))]);
          }
          await expectAccessible(page, `/venue/PALAIS (${name}, ${lang})`);
          await expectNoHorizontalScroll(page, width);

          const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#upload a[href$="/workbook.xlsx"]').click()]);
          clicks++;
          expect(download.suggestedFilename()).toBe('PALAIS-catalogue.xlsx');
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
          const rates = workbook.getWorksheet('rates')!;
          expect(rates.getCell('A1').value).toBe('#exported_at=2027-01-15T09:00:00.000Z');
          // As a person types in Excel: numbers, and one slip of the finger (O for 0).
          rowOf(rates, 'space_hire_day').getCell(4).value = 5100;
          rowOf(rates, 'day_delegate').getCell(4).value = '67,5O';
          rowOf(rates, 'coffee_break').getCell(4).value = 8.4;
          const before = await prices();

          await pick(workbook);
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(words.refused);
          await expect(page.locator('li.error').allTextContents()).resolves.toEqual([words.badCell(rowOf(rates, 'day_delegate').number)]);
          expect(await prices()).toEqual(before);
          await expectAccessible(page, `refused upload (${name}, ${lang})`);
          await expectNoHorizontalScroll(page, width);
          await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS#upload`), click(page.getByRole('link', { name: words.back }))]);

          rowOf(rates, 'day_delegate').getCell(4).value = 67.5;
          await pick(workbook);
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(words.check);
          await expect(page.getByText(words.counts).count()).resolves.toBe(1);
          await expect(page.locator('ul.changes.changed ins').allTextContents()).resolves.toEqual(['5100.00', '67.50', '8.40']);
          expect(await prices()).toEqual(before);
          await expectAccessible(page, `preview (${name}, ${lang})`);
          await expectNoHorizontalScroll(page, width);
          await page.screenshot({ path: artifactPath(`venue-spreadsheet-preview-${name}-${lang}.png`), fullPage: true });

          await Promise.all([page.waitForURL(`${app.baseUrl}/venue/PALAIS?saved=upload`), click(page.getByRole('button', { name: words.apply }))]);
          await expect(page.locator('p.notice').first().textContent()).resolves.toBe(words.applied);
          expect(await prices()).toEqual({ space_hire_day: 510000, day_delegate: 6750, coffee_break: 840 });
          await expectAccessible(page, `after apply (${name}, ${lang})`);
          expect(problems).toEqual([]);
          report[`${name} ${lang}`] = { clicks, pages };
        } finally {
          await context.close();
        }
      }, 120_000);
    }
  }
});
