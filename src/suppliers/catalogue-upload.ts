/**
 * Pure: a venue's upload of one SPEC §3 file, scoped to one supplier. Every row must be that
 * supplier's; the file then stands for all of that supplier's rows of that kind, so rows it
 * no longer holds are removed (suppliers.csv only changes the profile).
 */
import { createHash } from 'node:crypto';
import type { Catalogue } from '../core/catalogue-types';
import { parseCatalogueFiles, tableOf, type CatalogueFile, type CatalogueSource, type CsvError, type ExistingCatalogueKeys } from './csv';
import { csvError } from './csv/catalogue-columns';
import { problem } from './csv/csv-problem';
import { diffRows, rowsOf, SHAPES, type FileDiff } from './catalogue-diff';
import { withHubOwnedFieldsKept } from './hub-owned-fields';

/** A row this upload would change back: it was edited (at, by actor) after the file was exported. */
export interface UndoWarning {
  key: string;
  at: string;
  actor: string;
}

/**
 * `proposed`: partners (associated_with) the upload asked for, kept out of the diff for the hub to decide.
 * `exportedAt`: the file's export stamp (null when it has none, so undone edits cannot be told).
 */
export type UploadResult =
  | { ok: true; diff: FileDiff<unknown>; digest: string; proposed: string[] | null; exportedAt: string | null; undo: UndoWarning[] }
  | { ok: false; errors: CsvError[] };

/** The export stamp of a file (its first line, a workbook sheet's A1), when it still carries one. */
export function exportedAtOf(source: CatalogueSource): string | null {
  const table = tableOf(source);
  return table.ok ? (table.exportedAt ?? null) : null;
}

/**
 * Rows the diff would touch that someone edited after the export: applying the file would
 * put back what that edit replaced (or bring back what it removed).
 */
function undoWarnings(diff: FileDiff<unknown>, edits: readonly { entityKey: string; at: string; actor: string; action: string }[]): UndoWarning[] {
  const touched = new Set([...diff.added, ...diff.changed, ...diff.removed].map((c) => c.key));
  const latest = new Map<string, UndoWarning>();
  for (const e of edits) if (e.action !== 'confirm_rates' && touched.has(e.entityKey)) latest.set(e.entityKey, { key: e.entityKey, at: e.at, actor: e.actor });
  return [...latest.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Rows of other suppliers, and changes to what only the hub decides (kind, active). */
function scopeErrors(file: CatalogueFile, source: CatalogueSource, supplierId: string, current: Catalogue): CsvError[] {
  const table = tableOf(source);
  if (!table.ok) return [];
  const idAt = table.header.cells.indexOf('supplier_id');
  if (idAt < 0) return [];
  const errors: CsvError[] = [];
  const own = current.suppliers.find((s) => s.supplierId === supplierId);
  for (const record of table.records) {
    const id = record.cells[idAt] ?? '';
    if (id !== supplierId) {
      errors.push(csvError(file, record.line, 'supplier_id', problem('csv_other_supplier', { id, supplier: supplierId })));
      continue;
    }
    if (file !== 'suppliers.csv' || !own) continue;
    const cell = (name: string) => record.cells[table.header.cells.indexOf(name)] ?? '';
    if (table.header.cells.includes('kind') && cell('kind') !== own.kind) {
      errors.push(csvError(file, record.line, 'kind', problem('csv_kind_stays', { kind: own.kind })));
    }
    if (table.header.cells.includes('active') && cell('active').toLowerCase() !== String(own.active)) {
      errors.push(csvError(file, record.line, 'active', problem('csv_active_stays', { active: String(own.active) })));
    }
  }
  return errors;
}

/** A fingerprint of the diff: the commit refuses if the data moved since the preview. */
function digestOf(diff: FileDiff<unknown>): string {
  const parts = [diff.added, diff.changed, diff.removed].map((list) => list.map((c) => [c.key, c.oldCells, c.newCells]));
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export function planUpload(
  file: CatalogueFile,
  source: CatalogueSource,
  supplierId: string,
  current: Catalogue,
  existing: ExistingCatalogueKeys,
  options: { mayChangeTies: boolean; editedAfterExport?: readonly { entityKey: string; at: string; actor: string; action: string }[] } = { mayChangeTies: false },
): UploadResult {
  const { catalogue, errors } = parseCatalogueFiles({ [file]: source }, existing);
  const all = [...errors, ...scopeErrors(file, source, supplierId, current)];
  if (all.length) {
    all.sort((a, b) => a.line - b.line);
    return { ok: false, errors: all };
  }
  let wanted: unknown[] = { 'suppliers.csv': catalogue.suppliers, 'spaces.csv': catalogue.spaces, 'rates.csv': catalogue.rates, 'blackouts.csv': catalogue.blackouts }[file] ?? [];
  let proposed: string[] | null = null;
  const own = current.suppliers.find((s) => s.supplierId === supplierId);
  if (file === 'suppliers.csv' && own && !options.mayChangeTies) {
    // Venue staff: partners become a proposal for the hub; the rest of the profile applies.
    wanted = (catalogue.suppliers ?? []).map((row) => {
      const kept = withHubOwnedFieldsKept(own, row);
      proposed = kept.proposed ?? proposed;
      return kept.row;
    });
  }
  const diff = diffRows(SHAPES[file] as never, rowsOf(current, file, supplierId), wanted, file !== 'suppliers.csv') as FileDiff<unknown>;
  if (file === 'suppliers.csv') {
    // Not part of the CSV: keep the stored confirmation date on the profile row.
    const held = current.suppliers.find((s) => s.supplierId === supplierId);
    for (const c of diff.changed) (c.new as { ratesConfirmedAt: string | null }).ratesConfirmedAt = held?.ratesConfirmedAt ?? null;
  }
  if (file === 'spaces.csv') {
    const inUse = diff.removed
      .map((c) => (c.old as { spaceId: string }).spaceId)
      .filter((spaceId) => [...current.rates, ...current.blackouts].some((r) => r.supplierId === supplierId && r.spaceId === spaceId));
    if (inUse.length) {
      return { ok: false, errors: inUse.map((space) => csvError(file, 1, 'space_id', problem('csv_space_in_use', { space }))) };
    }
  }
  const exportedAt = exportedAtOf(source);
  return { ok: true, diff, digest: digestOf(diff), proposed, exportedAt, undo: exportedAt ? undoWarnings(diff, options.editedAfterExport ?? []) : [] };
}
