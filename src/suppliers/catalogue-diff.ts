/** Pure: catalogue rows as the CSV shows them, their keys, and what changes between two sets. */
import { LAYOUTS, type Blackout, type Catalogue, type Rate, type Space, type Supplier } from '../core/catalogue-types';
import { CATALOGUE_COLUMNS, type CatalogueFile } from './csv';
import { formatPriceCents, formatVat } from './csv/cell-values';
import type { AuditEntity } from './audit-store';

export type Cells = Record<string, string>;

export const ENTITY_OF_FILE: Record<CatalogueFile, AuditEntity> = {
  'suppliers.csv': 'supplier',
  'spaces.csv': 'space',
  'rates.csv': 'rate',
  'blackouts.csv': 'blackout',
};

const count = (n: number | null) => (n === null ? '' : String(n));

export function supplierCells(s: Supplier): Cells {
  return {
    supplier_id: s.supplierId,
    name: s.name,
    kind: s.kind,
    city: s.city,
    email: s.email,
    phone: s.phone ?? '',
    quality_labels: s.qualityLabels.join(';'),
    bedrooms: count(s.bedrooms),
    accessible: String(s.accessible),
    associated_with: s.associatedWith.join(';'),
    active: String(s.active),
  };
}

export function spaceCells(s: Space): Cells {
  return { supplier_id: s.supplierId, space_id: s.spaceId, name: s.name, ...Object.fromEntries(LAYOUTS.map((l) => [l, count(s.capacities[l])])) };
}

export function rateCells(r: Rate): Cells {
  return {
    supplier_id: r.supplierId,
    item: r.item,
    space_id: r.spaceId ?? '',
    price_eur: formatPriceCents(r.priceCents),
    vat_pct: formatVat(r.vatPct),
    valid_from: r.validFrom,
    valid_to: r.validTo ?? '',
  };
}

export function blackoutCells(b: Blackout): Cells {
  return { supplier_id: b.supplierId, space_id: b.spaceId ?? '', from: b.from, to: b.to, reason: b.reason ?? '' };
}

/** SPEC §3 keys, joined with `/` (ids cannot contain it). */
export const supplierKey = (s: Supplier) => s.supplierId;
export const spaceKeyOf = (s: Space) => `${s.supplierId}/${s.spaceId}`;
export const rateKey = (r: Rate) => `${r.supplierId}/${r.item}/${r.spaceId ?? ''}/${r.validFrom}`;
export const blackoutKey = (b: Blackout) => `${b.supplierId}/${b.spaceId ?? ''}/${b.from}`;

export interface RowChange<T> {
  key: string;
  old: T | null;
  new: T | null;
  oldCells: Cells | null;
  newCells: Cells | null;
  /** Columns whose cell differs (all columns for added and removed rows). */
  columns: string[];
}

export interface FileDiff<T> {
  file: CatalogueFile;
  added: RowChange<T>[];
  changed: RowChange<T>[];
  removed: RowChange<T>[];
}

interface Shape<T> {
  file: CatalogueFile;
  key(row: T): string;
  cells(row: T): Cells;
}

export const SHAPES = {
  'suppliers.csv': { file: 'suppliers.csv', key: supplierKey, cells: supplierCells } as Shape<Supplier>,
  'spaces.csv': { file: 'spaces.csv', key: spaceKeyOf, cells: spaceCells } as Shape<Space>,
  'rates.csv': { file: 'rates.csv', key: rateKey, cells: rateCells } as Shape<Rate>,
  'blackouts.csv': { file: 'blackouts.csv', key: blackoutKey, cells: blackoutCells } as Shape<Blackout>,
};

/**
 * Compares the rows held now with the rows wanted. With `removeMissing`, held rows that are
 * not wanted are removed (an uploaded file replaces that supplier's rows of that file).
 */
export function diffRows<T>(shape: Shape<T>, current: readonly T[], wanted: readonly T[], removeMissing: boolean): FileDiff<T> {
  const columns: readonly string[] = CATALOGUE_COLUMNS[shape.file];
  const held = new Map(current.map((row) => [shape.key(row), row]));
  const diff: FileDiff<T> = { file: shape.file, added: [], changed: [], removed: [] };
  const seen = new Set<string>();
  for (const row of wanted) {
    const key = shape.key(row);
    seen.add(key);
    const before = held.get(key);
    const newCells = shape.cells(row);
    if (!before) {
      diff.added.push({ key, old: null, new: row, oldCells: null, newCells, columns: [...columns] });
      continue;
    }
    const oldCells = shape.cells(before);
    const differing = columns.filter((c) => oldCells[c] !== newCells[c]);
    if (differing.length) diff.changed.push({ key, old: before, new: row, oldCells, newCells, columns: differing });
  }
  if (removeMissing) {
    for (const [key, row] of held) {
      if (!seen.has(key)) diff.removed.push({ key, old: row, new: null, oldCells: shape.cells(row), newCells: null, columns: [...columns] });
    }
  }
  return diff;
}

/** The rows of one supplier in one file, as the catalogue holds them. */
export function rowsOf(catalogue: Catalogue, file: CatalogueFile, supplierId: string): unknown[] {
  const list = { 'suppliers.csv': catalogue.suppliers, 'spaces.csv': catalogue.spaces, 'rates.csv': catalogue.rates, 'blackouts.csv': catalogue.blackouts }[file];
  return (list as { supplierId: string }[]).filter((r) => r.supplierId === supplierId);
}
