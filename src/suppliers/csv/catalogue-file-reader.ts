/**
 * The record-by-record core of SPEC §3 validation: header checks, cell counts, duplicate keys
 * and the row rules, fed one record at a time. A text read whole (parseCatalogueFiles) and a
 * file streamed from disk (the CLI import) both go through it, so they report alike.
 */
import { SUPPLIER_KINDS, type Blackout, type Rate, type Space, type Supplier, type SupplierKind } from '../../core/catalogue-types';
import { CATALOGUE_COLUMNS, csvError, type CatalogueFile, type CsvError } from './catalogue-columns';
import { problem, type CsvProblem } from './csv-problem';
import {
  readBlackoutRow,
  readRateRow,
  readSpaceRow,
  readSupplierRow,
  spaceKey,
  type CatalogueReferences,
} from './catalogue-rows';
import { ID_PATTERN } from './cell-values';
import { MISSING_HEADER, type CsvRecord } from './csv-table';
import { FirstLineIndex } from './first-line-index';
import { RowReader } from './row-reader';

export interface ExistingCatalogueKeys {
  supplierIds: Set<string>;
  /** `${supplierId}/${spaceId}` */
  spaceKeys: Set<string>;
  supplierKinds: Map<string, SupplierKind>;
}

/** The domain value of one row of each file. */
export interface CatalogueRowOf {
  'suppliers.csv': Supplier;
  'spaces.csv': Space;
  'rates.csv': Rate;
  'blackouts.csv': Blackout;
}

export const PART_OF_FILE = { 'suppliers.csv': 'suppliers', 'spaces.csv': 'spaces', 'rates.csv': 'rates', 'blackouts.csv': 'blackouts' } as const;

const ROW_READERS: { [F in CatalogueFile]: (r: RowReader, refs: CatalogueReferences) => CatalogueRowOf[F] | undefined } = {
  'suppliers.csv': readSupplierRow,
  'spaces.csv': readSpaceRow,
  'rates.csv': readRateRow,
  'blackouts.csv': readBlackoutRow,
};

const KEY_COLUMNS: Record<CatalogueFile, readonly string[]> = {
  'suppliers.csv': ['supplier_id'],
  'spaces.csv': ['supplier_id', 'space_id'],
  'rates.csv': ['supplier_id', 'item', 'space_id', 'valid_from'],
  'blackouts.csv': ['supplier_id', 'space_id', 'from'],
};

/**
 * One string per key, different for different keys: the cells after and between NULs (short),
 * or as JSON when a cell holds a NUL itself (such a row is refused anyway).
 */
function keyText(cells: string[]): string {
  return cells.some((c) => c.includes('\u0000')) ? JSON.stringify(cells) : `\u0000${cells.join('\u0000')}`;
}

/** The files other rows may point at. */
export const REFERENCED_FILES = ['suppliers.csv', 'spaces.csv'] as const;

function cellsByName(header: readonly string[], record: CsvRecord): Record<string, string> {
  // No prototype: a header cell such as `__proto__` must stay an ordinary (unknown) column.
  const cells: Record<string, string> = Object.create(null);
  header.forEach((name, i) => (cells[name] ??= record.cells[i]!));
  return cells;
}

/** What the database already holds, before the files add theirs (FileReferences.addTo). */
export function referencesOf(existing: ExistingCatalogueKeys): CatalogueReferences {
  const suppliers = new Map<string, SupplierKind | undefined>();
  for (const id of existing.supplierIds) suppliers.set(id, existing.supplierKinds.get(id));
  for (const [id, kind] of existing.supplierKinds) suppliers.set(id, kind);
  return { suppliers, spaces: new Set(existing.spaceKeys) };
}

/**
 * The ids one suppliers.csv or spaces.csv defines. They count as known even when their row has
 * other errors, so one typo does not cascade into "unknown supplier" on every dependent row;
 * a file that cannot be parsed defines none (its caller then skips addTo).
 */
export class FileReferences {
  private header: string[] | undefined;
  private readonly suppliers = new Map<string, SupplierKind | undefined>();
  private readonly spaces = new Set<string>();

  constructor(readonly file: (typeof REFERENCED_FILES)[number]) {}

