/** Export side of SPEC §3: the four files in SPEC column order, rows sorted by key for stable diffs. */
import { LAYOUTS, RATE_ITEMS, type Catalogue } from '../../core/catalogue-types';
import { CATALOGUE_COLUMNS, type CatalogueFile } from './catalogue-columns';
import { formatPriceCents, formatVat } from './cell-values';
import { writeCsvTable } from './csv-table';

// Plain code-unit order, not localeCompare: the output must not depend on the machine's locale.
function compareKeys(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

function sortedBy<T>(rows: readonly T[], key: (row: T) => (string | number)[]): T[] {
  return [...rows].sort((a, b) => compareKeys(key(a), key(b)));
}

const count = (n: number | null): string => (n === null ? '' : String(n));
const bool = (b: boolean): string => (b ? 'true' : 'false');

/** Each file's rows as the cells the CSV holds (header not included), in SPEC column order. */
export function catalogueTables(catalogue: Catalogue): Record<CatalogueFile, string[][]> {
  const suppliers = sortedBy(catalogue.suppliers, (s) => [s.supplierId]).map((s) => [
    s.supplierId,
    s.name,
    s.kind,
    s.city,
    s.email,
    s.phone ?? '',
    s.qualityLabels.join(';'),
    count(s.bedrooms),
    bool(s.accessible),
    s.associatedWith.join(';'),
    bool(s.active),
  ]);
  const spaces = sortedBy(catalogue.spaces, (s) => [s.supplierId, s.spaceId]).map((s) => [
    s.supplierId,
    s.spaceId,
    s.name,
    ...LAYOUTS.map((layout) => count(s.capacities[layout])),
  ]);
  // Items in SPEC order rather than alphabetical: a venue's rate card then reads top to bottom.
  const rates = sortedBy(catalogue.rates, (r) => [r.supplierId, RATE_ITEMS.indexOf(r.item), r.spaceId ?? '', r.validFrom]).map(
    (r) => [
      r.supplierId,
      r.item,
      r.spaceId ?? '',
      formatPriceCents(r.priceCents),
      formatVat(r.vatPct),
      r.validFrom,
      r.validTo ?? '',
    ],
  );
  const blackouts = sortedBy(catalogue.blackouts, (b) => [b.supplierId, b.spaceId ?? '', b.from]).map((b) => [
    b.supplierId,
    b.spaceId ?? '',
    b.from,
    b.to,
    b.reason ?? '',
  ]);
  return { 'suppliers.csv': suppliers, 'spaces.csv': spaces, 'rates.csv': rates, 'blackouts.csv': blackouts };
}

export function writeCatalogueFiles(catalogue: Catalogue): Record<CatalogueFile, string> {
  const tables = catalogueTables(catalogue);
  return {
    'suppliers.csv': writeCsvTable(CATALOGUE_COLUMNS['suppliers.csv'], tables['suppliers.csv']),
    'spaces.csv': writeCsvTable(CATALOGUE_COLUMNS['spaces.csv'], tables['spaces.csv']),
    'rates.csv': writeCsvTable(CATALOGUE_COLUMNS['rates.csv'], tables['rates.csv']),
    'blackouts.csv': writeCsvTable(CATALOGUE_COLUMNS['blackouts.csv'], tables['blackouts.csv']),
  };
}
