import { decodeCsvBytes } from './csv/csv-dialect';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import {
  CATALOGUE_FILES,
  CatalogueFileReader,
  csvError,
  FileReferences,
  MalformedCsvError,
  PART_OF_FILE,
  problem,
  REFERENCED_FILES,
  readCsvFile,
  referencesOf,
  type CatalogueFile,
  type CatalogueRowOf,
  type CsvError,
  type CsvRecord,
} from './csv';
import { readCsvTable, type CsvReadResult } from './csv/csv-table';
import type { CatalogueReferences } from './csv/catalogue-rows';
import { SupplierStore, type UpsertCounts } from './supplier-store';
import { AuditStore } from './audit-store';
import { diffRows, SHAPES, type FileDiff } from './catalogue-diff';
import { auditEntries } from './apply-catalogue-changes';
import { storesFor } from '../stores';

export type ImportResult = { ok: true; counts: UpsertCounts; files: CatalogueFile[] } | { ok: false; errors: CsvError[] };

/**
 * Reads one file from the start, handing each record (header first) to `onRecord` and waiting
 * for the promise it may return; rejects with MalformedCsvError when the file is not valid CSV.
 */
type RecordSource = (onRecord: (record: CsvRecord) => void | Promise<void>) => Promise<void>;
type CatalogueSources = Partial<Record<CatalogueFile, RecordSource>>;

/** Rows are diffed, audited and upserted this many at a time, so memory does not grow with the file. */
const WRITE_CHUNK = 1000;

/** The catalogue files a folder holds (SPEC §3 names), as paths. */
export function catalogueFilesIn(folder: string): Partial<Record<CatalogueFile, string>> {
  const files: Partial<Record<CatalogueFile, string>> = {};
  for (const name of CATALOGUE_FILES) {
    const file = path.join(folder, name);
    if (existsSync(file)) files[name] = file;
  }
  return files;
}

/** The files' texts, read whole: for callers that want them in memory (importCatalogueFolder streams instead). */
export function readCatalogueFolder(folder: string): Partial<Record<CatalogueFile, string>> {
  const texts: Partial<Record<CatalogueFile, string>> = {};
  for (const [name, file] of Object.entries(catalogueFilesIn(folder)) as [CatalogueFile, string][]) texts[name] = decodeCsvBytes(readFileSync(file)).text;
  return texts;
}

/** A file read twice (validated, then written) must not change in between, or it would be written unvalidated. */
class FileChangedError extends Error {
  constructor(readonly file: CatalogueFile) {
    super(`${file} changed while it was being imported`);
  }
}

function fileSource(name: CatalogueFile, file: string): RecordSource {
  let firstDigest: string | undefined;
  return async (onRecord) => {
    const digest = await readCsvFile(file, onRecord);
    firstDigest ??= digest;
    if (digest !== firstDigest) throw new FileChangedError(name);
  };
}

function textSource(text: string): RecordSource {
  let table: CsvReadResult | undefined;
  return async (onRecord) => {
    table ??= readCsvTable(text);
    if (!table.ok) throw new MalformedCsvError(table.line, table.problem);
    await onRecord(table.header);
    for (const record of table.records) await onRecord(record);
  };
}

/**
 * SPEC §3 for `npm run import -- <folder>`: each file is streamed from disk, never held whole.
 * It is read up to three times: suppliers.csv and spaces.csv for the ids other rows may use,
 * every file to validate every row (keeping only keys and errors), then, only if nothing is
 * wrong, every file again to write it in one transaction, a chunk of rows at a time.
 */
export async function importCatalogueFolder(db: Knex, folder: string, now: Date, actor = 'cli'): Promise<ImportResult> {
  const sources: CatalogueSources = {};
  for (const [name, file] of Object.entries(catalogueFilesIn(folder)) as [CatalogueFile, string][]) sources[name] = fileSource(name, file);
  return importSources(db, sources, now, actor);
}

/** The same import from texts already in memory (tests, small callers). */
export async function importCatalogue(db: Knex, files: Partial<Record<CatalogueFile, string>>, now: Date, actor = 'cli'): Promise<ImportResult> {
  const sources: CatalogueSources = {};
  for (const name of CATALOGUE_FILES) {
    const text = files[name];
    if (text !== undefined) sources[name] = textSource(text);
  }
  return importSources(db, sources, now, actor);
}

/** Feeds every record of a file to its reader; a file that is not valid CSV is reported once. */
async function readFile<F extends CatalogueFile>(source: RecordSource, reader: CatalogueFileReader<F>, onRow?: (row: CatalogueRowOf[F]) => Promise<void> | void): Promise<void> {
  try {
    await source((record) => {
      const row = reader.read(record);
      if (row && onRow) return onRow(row);
    });
    reader.end();
  } catch (err) {
    if (!(err instanceof MalformedCsvError)) throw err;
    reader.malformed(err.line, err.problem);
  }
}