  read(record: CsvRecord): void {
    if (!this.header) {
      this.header = record.cells;
      return;
    }
    if (record.cells.length !== this.header.length) return;
    const cells = cellsByName(this.header, record);
    if (!ID_PATTERN.test(cells.supplier_id ?? '')) return;
    if (this.file === 'suppliers.csv') {
      const kind = (SUPPLIER_KINDS as readonly string[]).includes(cells.kind!) ? (cells.kind as SupplierKind) : undefined;
      this.suppliers.set(cells.supplier_id!, kind);
    } else if (ID_PATTERN.test(cells.space_id ?? '')) {
      this.spaces.add(spaceKey(cells.supplier_id!, cells.space_id!));
    }
  }

  addTo(refs: CatalogueReferences): void {
    for (const [id, kind] of this.suppliers) refs.suppliers.set(id, kind);
    for (const key of this.spaces) refs.spaces.add(key);
  }
}

/**
 * Reads one file record by record, header first, appending its errors to `errors` in reading
 * order. Only what later rows need is kept: the header and the first line of each key.
 */
export class CatalogueFileReader<F extends CatalogueFile> {
  private header: string[] | undefined;
  /** False when the header is unusable: rows are then only counted, not validated. */
  private usable = true;
  private keys: FirstLineIndex | undefined;
  private readonly start: number;

  constructor(
    readonly file: F,
    private readonly refs: CatalogueReferences,
    private readonly errors: CsvError[],
    /** Off for a second reading of a file already validated: its keys are known to be unique. */
    options: { checkDuplicates: boolean } = { checkDuplicates: true },
  ) {
    this.start = errors.length;
    this.keys = options.checkDuplicates ? new FirstLineIndex() : undefined;
  }

  /** True when this file has reported nothing so far. */
  get ok(): boolean {
    return this.errors.length === this.start;
  }

  /** Feeds the next record; returns the row's value when the row is valid and its key new. */
  read(record: CsvRecord): CatalogueRowOf[F] | undefined {
    if (!this.header) {
      this.readHeader(record);
      return undefined;
    }
    const { file, header } = this;
    if (record.cells.length !== header.length) {
      this.errors.push(csvError(file, record.line, '-', problem('csv_cell_count', { expected: header.length, found: record.cells.length })));
      return undefined;
    }
    if (!this.usable) return undefined;
    const cells = cellsByName(header, record);
    const repeat = this.isRepeat(record.line, cells);
    const value = ROW_READERS[file](new RowReader(file, record.line, cells, this.errors), this.refs);
    return repeat ? undefined : value;
  }

  /** The file has ended: with no record at all, it has no header. */
  end(): void {
    if (!this.header) this.malformed(MISSING_HEADER.line, MISSING_HEADER.problem);
  }

  /** The file cannot be read as CSV: it is reported once, in place of whatever its rows said. */
  malformed(line: number, p: CsvProblem): void {
    this.errors.length = this.start;
    this.errors.push(csvError(this.file, line, '-', p));
    this.usable = false;
    this.keys = undefined;
  }

  private readHeader(record: CsvRecord): void {
    const { file, errors } = this;
    const expected: readonly string[] = CATALOGUE_COLUMNS[file];
    const header = (this.header = record.cells);
    const line = record.line;
    header.forEach((name, i) => {
      if (!expected.includes(name)) {
        errors.push(csvError(file, line, name || `#${i + 1}`, problem('csv_unknown_column', { expected: expected.join(',') })));
      } else if (header.indexOf(name) !== i) {
        errors.push(csvError(file, line, name, problem('csv_duplicate_column')));
        this.usable = false;
      }
    });
    for (const name of expected) {
      if (!header.includes(name)) {
        errors.push(csvError(file, line, name, problem('csv_missing_column')));
        this.usable = false;
      }
    }
  }

  /** Reports a key already seen; such a row is validated but left out of the result. */
  private isRepeat(line: number, cells: Record<string, string>): boolean {
    if (!this.keys) return false;
    const columns = KEY_COLUMNS[this.file];
    const first = this.keys.firstLine(keyText(columns.map((c) => cells[c]!)), line);
    if (first === undefined) return false;
    const duplicate = problem('csv_duplicate_key', { columns: columns.join(', '), first });
    this.errors.push(csvError(this.file, line, columns[columns.length - 1]!, duplicate));
    return true;
  }
}
