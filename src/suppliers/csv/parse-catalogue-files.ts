/**
 * Validates catalogue CSV texts held in memory as one batch: every row of every file, all errors
 * at once. The venue portal's uploads come this way; the CLI import streams its files through
 * the same record-by-record core (catalogue-file-reader.ts).
 */
import type { Blackout, Rate, Space, Supplier } from '../../core/catalogue-types';
import { CATALOGUE_FILES, type CatalogueFile, type CsvError } from './catalogue-columns';
import {
  CatalogueFileReader,
  FileReferences,
  PART_OF_FILE,
  REFERENCED_FILES,
  referencesOf,
  type ExistingCatalogueKeys,
} from './catalogue-file-reader';
import { readCsvTable, type CsvReadResult } from './csv-table';

export type { ExistingCatalogueKeys } from './catalogue-file-reader';

/** A key is present iff that file was given; rows with errors are left out. */
export interface ParsedCatalogue {
  suppliers?: Supplier[];
  spaces?: Space[];
  rates?: Rate[];
  blackouts?: Blackout[];
}

/** A file's text, or its records already read (an .xlsx sheet: catalogue-workbook.ts). */
export type CatalogueSource = string | CsvReadResult;

export const tableOf = (source: CatalogueSource): CsvReadResult => (typeof source === 'string' ? readCsvTable(source) : source);

export function parseCatalogueFiles(
  files: Partial<Record<CatalogueFile, CatalogueSource>>,
  existing: ExistingCatalogueKeys,
): { catalogue: ParsedCatalogue; errors: CsvError[] } {
  const tables: Partial<Record<CatalogueFile, CsvReadResult>> = {};
  for (const file of CATALOGUE_FILES) {
    const source = files[file];
    if (source !== undefined) tables[file] = tableOf(source);
  }
  const refs = referencesOf(existing);
  for (const file of REFERENCED_FILES) {
    const table = tables[file];
    if (!table?.ok) continue;
    const found = new FileReferences(file);
    found.read(table.header);
    for (const record of table.records) found.read(record);
    found.addTo(refs);
  }
  // Errors come in reading order: file by file, line by line.
  const errors: CsvError[] = [];
  const catalogue: Record<string, unknown[]> = {};
  for (const file of CATALOGUE_FILES) {
    const table = tables[file];
    if (!table) continue;
    const reader = new CatalogueFileReader(file, refs, errors);
    const rows: unknown[] = [];
    if (table.ok) {
      reader.read(table.header);
      for (const record of table.records) {
        const row = reader.read(record);
        if (row) rows.push(row);
      }
    } else {
      reader.malformed(table.line, table.problem);
    }
    catalogue[PART_OF_FILE[file]] = rows;
  }
  return { catalogue: catalogue as ParsedCatalogue, errors };
}