/** The ids rows may reference: what the database holds plus what suppliers.csv and spaces.csv define. */
async function readReferences(sources: CatalogueSources, store: SupplierStore): Promise<CatalogueReferences> {
  const refs = referencesOf(await store.existingKeys());
  for (const name of REFERENCED_FILES) {
    const source = sources[name];
    if (!source) continue;
    const found = new FileReferences(name);
    try {
      await source((record) => found.read(record));
    } catch (err) {
      if (err instanceof MalformedCsvError) continue;
      throw err;
    }
    found.addTo(refs);
  }
  return refs;
}

/**
 * Writes rows a chunk at a time: diffs the chunk against the rows held under the same keys (for
 * the audit log; an import upserts, so it never removes), then upserts it. Every key occurs
 * once per file (duplicates are refused), so this audits exactly what diffing whole files
 * would. One chunk is written while the next is read, so parsing overlaps the database's work.
 */
class ChunkedCatalogueWriter {
  readonly counts: UpsertCounts = { suppliers: 0, spaces: 0, rates: 0, blackouts: 0 };
  private readonly store: SupplierStore;
  private readonly audit: AuditStore;
  private readonly ratesOf = new Set<string>();
  private ratesWritten = false;
  /** Files whose table was empty when their first chunk came: nothing to diff against (a first import). */
  private readonly intoEmpty = new Map<CatalogueFile, boolean>();
  private chunk: unknown[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    trx: Knex.Transaction,
    private readonly now: Date,
    private readonly actor: string,
  ) {
    this.store = storesFor(trx).suppliers;
    this.audit = storesFor(trx).audit;
  }

  /** Queues a row of `file`; waits only when a full chunk must wait for the one being written. */
  async add<F extends CatalogueFile>(file: F, row: CatalogueRowOf[F]): Promise<void> {
    this.chunk.push(row);
    if (this.chunk.length >= WRITE_CHUNK) await this.startChunk(file);
  }

  /** Writes what remains of `file`. */
  async endFile(file: CatalogueFile): Promise<void> {
    await this.startChunk(file);
    await this.writing;
  }

  /** Waits for the chunk being written, whatever its outcome: the transaction must not end under it. */
  async idle(): Promise<void> {
    await this.writing.catch(() => {});
  }

  /** SPEC §3: importing a supplier's rates confirms them now. */
  async finish(): Promise<UpsertCounts> {
    if (this.ratesWritten) await this.store.confirmRates([...this.ratesOf], this.now);
    await this.store.catalogueChanged();
    return this.counts;
  }

  private async startChunk(file: CatalogueFile): Promise<void> {
    const rows = this.chunk;
    this.chunk = [];
    await this.writing;
    this.writing = this.write(file, rows);
    // Observed by the next startChunk, endFile or idle; this only keeps Node from calling it unhandled meanwhile.
    this.writing.catch(() => {});
  }

  private async write(file: CatalogueFile, rows: unknown[]): Promise<void> {
    if (file === 'rates.csv') {
      this.ratesWritten = true;
      for (const rate of rows as CatalogueRowOf['rates.csv'][]) this.ratesOf.add(rate.supplierId);
    }
    if (rows.length === 0) return;
    const part = PART_OF_FILE[file];
    // Each key comes once per file, so rows written by this file's earlier chunks can never match:
    // a table empty when the file began stays empty of anything to diff against.
    if (!this.intoEmpty.has(file)) this.intoEmpty.set(file, await this.store.isEmptyPart(part));
    const current = this.intoEmpty.get(file) ? [] : await this.store.findByKeys(part, rows as never);
    const diff = diffRows<unknown>(SHAPES[file] as never, current, rows, false) as FileDiff<{ supplierId: string }>;
    await this.audit.record(auditEntries(diff, this.actor), this.now);
    this.counts[part] += await this.store.upsertRows(part, rows as never);
  }
}

/** SPEC §3: validate every row of every file first; write nothing if anything is wrong; otherwise upsert all files in one transaction. */
async function importSources(db: Knex, sources: CatalogueSources, now: Date, actor: string): Promise<ImportResult> {
  const given = CATALOGUE_FILES.filter((f) => sources[f] !== undefined);
  try {
    return await db.transaction(async (trx) => {
      const refs = await readReferences(sources, storesFor(trx).suppliers);
      const errors: CsvError[] = [];
      for (const file of given) await readFile(sources[file]!, new CatalogueFileReader(file, refs, errors));
      if (errors.length > 0) return { ok: false as const, errors };

      const writer = new ChunkedCatalogueWriter(trx, now, actor);
      try {
        for (const file of given) {
          const reader = new CatalogueFileReader(file, refs, [], { checkDuplicates: false });
          await readFile(sources[file]!, reader, (row) => writer.add(file, row));
          // Only a file that changed since it was validated can fail now: then nothing is committed.
          if (!reader.ok) throw new FileChangedError(file);
          await writer.endFile(file);
        }
      } finally {
        await writer.idle();
      }
      return { ok: true as const, counts: await writer.finish(), files: given };
    });
  } catch (err) {
    if (err instanceof FileChangedError) {
      return { ok: false, errors: [csvError(err.file, 1, '-', problem('csv_changed_meanwhile'))] };
    }
    throw err;
  }
}
