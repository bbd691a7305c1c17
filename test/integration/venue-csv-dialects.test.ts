import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { importCatalogueFolder } from '../../src/suppliers/import-catalogue';
import { formatCsvError } from '../../src/suppliers/csv';
import { addStaff, chooseLanguage, csrfOf, signIn, type Browser } from './venue-portal-support';

/** Text as French Excel saves "CSV (séparateur : point-virgule)": Windows-1252 bytes, CRLF. */
function windows1252(text: string): Buffer {
  const table: Record<string, number> = { é: 0xe9, è: 0xe8, à: 0xe0, ç: 0xe7, ô: 0xf4, '€': 0x80, '’': 0x92 };
  return Buffer.from([...text].map((c) => table[c] ?? c.charCodeAt(0)));
}
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const RATES_HEADER = 'supplier_id;item;space_id;price_eur;vat_pct;valid_from;valid_to';

describe('spreadsheets as French programs save them (SPEC §3)', () => {
  let app: TestApp;
  let now: Date;
  let claire: { browser: Browser; csrf: string };

  const prices = async () =>
    Object.fromEntries(
      (await app.services.db(TABLES.rates).where({ supplier_id: 'PALAIS' })).map((r: { item: string; price_cents: number | string; vat_pct: number | string }) => [r.item, [Number(r.price_cents), Number(r.vat_pct)]]),
    );
  /** As the page's file picker sends it: the file's bytes, base64, beside the chosen kind. */
  const upload = (bytes: Buffer) => claire.browser.post('/venue/PALAIS/upload', { _csrf: claire.csrf, file: 'rates.csv', csv: '', file_bytes: bytes.toString('base64') });

  beforeEach(async () => {
    now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'claire@palais.example', 'venue_staff', ['PALAIS']);
    claire = await signIn(app, 'claire@palais.example');
    await chooseLanguage(claire, 'en');
  });
  afterEach(async () => {
    await app.stop();
  });

  it.each([
    ['Windows-1252 with semicolons and decimal commas', (t: string) => windows1252(t)],
    ['UTF-8 with a BOM, semicolons and decimal commas', (t: string) => Buffer.concat([BOM, Buffer.from(t, 'utf8')])],
  ])('when the upload is %s, then the preview shows the new prices and the commit applies them', async (_case, encode) => {
    const text = [RATES_HEADER, 'PALAIS;space_hire_day;AUDI;4800,00;20;2026-01-01;', 'PALAIS;day_delegate;;61,50;20;2026-01-01;', 'PALAIS;coffee_break;;8,5;5,5;2026-01-01;', ''].join('\r\n');
    const res = await upload(encode(text));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Check your upload of rates.csv');
    expect(html).toMatch(/price_eur:<\/span> <del>65.00<\/del> → <ins>61.50<\/ins>/);
    const digest = /name="digest" value="([^"]+)"/.exec(html)![1]!;
    const csv = /<textarea name="csv" hidden readonly>\n([\s\S]*?)<\/textarea>/.exec(html)![1]!.replace(/&#x3D;/g, '=');
    const commit = await claire.browser.post('/venue/PALAIS/upload/commit', { _csrf: csrfOf(html, '/venue/PALAIS/upload/commit'), file: 'rates.csv', csv, digest });
    expect(commit.status).toBe(303);
    expect(await prices()).toEqual({ space_hire_day: [480000, 20], day_delegate: [6150, 20], coffee_break: [850, 5.5] });
  });

  it('when a semicolon file has mistakes, then each message names the file, the line, the column and the problem in words, in the staff member\'s language, and nothing is saved', async () => {
    const before = await prices();
    const text = [RATES_HEADER, 'PALAIS;day_delegate;;61,5x;20;2026-01-01;', 'PALAIS;lunch;;12,345;7;2026-13-01;', 'PALAIS;coffee_break;;8,50;10'].join('\r\n');
    const errorsOf = async (res: Response) => {
      expect(res.status).toBe(422);
      return [...(await res.text()).matchAll(/<li class="error">([^<]+)<\/li>/g)].map((m) => m[1]!.replace(/&quot;/g, '"'));
    };
    expect(await errorsOf(await upload(windows1252(text)))).toEqual([
      'rates.csv, line 2, column price_eur: "61,5x" is not a price in euros (e.g. 123.45 or 123,45)',
      'rates.csv, line 3, column price_eur: "12,345" has more than two decimals',
      'rates.csv, line 3, column vat_pct: "7" is not an allowed VAT rate (0, 2.1, 5.5, 10, 20)',
      'rates.csv, line 3, column valid_from: "2026-13-01" is not a real date',
      'rates.csv, line 4: expected 7 cells, found 5',
    ]);
    await chooseLanguage(claire, 'fr');
    expect(await errorsOf(await upload(windows1252(text)))).toEqual([
      'rates.csv, ligne 2, colonne price_eur : « 61,5x » n’est pas un montant en euros (par ex. 123,45 ou 123.45)',
      'rates.csv, ligne 3, colonne price_eur : « 12,345 » a plus de deux décimales',
      'rates.csv, ligne 3, colonne vat_pct : « 7 » n’est pas un taux de TVA autorisé (0, 2.1, 5.5, 10, 20)',
      'rates.csv, ligne 3, colonne valid_from : « 2026-13-01 » n’est pas une date qui existe',
      'rates.csv, ligne 4 : 7 cellules attendues, 5 trouvées',
    ]);
    expect(await prices()).toEqual(before);
  });

  it('when the file was exported before an edit it would undo, then the preview says which row, when and by whom; a fresh export gives no warning', async () => {
    const exported = await (await claire.browser.get('/venue/PALAIS/export/rates.csv')).text();
    expect(exported.split('\n')[0]).toBe('#exported_at=2027-01-15T09:00:00.000Z');
    // Ten minutes later, the day delegate rate is edited in the sheet.
    now = new Date('2027-01-15T09:10:00Z');
    const page = await (await claire.browser.get('/venue/PALAIS')).text();
    const form = Object.fromEntries([...page.matchAll(/name="(r\d+_[a-z_]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '=')]));
    const rows = Number(/name="rows" value="(\d+)"/.exec(page)![1]);
    const sheet: Record<string, string> = { _csrf: claire.csrf, rows: String(rows) };
    for (let i = 0; i < rows; i++) {
      for (const f of ['orig', 'price_eur', 'valid_from', 'valid_to']) sheet[`r${i}_${f}`] = form[`r${i}_${f}`] ?? '';
      const item = new RegExp(`name="r${i}_item">[\\s\\S]*?<option value="([^"]*)" selected`).exec(page);
      sheet[`r${i}_item`] = item?.[1] ?? '';
      const space = new RegExp(`name="r${i}_space_id">[\\s\\S]*?<option value="([^"]*)" selected`).exec(page);
      sheet[`r${i}_space_id`] = space?.[1] ?? '';
      const vat = new RegExp(`name="r${i}_vat_pct">[\\s\\S]*?<option value="([^"]*)" selected`).exec(page);
      sheet[`r${i}_vat_pct`] = vat?.[1] ?? '20';
      if (sheet[`r${i}_item`] === 'day_delegate') sheet[`r${i}_price_eur`] = '70,00';
    }
    expect((await claire.browser.post('/venue/PALAIS/rates/sheet', sheet)).status).toBe(303);
    expect((await prices()).day_delegate).toEqual([7000, 20]);

    // The old file, with only the coffee break changed, saved back by a spreadsheet with ; and commas.
    const old = exported.replace('coffee_break,,8.00', 'coffee_break,,9.00').replace(/,/g, ';');
    const preview = await (await upload(windows1252(old))).text();
    expect(preview).toContain('This file would undo 1 edit(s) made after it was exported (15 Jan 2027, 10:00):');
    expect(preview).toMatch(/<li><strong>PALAIS\/day_delegate\/\/2026-01-01<\/strong>: edited 15 Jan 2027, 10:10 by claire@palais.example<\/li>/);

    const fresh = await (await claire.browser.get('/venue/PALAIS/export/rates.csv')).text();
    const freshPreview = await (await upload(Buffer.from(fresh.replace('coffee_break,,8.00', 'coffee_break,,9.00')))).text();
    expect(freshPreview).not.toContain('would undo');
    expect(freshPreview).toContain('0 added · 1 changed · 0 removed');

    // The same file without its first line: nothing to compare with, and the preview says so.
    const unstamped = await (await upload(windows1252(old.split('\n').slice(1).join('\n')))).text();
    expect(unstamped).not.toContain('would undo');
    expect(unstamped).toContain('This file carries no export time');
  });

  it('when the CLI imports a folder saved by French Excel, then it reads it as the upload does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pce-dialect-'));
    writeFileSync(path.join(dir, 'rates.csv'), windows1252([RATES_HEADER, 'PALAIS;space_hire_day;AUDI;4800,00;20;2026-01-01;', 'PALAIS;day_delegate;;61,50;20;2026-01-01;', 'PALAIS;coffee_break;;8,5;5,5;2026-01-01;', ''].join('\r\n')));
    const result = await importCatalogueFolder(app.services.db, dir, now);
    expect(result.ok ? 'ok' : result.errors.map(formatCsvError)).toBe('ok');
    expect(await prices()).toEqual({ space_hire_day: [480000, 20], day_delegate: [6150, 20], coffee_break: [850, 5.5] });
    writeFileSync(path.join(dir, 'rates.csv'), Buffer.concat([BOM, Buffer.from(`${RATES_HEADER}\r\nPALAIS;lunch;;2O,00;10;2026-01-01;\r\n`, 'utf8')]));
    const bad = await importCatalogueFolder(app.services.db, dir, now);
    expect(bad.ok ? [] : bad.errors.map(formatCsvError)).toEqual(['rates.csv:2: price_eur: "2O,00" is not a price in euros (e.g. 123.45 or 123,45)']);
  });
});
