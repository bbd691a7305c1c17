import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { addStaff, chooseLanguage, csrfOf, signIn, type Browser } from './venue-portal-support';

/** The .xlsx workbook of the venue portal (SPEC §3), round trip through the real app and database. */
describe('venue portal .xlsx workbook', () => {
  let app: TestApp;
  let now: Date;
  let claire: { browser: Browser; csrf: string };

  const prices = async () =>
    Object.fromEntries(
      (await app.services.db(TABLES.rates).where({ supplier_id: 'PALAIS' })).map((r: { item: string; price_cents: number | string }) => [r.item, Number(r.price_cents)]),
    );

  async function download(): Promise<ExcelJS.Workbook> {
    const res = await claire.browser.get('/venue/PALAIS/workbook.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('PALAIS-catalogue.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    return workbook;
  }

  /** The row of `item` in the rates sheet, as a person finds it. */
  const rowOf = (sheet: ExcelJS.Worksheet, item: string): ExcelJS.Row => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(2).value === item) found = row;
    });
    return found!;
  };

  /** As the page's file picker sends it: the bytes, base64, with the file's name and the chosen sheet. */
  async function upload(workbook: ExcelJS.Workbook, name = 'tarifs PALAIS.xlsx'): Promise<Response> {
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    return claire.browser.post('/venue/PALAIS/upload', { _csrf: claire.csrf, file: 'rates.csv', csv: '', file_bytes: bytes.toString('base64'), file_name: name });
  }

  async function commit(preview: string): Promise<Response> {
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(preview)![1]!;
    return claire.browser.post('/venue/PALAIS/upload/commit', {
      _csrf: csrfOf(preview, '/venue/PALAIS/upload/commit'),
      file: 'rates.csv',
      digest: field('digest'),
      file_bytes: field('file_bytes'),
      file_name: field('file_name'),
    });
  }

  beforeEach(async () => {
    now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'claire@palais.example', 'venue_staff', ['PALAIS']);
    claire = await signIn(app, 'claire@palais.example');
  });
  afterEach(async () => {
    await app.stop();
  });

  it('when the workbook is downloaded, prices changed as Excel stores them and uploaded, then the preview shows them and the commit applies exactly the edited values', async () => {
    const workbook = await download();
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['suppliers', 'spaces', 'rates', 'blackouts']);
    const rates = workbook.getWorksheet('rates')!;
    expect(rates.getCell('A1').value).toBe('#exported_at=2027-01-15T09:00:00.000Z');
    const before = await prices();
    expect(rowOf(rates, 'day_delegate').getCell(4).value).toBe(before.day_delegate! / 100);
    // A typed number, a formula with its computed result (as Excel saves it), a date typed as a real date.
    rowOf(rates, 'day_delegate').getCell(4).value = 61.5;
    rowOf(rates, 'coffee_break').getCell(4).value = { formula: 'ROUND(8*1.05,2)', result: 8.4 } as ExcelJS.CellValue;
    rowOf(rates, 'coffee_break').getCell(7).value = new Date(Date.UTC(2027, 11, 31));

    const preview = await upload(workbook);
    const html = await preview.text();
    expect([...html.matchAll(/<li class="error">([^<]+)<\/li>/g)].map((m) => m[1])).toEqual([]);
    expect(preview.status).toBe(200);
    expect(html).toContain('Vérifiez votre envoi de tarifs PALAIS.xlsx, feuille « rates »');
    expect(html).toMatch(/price_eur:<\/span> <del>65.00<\/del> → <ins>61.50<\/ins>/);
    expect(html).toMatch(/valid_to:<\/span> <del><\/del> → <ins>2027-12-31<\/ins>/);
    expect(html).not.toContain('undo-warning');
    expect(await prices()).toEqual(before);

    expect((await commit(html)).status).toBe(303);
    expect(await prices()).toEqual({ ...before, day_delegate: 6150, coffee_break: 840 });
    const coffee = await app.services.db(TABLES.rates).where({ supplier_id: 'PALAIS', item: 'coffee_break' }).first();
    expect(String(coffee.valid_to).slice(0, 10)).toBe('2027-12-31');

    // Downloaded again, the workbook holds what was applied: export → import changes nothing.
    const again = await upload(await download());
    expect(await again.text()).toContain('Ce fichier ne change rien.');
  });

  it('when a cell is wrong, then the message names the file, the sheet, the row, the column and the problem in the staff member\'s language, and nothing changes', async () => {
    const workbook = await download();
    const rates = workbook.getWorksheet('rates')!;
    const line = rowOf(rates, 'day_delegate').number;
    rowOf(rates, 'day_delegate').getCell(4).value = '12,5x';
    rowOf(rates, 'coffee_break').getCell(4).value = { formula: 'A1*2', result: { error: '#VALUE!' } } as ExcelJS.CellValue;
    const before = await prices();
    const errorsOf = async (res: Response) => {
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).not.toContain('name="digest"');
      return [...html.matchAll(/<li class="error">([^<]+)<\/li>/g)].map((m) => m[1]!.replace(/&quot;/g, '"'));
    };
    const coffeeLine = rowOf(rates, 'coffee_break').number;
    expect(await errorsOf(await upload(workbook))).toEqual(
      [
        [line, `tarifs PALAIS.xlsx, feuille « rates », ligne ${line}, colonne price_eur : « 12,5x » n’est pas un montant en euros (par ex. 123,45 ou 123.45)`],
        [coffeeLine, `tarifs PALAIS.xlsx, feuille « rates », ligne ${coffeeLine}, colonne price_eur : « #VALUE! » n’est pas un montant en euros (par ex. 123,45 ou 123.45)`],
      ]
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map((e) => e[1]),
    );
    await chooseLanguage(claire, 'en');
    expect(await errorsOf(await upload(workbook))).toContain(
      `tarifs PALAIS.xlsx, sheet "rates", row ${line}, column price_eur: "12,5x" is not a price in euros (e.g. 123.45 or 123,45)`,
    );
    // A workbook without a rates sheet, and bytes that only look like one.
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Feuil1').getCell('A1').value = 'hello';
    expect(await errorsOf(await upload(other, 'autre.xlsx'))).toEqual(['autre.xlsx, sheet "rates", row 1: the workbook has no sheet named "rates" (its sheets: Feuil1)']);
    const broken = await claire.browser.post('/venue/PALAIS/upload', { _csrf: claire.csrf, file: 'rates.csv', csv: '', file_bytes: Buffer.from('PK\u0003\u0004broken').toString('base64'), file_name: 'x.xlsx' });
    expect((await errorsOf(broken))[0]).toContain('x.xlsx, sheet "rates", row 1: this is not an .xlsx workbook that can be read');
    expect(await prices()).toEqual(before);
  });

  it('when the workbook was downloaded before an edit it would undo, then the preview warns, as for a CSV', async () => {
    const workbook = await download();
    now = new Date('2027-01-15T09:10:00Z');
    const csv = await (await claire.browser.get('/venue/PALAIS/export/rates.csv')).text();
    const edited = csv.replace(/day_delegate,,[0-9.]+/, 'day_delegate,,70.00');
    const previewCsv = await (await claire.browser.post('/venue/PALAIS/upload', { _csrf: claire.csrf, file: 'rates.csv', csv: edited })).text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(previewCsv)![1]!;
    const textarea = /<textarea name="csv" hidden readonly>\n([\s\S]*?)<\/textarea>/.exec(previewCsv)![1]!.replace(/&#x3D;/g, '=');
    expect((await claire.browser.post('/venue/PALAIS/upload/commit', { _csrf: claire.csrf, file: 'rates.csv', csv: textarea, digest: field('digest') })).status).toBe(303);
    expect((await prices()).day_delegate).toBe(7000);

    rowOf(workbook.getWorksheet('rates')!, 'coffee_break').getCell(4).value = 9;
    const html = await (await upload(workbook)).text();
    expect(html).toContain('Ce fichier annulerait 1 modification(s) faite(s) après son export');
    expect(html).toContain('PALAIS/day_delegate//2026-01-01');
  });
});
