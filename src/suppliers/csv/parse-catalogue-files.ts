/** Validates the catalogue CSV files as one batch: every row of every file, all errors at once. */
import type { Blackout, Rate, Space, Supplier, SupplierKind } from '../catalogue-types';
import { SUPPLIER_KINDS } from '../catalogue-types';
import { CATALOGUE_COLUMNS, CATALOGUE_FILES, type CatalogueFile, type CsvError } from './catalogue-columns';
import {
  readBlackoutRow,
  readRateRow,
  readSpaceRow,
  readSupplierRow,
  spaceKey,
  type CatalogueReferences,
} from './catalogue-rows';
import { ID_PATTERN } from './cell-values';
import { readCsvTable } from './csv-table';
import { RowReader } from './row-reader';

export interface ExistingCatalogueKeys {
  supplierIds: Set<string>;
  /** `${supplierId}/${spaceId}` */
  spaceKeys: Set<string>;
  supplierKinds: Map<string, SupplierKind>;
}

/** A key is present iff that file was given; rows with errors are left out. */
export interface ParsedCatalogue {
  suppliers?: Supplier[];
  spaces?: Space[];
  rates?: Rate[];
  blackouts?: Blackout[];
}

interface Row {
  line: number;
  cells: Record<string, string>;
}

const KEY_COLUMNS: Record<CatalogueFile, readonly string[]> = {
  'suppliers.csv': ['supplier_id'],
  'spaces.csv': ['supplier_id', 'space_id'],
  'rates.csv': ['supplier_id', 'item', 'space_id', 'valid_from'],
  'blackouts.csv': ['supplier_id', 'space_id', 'from'],
};

interface FileRows {
  rows: Row[];
  /** False when the header is unusable: rows then only serve to resolve references, unvalidated. */
  validate: boolean;
}

/** Reads the table and maps cells to column names. */
function readRows(file: CatalogueFile, text: string, errors: CsvError[]): FileRows {
  const table = readCsvTable(text);
  if (!table.ok) {
    errors.push({ file, line: table.line, column: '-', message: table.message });
    return { rows: [], validate: false };
  }
  const expected: readonly string[] = CATALOGUE_COLUMNS[file];
  const header = table.header.cells;
  const line = table.header.line;
  let usable = true;
  header.forEach((name, i) => {
    if (!expected.includes(name)) {
      errors.push({ file, line, column: name || `#${i + 1}`, message: `unknown column (expected ${expected.join(',')})` });
    } else if (header.indexOf(name) !== i) {
      errors.push({ file, line, column: name, message: 'duplicate column' });
      usable = false;
    }
  });
  for (const name of expected) {
    if (!header.includes(name)) {
      errors.push({ file, line, column: name, message: 'missing column' });
      usable = false;
    }
  }
  const rows: Row[] = [];
  for (const record of table.records) {
    if (record.cells.length !== header.length) {
      const message = `expected ${header.length} cells, found ${record.cells.length}`;
      errors.push({ file, line: record.line, column: '-', message });
      continue;
    }
    // No prototype: a header cell such as `__proto__` must stay an ordinary (unknown) column.
    const cells: Record<string, string> = Object.create(null);
    header.forEach((name, i) => (cells[name] ??= record.cells[i]!));
    rows.push({ line: record.line, cells });
  }
  return { rows, validate: usable };
}

/** Returns the lines of the repeats, which are then left out of the parsed catalogue. */
function reportDuplicateKeys(file: CatalogueFile, rows: Row[], errors: CsvError[]): Set<number> {
  const columns = KEY_COLUMNS[file];
  const firstLine = new Map<string, number>();
  const repeats = new Set<number>();
  for (const row of rows) {
    const key = JSON.stringify(columns.map((c) => row.cells[c]));
    const first = firstLine.get(key);
    if (first === undefined) {
      firstLine.set(key, row.line);
    } else {
      const message = `duplicate key (${columns.join(', ')}) already on line ${first}`;
      errors.push({ file, line: row.line, column: columns[columns.length - 1]!, message });
      repeats.add(row.line);
    }
  }
  return repeats;
}

/**
 * Ids in the files count as known even when their row has other errors, so one typo
 * does not cascade into "unknown supplier" on every dependent row.
 */
function collectReferences(
  files: Partial<Record<CatalogueFile, FileRows>>,
  existing: ExistingCatalogueKeys,
): CatalogueReferences {
  const suppliers = new Map<string, SupplierKind | undefined>();
  for (const id of existing.supplierIds) suppliers.set(id, existing.supplierKinds.get(id));
  for (const [id, kind] of existing.supplierKinds) suppliers.set(id, kind);
  for (const { cells } of files['suppliers.csv']?.rows ?? []) {
    if (!ID_PATTERN.test(cells.supplier_id ?? '')) continue;
    const kind = (SUPPLIER_KINDS as readonly string[]).includes(cells.kind!) ? (cells.kind as SupplierKind) : undefined;
    suppliers.set(cells.supplier_id!, kind);
  }
  const spaces = new Set(existing.spaceKeys);
  for (const { cells } of files['spaces.csv']?.rows ?? []) {
    if (ID_PATTERN.test(cells.supplier_id ?? '') && ID_PATTERN.test(cells.space_id ?? '')) {
      spaces.add(spaceKey(cells.supplier_id!, cells.space_id!));
    }
  }
  return { suppliers, spaces };
}

export function parseCatalogueFiles(
  files: Partial<Record<CatalogueFile, string>>,
  existing: ExistingCatalogueKeys,
): { catalogue: ParsedCatalogue; errors: CsvError[] } {
  const errors: CsvError[] = [];
  const read: Partial<Record<CatalogueFile, FileRows>> = {};
  const repeats: Partial<Record<CatalogueFile, Set<number>>> = {};
  for (const file of CATALOGUE_FILES) {
    const text = files[file];
    if (text === undefined) continue;
    read[file] = readRows(file, text, errors);
    if (read[file].validate) repeats[file] = reportDuplicateKeys(file, read[file].rows, errors);
  }
  const refs = collectReferences(read, existing);

  function readAll<T>(file: CatalogueFile, readRow: (r: RowReader, refs: CatalogueReferences) => T | undefined): T[] {
    const out: T[] = [];
    const { rows, validate } = read[file]!;
    for (const row of validate ? rows : []) {
      const value = readRow(new RowReader(file, row.line, row.cells, errors), refs);
      if (value !== undefined && !repeats[file]?.has(row.line)) out.push(value);
    }
    return out;
  }

  const catalogue: ParsedCatalogue = {};
  if (read['suppliers.csv']) catalogue.suppliers = readAll('suppliers.csv', readSupplierRow);
  if (read['spaces.csv']) catalogue.spaces = readAll('spaces.csv', readSpaceRow);
  if (read['rates.csv']) catalogue.rates = readAll('rates.csv', readRateRow);
  if (read['blackouts.csv']) catalogue.blackouts = readAll('blackouts.csv', readBlackoutRow);
  // Report in reading order: file by file, line by line (sort is stable within a line).
  const order = (e: CsvError) => CATALOGUE_FILES.indexOf(e.file);
  errors.sort((a, b) => order(a) - order(b) || a.line - b.line);
  return { catalogue, errors };
}
