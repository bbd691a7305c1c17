import ExcelJS from 'exceljs';
import { LAYOUTS, type Catalogue, type Space, type Supplier } from '../../src/core/catalogue-types';
import { exportStampLine } from '../../src/suppliers/csv/csv-dialect';
import { readCsvTable } from '../../src/suppliers/csv/csv-table';
import { cellText, isXlsx, MAX_UNZIPPED_BYTES, readCatalogueSheet, serialDate, unzippedSize, writeCatalogueWorkbook } from '../../src/suppliers/csv/catalogue-workbook';
import { CATALOGUE_FILES, parseCatalogueFiles, problemText, writeCatalogueFiles } from '../../src/suppliers/csv';

const supplier = (over: Partial<Supplier> = {}): Supplier => ({
  supplierId: 'vp',
  name: 'Palais du Vieux-Port (démo)',
  kind: 'convention_centre',
  city: 'Marseille',
  email: 'vp@example.org',
  phone: '+33 4 65 71 00 00',
  qualityLabels: ['Qualité Tourisme', 'Clef Verte'],
  bedrooms: 12,
  accessible: true,
  associatedWith: [],
  active: true,
  ratesConfirmedAt: null,
  ...over,
});

const catalogue: Catalogue = {
  suppliers: [supplier(), supplier({ supplierId: 'zz', name: '=HYPERLINK("x")', kind: 'av', bedrooms: null, associatedWith: ['vp'], accessible: false })],
  spaces: [{ supplierId: 'vp', spaceId: 'a', name: 'Salle "A"\nAile nord', capacities: { ...Object.fromEntries(LAYOUTS.map((l) => [l, null])), theatre: 1200 } as Space['capacities'] }],
  rates: [
    { supplierId: 'vp', item: 'lunch', spaceId: null, priceCents: 5, vatPct: 5.5, validFrom: '2027-01-01', validTo: null },
    { supplierId: 'vp', item: 'space_hire_day', spaceId: 'a', priceCents: 123456, vatPct: 20, validFrom: '2027-01-01', validTo: '2027-03-31' },
    { supplierId: 'vp', item: 'coffee_break', spaceId: null, priceCents: 29, vatPct: 2.1, validFrom: '2027-01-01', validTo: null },
  ],
  blackouts: [{ supplierId: 'vp', spaceId: null, from: '2027-08-01', to: '2027-08-02', reason: 'Fermeture annuelle' }],
};
const exportedAt = new Date(Date.UTC(2027, 0, 15, 9, 30));
const noExisting = () => ({ supplierIds: new Set<string>(), spaceKeys: new Set<string>(), supplierKinds: new Map() });

async function sheetOf(bytes: Buffer, name: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.getWorksheet(name)!;
}

describe('catalogue workbook (.xlsx)', () => {
  it('when a catalogue is written as a workbook and read back, then each sheet gives exactly the records of its CSV export', async () => {
    const bytes = await writeCatalogueWorkbook(catalogue, exportedAt);
    expect(isXlsx(bytes)).toBe(true);
    const csv = writeCatalogueFiles(catalogue);
    for (const file of CATALOGUE_FILES) {
      const read = await readCatalogueSheet(bytes, file);
      const fromCsv = readCsvTable(exportStampLine(exportedAt) + csv[file]);
      if (!read.ok || !read.table.ok || !fromCsv.ok) throw new Error(`${file} unreadable`);
      expect({ file, ...read.table }).toEqual({ file, ok: true, header: fromCsv.header, records: fromCsv.records, exportedAt: exportedAt.toISOString() });
    }
    const sources = Object.fromEntries(await Promise.all(CATALOGUE_FILES.map(async (f) => [f, ((await readCatalogueSheet(bytes, f)) as unknown as { table: never }).table])));
    const { catalogue: parsed, errors } = parseCatalogueFiles(sources, noExisting());
    expect(errors).toEqual([]);
    expect(parsed).toEqual({ suppliers: expect.arrayContaining(catalogue.suppliers), spaces: catalogue.spaces, rates: expect.arrayContaining(catalogue.rates), blackouts: catalogue.blackouts });
  });

  it('when the workbook is opened, then prices and counts are numbers, dates ISO text, the stamp in A1 and the header in row 2', async () => {
    const rates = await sheetOf(await writeCatalogueWorkbook(catalogue, exportedAt), 'rates');
    expect(rates.getCell('A1').value).toBe('#exported_at=2027-01-15T09:30:00.000Z');
    expect(rates.getRow(2).values).toEqual([undefined, 'supplier_id', 'item', 'space_id', 'price_eur', 'vat_pct', 'valid_from', 'valid_to']);
    expect(rates.getCell('D3').value).toBe(1234.56);
    expect(rates.getCell('D3').numFmt).toBe('0.00');
    expect(rates.getCell('E3').value).toBe(20);
    expect(rates.getCell('F3').value).toBe('2027-01-01');
  });

  it('when a spreadsheet program stores what a person typed, then each cell reads as the CSV text it stands for', () => {
    expect(cellText(61.5)).toBe('61.5');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(64.575)).toBe('64.575');
    expect(cellText(new Date(Date.UTC(2027, 2, 1)))).toBe('2027-03-01');
    expect(cellText(new Date(Date.UTC(2027, 2, 1, 14, 5)))).toBe('2027-03-01T14:05');
    expect(cellText(true)).toBe('true');
    expect(cellText({ formula: 'D3*1.1', result: 67.65 } as ExcelJS.CellValue)).toBe('67.65');
    expect(cellText({ error: '#VALUE!' } as ExcelJS.CellValue)).toBe('#VALUE!');
    expect(cellText({ text: 'vp@example.org', hyperlink: 'mailto:vp@example.org' })).toBe('vp@example.org');
    expect(cellText({ richText: [{ text: 'Salle ' }, { text: 'A', font: { bold: true } }] })).toBe('Salle A');
    expect(cellText(null)).toBe('');
    // A date column's whole number is a date that lost its format: 46752 is 2027-12-31 in Excel.
    expect([serialDate('46752'), serialDate('61'), serialDate('2027-12-31'), serialDate('46752.5'), serialDate('0')]).toEqual(['2027-12-31', '1900-03-01', '2027-12-31', '46752.5', '0']);
  });

  it('when a sheet is missing or the bytes are no workbook, then the problem says so in both languages', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Feuil1');
    const missing = await readCatalogueSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'rates.csv');
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(problemText('en', missing.problem)).toBe('the workbook has no sheet named "rates" (its sheets: Feuil1)');
    expect(problemText('fr', missing.problem)).toBe('le classeur n’a pas de feuille nommée « rates » (ses feuilles : Feuil1)');
    const garbage = await readCatalogueSheet(Buffer.from('PK\u0003\u0004 not a zip at all'), 'rates.csv');
    expect(garbage.ok ? null : garbage.problem.key).toBe('xlsx_unreadable');
  });

  it('when a workbook would unzip to more than the limit, then it is refused before anything is inflated', async () => {
    const bytes = await writeCatalogueWorkbook(catalogue, exportedAt);
    const size = unzippedSize(bytes)!;
    expect(size).toBeGreaterThan(bytes.length);
    expect(size).toBeLessThan(MAX_UNZIPPED_BYTES);
    // Claim a huge size for the first entry of the central directory, as a zip bomb's would be.
    const bomb = Buffer.from(bytes);
    const entry = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(MAX_UNZIPPED_BYTES, entry + 24);
    const read = await readCatalogueSheet(bomb, 'rates.csv');
    expect(read.ok ? null : problemText('en', read.problem)).toBe('the workbook is too large once unzipped (at most 50 MB)');
  });
});
