/** File names, column orders and error shape of the catalogue CSV formats (SPEC §3). */
import type { Language } from '../../core/brief-schema';
import { t } from '../../i18n/translate';
import { problemText, type CsvProblem } from './csv-problem';

export const CATALOGUE_FILES = ['suppliers.csv', 'spaces.csv', 'rates.csv', 'blackouts.csv'] as const;
export type CatalogueFile = (typeof CATALOGUE_FILES)[number];

/** Exact SPEC column order: output always uses it, input may reorder it. */
export const CATALOGUE_COLUMNS = {
  'suppliers.csv': [
    'supplier_id',
    'name',
    'kind',
    'city',
    'email',
    'phone',
    'quality_labels',
    'bedrooms',
    'accessible',
    'associated_with',
    'active',
  ],
  'spaces.csv': ['supplier_id', 'space_id', 'name', 'theatre', 'classroom', 'banquet', 'cabaret', 'reception', 'boardroom'],
  'rates.csv': ['supplier_id', 'item', 'space_id', 'price_eur', 'vat_pct', 'valid_from', 'valid_to'],
  'blackouts.csv': ['supplier_id', 'space_id', 'from', 'to', 'reason'],
} as const satisfies Record<CatalogueFile, readonly string[]>;

export interface CsvError {
  file: CatalogueFile;
  /** Physical line in the file where the offending record starts; the header is line 1. */
  line: number;
  /** A SPEC column name, or `-` when the problem is the record or file itself (quoting, cell count). */
  column: string;
  /** The problem in English: the CLI's message. */
  message: string;
  /** The same problem as a catalogue key, to be said in the reader's language. */
  problem: CsvProblem;
}

export function csvError(file: CatalogueFile, line: number, column: string, p: CsvProblem): CsvError {
  return { file, line, column, message: problemText('en', p), problem: p };
}

export function formatCsvError(e: CsvError): string {
  return `${e.file}:${e.line}: ${e.column}: ${e.message}`;
}

/**
 * Where an uploaded file's rows came from: the name the person gave the file, and for a workbook
 * the sheet (whose row numbers are the file's line numbers).
 */
export interface UploadSource {
  name: string;
  sheet?: string;
}

/** "rates.csv, line 4, column price_eur: "12,5x" is not a price…", or in French. */
export function describeCsvError(lang: Language, e: CsvError, source?: UploadSource): string {
  const file = source?.name ?? e.file;
  const line = source?.sheet ? t(lang, 'csv_where_sheet', { file, sheet: source.sheet, line: e.line }) : t(lang, 'csv_where_line', { file, line: e.line });
  const where = e.column === '-' ? line : t(lang, 'csv_where_column', { where: line, column: e.column });
  return t(lang, 'csv_error_text', { where, message: problemText(lang, e.problem) });
}
