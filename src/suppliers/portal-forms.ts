/**
 * Pure: turns the venue portal's edit forms into catalogue rows with exactly the CSV rules,
 * by handing the form's fields to the same row readers the import uses.
 */
import { LAYOUTS, type Blackout, type Rate, type Space, type Supplier } from '../core/catalogue-types';
import type { CsvError } from './csv';
import { readBlackoutRow, readRateRow, readSpaceRow, readSupplierRow, type CatalogueReferences } from './csv/catalogue-rows';
import { RowReader } from './csv/row-reader';
import { supplierCells } from './catalogue-diff';
import { problemText } from './csv/csv-problem';
import type { Language } from '../core/brief-schema';

export type FormBody = Record<string, unknown>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const field = (body: FormBody, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

function read<T>(file: CsvError['file'], cells: Record<string, string>, refs: CatalogueReferences, reader: (r: RowReader, refs: CatalogueReferences) => T | undefined, lang: Language): FormResult<T> {
  const errors: CsvError[] = [];
  const value = reader(new RowReader(file, 0, cells, errors), refs);
  if (value === undefined || errors.length) return { ok: false, errors: errors.map((e) => `${e.column}: ${problemText(lang, e.problem)}`) };
  return { ok: true, value };
}

/** What venue staff may change on their profile; the kind, id and active flag stay the hub's. */
export const PROFILE_FIELDS = ['name', 'email', 'phone', 'city', 'quality_labels', 'bedrooms', 'associated_with'] as const;

export function profileFromForm(current: Supplier, body: FormBody, refs: CatalogueReferences, lang: Language = 'en'): FormResult<Supplier> {
  const cells = supplierCells(current);
  for (const name of PROFILE_FIELDS) cells[name] = field(body, name);
  // A checkbox is absent when unticked.
  cells.accessible = body.accessible === 'true' ? 'true' : 'false';
  const result = read('suppliers.csv', cells, refs, readSupplierRow, lang);
  return result.ok ? { ok: true, value: { ...result.value, ratesConfirmedAt: current.ratesConfirmedAt } } : result;
}

export function spaceFromForm(supplierId: string, body: FormBody, refs: CatalogueReferences, lang: Language = 'en'): FormResult<Space> {
  const cells: Record<string, string> = { supplier_id: supplierId, space_id: field(body, 'space_id'), name: field(body, 'name') };
  for (const layout of LAYOUTS) cells[layout] = field(body, layout);
  return read('spaces.csv', cells, refs, readSpaceRow, lang);
}

export function rateFromForm(supplierId: string, body: FormBody, refs: CatalogueReferences, lang: Language = 'en'): FormResult<Rate> {
  const cells: Record<string, string> = { supplier_id: supplierId };
  for (const name of ['item', 'space_id', 'price_eur', 'vat_pct', 'valid_from', 'valid_to']) cells[name] = field(body, name);
  return read('rates.csv', cells, refs, readRateRow, lang);
}

export function blackoutFromForm(supplierId: string, body: FormBody, refs: CatalogueReferences, lang: Language = 'en'): FormResult<Blackout> {
  const cells: Record<string, string> = { supplier_id: supplierId };
  for (const name of ['space_id', 'from', 'to', 'reason']) cells[name] = field(body, name);
  return read('blackouts.csv', cells, refs, readBlackoutRow, lang);
}

/** The key of an existing row, as posted in hidden `orig_*` fields by edit and remove buttons. */
export function originalKey(body: FormBody, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, field(body, `orig_${n}`)]));
}

/** One row of the rates sheet: `orig` is the key of the rate it shows ('' for a new row). */
export interface RateSheetRow {
  orig: string;
  remove: boolean;
  cells: FormBody;
  /** Nothing typed in a new row: skipped. */
  blank: boolean;
}

export const RATE_SHEET_FIELDS = ['item', 'space_id', 'price_eur', 'vat_pct', 'valid_from', 'valid_to'] as const;
/** Far above any venue's rates (the seed's largest has 18): a bound on the work one POST asks for. */
export const MAX_SHEET_ROWS = 500;

/** The sheet posts `r<i>_<field>`, `r<i>_orig` and `r<i>_remove` for i = 0 … rows-1. */
export function rateSheetFromForm(body: FormBody): RateSheetRow[] {
  const count = Math.min(Number.parseInt(field(body, 'rows'), 10) || 0, MAX_SHEET_ROWS);
  const rows: RateSheetRow[] = [];
  for (let i = 0; i < count; i++) {
    const cells: FormBody = {};
    for (const name of RATE_SHEET_FIELDS) cells[name] = field(body, `r${i}_${name}`);
    const orig = field(body, `r${i}_orig`);
    // A new row's VAT select always has a value: only the typed cells say whether it was used.
    const blank = orig === '' && ['item', 'price_eur', 'valid_from', 'valid_to'].every((n) => cells[n] === '');
    rows.push({ orig, remove: body[`r${i}_remove`] === 'on' || body[`r${i}_remove`] === 'true', cells, blank });
  }
  return rows;
}
