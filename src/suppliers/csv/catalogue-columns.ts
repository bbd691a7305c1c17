/** File names, column orders and error shape of the catalogue CSV formats (SPEC §3). */

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
  message: string;
}

export function formatCsvError(e: CsvError): string {
  return `${e.file}:${e.line}: ${e.column}: ${e.message}`;
}
