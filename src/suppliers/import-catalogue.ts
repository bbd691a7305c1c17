import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { CATALOGUE_FILES, parseCatalogueFiles, type CatalogueFile, type CsvError } from './csv';
import { SupplierStore, type UpsertCounts } from './supplier-store';
import { AuditStore } from './audit-store';
import { diffRows, SHAPES, type FileDiff } from './catalogue-diff';
import { auditEntries } from './apply-catalogue-changes';

export type ImportResult = { ok: true; counts: UpsertCounts; files: CatalogueFile[] } | { ok: false; errors: CsvError[] };

export function readCatalogueFolder(folder: string): Partial<Record<CatalogueFile, string>> {
  const files: Partial<Record<CatalogueFile, string>> = {};
  for (const name of CATALOGUE_FILES) {
    const file = path.join(folder, name);
    if (existsSync(file)) files[name] = readFileSync(file, 'utf8');
  }
  return files;
}

/**
 * SPEC §3: validate every row of every file first; write nothing if anything is wrong;
 * otherwise upsert all files in one transaction.
 */
export async function importCatalogue(db: Knex, files: Partial<Record<CatalogueFile, string>>, now: Date, actor = 'cli'): Promise<ImportResult> {
  return db.transaction(async (trx) => {
    const store = new SupplierStore(trx);
    const { catalogue, errors } = parseCatalogueFiles(files, await store.existingKeys());
    if (errors.length > 0) return { ok: false as const, errors };
    // Audit what the import adds or changes (it upserts, so it never removes), before writing.
    const touched = [...new Set(Object.values(catalogue).flatMap((rows) => (rows as { supplierId: string }[]).map((r) => r.supplierId)))];
    const current = await store.loadCatalogue({ supplierIds: touched });
    const parts = { 'suppliers.csv': 'suppliers', 'spaces.csv': 'spaces', 'rates.csv': 'rates', 'blackouts.csv': 'blackouts' } as const;
    const audit = CATALOGUE_FILES.filter((f) => catalogue[parts[f]]).flatMap((f) =>
      auditEntries(diffRows<unknown>(SHAPES[f] as never, current[parts[f]], catalogue[parts[f]]!, false) as FileDiff<{ supplierId: string }>, actor),
    );
    await new AuditStore(trx).record(audit, now);
    const counts = await store.upsert(catalogue, now);
    return { ok: true as const, counts, files: CATALOGUE_FILES.filter((f) => files[f] !== undefined) };
  });
}
