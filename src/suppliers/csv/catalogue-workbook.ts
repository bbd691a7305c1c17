/**
 * The venue portal's `.xlsx` workbook (SPEC §3): one sheet per catalogue file, named `suppliers`,
 * `spaces`, `rates`, `blackouts`, with the CSV's columns. Row 1 holds the export stamp
 * (`#exported_at=…`, as the CSV's first line), row 2 the header; a sheet's row numbers are the
 * line numbers its messages give. Reading turns a sheet into the records a CSV text gives, so an
 * uploaded workbook goes through exactly the CSV's validation, preview and apply.
 */
import ExcelJS from 'exceljs';
import type { Catalogue } from '../../core/catalogue-types';
import { CATALOGUE_COLUMNS, CATALOGUE_FILES, type CatalogueFile } from './catalogue-columns';
import { EXPORT_STAMP, exportStampLine } from './csv-dialect';
import { problem, type CsvProblem } from './csv-problem';
import type { CsvReadResult, CsvRecord } from './csv-table';
import { catalogueTables } from './write-catalogue-files';

export const sheetNameOf = (file: CatalogueFile): string => file.replace(/\.csv$/, '');

/** Cells written as numbers, so that a spreadsheet can compute with them (and shows 61.50 as 61,50 in French). */
const NUMBER_COLUMNS = new Set(['price_eur', 'vat_pct', 'bedrooms', 'theatre', 'classroom', 'banquet', 'cabaret', 'reception', 'boardroom']);
/** Kept as text (`@`): a date typed as 2027-03-01 then stays ISO text, whatever the program's locale. */
const TEXT_DATE_COLUMNS = new Set(['valid_from', 'valid_to', 'from', 'to']);
/** Far above any supplier's rows (the seed's largest has 18 rates): bounds what one upload asks of the server. */
export const MAX_SHEET_ROWS = 5000;

/** An xlsx file is a zip: it starts with `PK\x03\x04`. */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * What the workbook's files add up to once unzipped, from the zip's central directory (nothing is
 * inflated): null when the directory cannot be read, Infinity for ZIP64 sizes. A 2 MB upload
 * could otherwise inflate to gigabytes in the web process (a zip bomb).
 */
export function unzippedSize(bytes: Uint8Array): number | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const END = 0x06054b50;
  const ENTRY = 0x02014b50;
  let end = -1;
  for (let i = view.length - 22; i >= Math.max(0, view.length - 22 - 0xffff); i--) {
    if (view.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.readUInt16LE(end + 10);
  let at = view.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== ENTRY) return null;
    const size = view.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    at += 46 + view.readUInt16LE(at + 28) + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
  }
  return total;
}

/** Far above a supplier's workbook (the demo catalogue's largest, 21 rates: 10 KiB, 31 KiB unzipped). */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;

/** One workbook holding every file of the catalogue given (the portal gives one supplier's). */
export async function writeCatalogueWorkbook(catalogue: Catalogue, exportedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'PCE Front Office';
  workbook.created = exportedAt;
  const tables = catalogueTables(catalogue);
  const stamp = exportStampLine(exportedAt).trim();
  for (const file of CATALOGUE_FILES) {
    const columns: readonly string[] = CATALOGUE_COLUMNS[file];
    const sheet = workbook.addWorksheet(sheetNameOf(file), { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.getCell(1, 1).value = stamp;
    const header = sheet.getRow(2);
    header.values = [...columns];
    header.font = { bold: true };
    columns.forEach((name, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = Math.max(12, name.length + 2);
      if (TEXT_DATE_COLUMNS.has(name)) column.numFmt = '@';
      if (name === 'price_eur') column.numFmt = '0.00';
    });
    for (const cells of tables[file]) {
      sheet.addRow(cells.map((cell, i) => (NUMBER_COLUMNS.has(columns[i]!) && cell !== '' ? Number(cell) : cell)));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type CellValue = ExcelJS.CellValue;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as the text a CSV would hold. Numbers lose binary noise (a computed 64.57000000000001
 * reads 64.57; 64.575 stays and is refused for its third decimal); dates read back as
 * YYYY-MM-DD (with the time when there is one, which the date rule then refuses); a formula
 * gives its result; a spreadsheet error gives its code (#VALUE!), which the column's rule refuses.
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const time = value.getUTCHours() * 3600 + value.getUTCMinutes() * 60 + value.getUTCSeconds();
    return time === 0 ? day : `${day}T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
  }
  if ('error' in value) return String(value.error);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as CellValue);
  return '';
}

/** Days from Excel's day 0 (1899-12-30, which absorbs its 1900 leap-year bug) to 9999-12-31. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const MAX_SERIAL = 2958465;

/**
 * A whole number in a date column is a date whose cell lost its date format (a date typed
 * into a text-formatted cell by some programs): read as the day it counts from Excel's epoch.
 */
export function serialDate(text: string): string {
  if (!/^\d{1,7}$/.test(text)) return text;
  const n = Number(text);
  if (n < 1 || n > MAX_SERIAL) return text;
  return new Date(EXCEL_EPOCH + n * 86_400_000).toISOString().slice(0, 10);
}

export type WorkbookSheetResult = { ok: true; table: CsvReadResult } | { ok: false; problem: CsvProblem };

/**
 * The sheet of `file` as CSV records: rows with every cell empty are skipped (as blank lines
 * are), the export stamp in A1 is taken out, and each record keeps its row number as its line.
 */
export async function readCatalogueSheet(bytes: Uint8Array, file: CatalogueFile): Promise<WorkbookSheetResult> {
  const unzipped = unzippedSize(bytes);
  if (unzipped === null) return { ok: false, problem: problem('xlsx_unreadable') };
  if (unzipped > MAX_UNZIPPED_BYTES) return { ok: false, problem: problem('xlsx_too_large_unzipped', { max: `${MAX_UNZIPPED_BYTES / 1024 / 1024} MB` }) };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, problem: problem('xlsx_unreadable') };
  }
  const name = sheetNameOf(file);
  const sheet = workbook.worksheets.find((s) => s.name.trim().toLowerCase() === name);
  if (!sheet) return { ok: false, problem: problem('xlsx_no_sheet', { sheet: name, sheets: workbook.worksheets.map((s) => s.name).join(', ') || '-' }) };
  if (sheet.actualRowCount > MAX_SHEET_ROWS) return { ok: false, problem: problem('xlsx_too_large', { sheet: name, rows: sheet.actualRowCount, max: MAX_SHEET_ROWS }) };
  const records: CsvRecord[] = [];
  let exportedAt: string | null = null;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    // row.values is 1-based (index 0 unused); holes are empty cells.
    const values = row.values as CellValue[];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i] ?? null).trim());
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length === 0) return;
    if (records.length === 0 && exportedAt === null && cells.length === 1) {
      const stamp = EXPORT_STAMP.exec(cells[0]!);
      if (stamp) {
        exportedAt = new Date(stamp[1]!).toISOString();
        return;
      }
    }
    records.push({ line, cells });
  });
  const [header, ...rest] = records;
  if (!header) return { ok: true, table: { ok: false, line: 1, problem: problem('csv_missing_header') } };
  // A spreadsheet drops trailing empty cells: a row is as wide as the header unless it holds more.
  for (const record of rest) while (record.cells.length < header.cells.length) record.cells.push('');
  const dateColumns = header.cells.flatMap((name, i) => (TEXT_DATE_COLUMNS.has(name) ? [i] : []));
  for (const record of rest) for (const i of dateColumns) record.cells[i] = serialDate(record.cells[i]!);
  return { ok: true, table: { ok: true, header, records: rest, exportedAt } };
}
