/** Pure: shapes portal data for the templates (cells as the CSV shows them, old → new pairs). */
import { LAYOUTS, RATE_ITEMS, VAT_RATES } from './catalogue-types';
import { CATALOGUE_COLUMNS } from './csv';
import { blackoutCells, rateCells, spaceCells, type Cells, type FileDiff } from './catalogue-diff';
import type { AuditEntry } from './audit-store';
import type { SupplierPage } from './portal-service';

const pairs = (cells: Cells | null, columns: readonly string[]) => columns.map((name) => ({ name, value: cells?.[name] ?? '' }));

export function diffView(diff: FileDiff<unknown>) {
  const columns = CATALOGUE_COLUMNS[diff.file];
  return {
    file: diff.file,
    empty: diff.added.length + diff.changed.length + diff.removed.length === 0,
    counts: { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length },
    added: diff.added.map((c) => ({ key: c.key, cells: pairs(c.newCells, columns) })),
    removed: diff.removed.map((c) => ({ key: c.key, cells: pairs(c.oldCells, columns) })),
    changed: diff.changed.map((c) => ({ key: c.key, columns: c.columns.map((name) => ({ name, old: c.oldCells?.[name] ?? '', new: c.newCells?.[name] ?? '' })) })),
  };
}

function auditView(e: AuditEntry) {
  const names = [...new Set([...Object.keys(e.oldValue ?? {}), ...Object.keys(e.newValue ?? {})])];
  const changes = names
    .filter((n) => n !== 'supplier_id' && e.oldValue?.[n] !== e.newValue?.[n])
    .map((n) => ({ name: n, old: e.oldValue?.[n] ?? '', new: e.newValue?.[n] ?? '' }));
  return { at: e.at, actor: e.actor, action: e.action, entity: e.entity, key: e.entityKey, changes };
}

export function supplierPageView(page: SupplierPage) {
  const s = page.supplier;
  return {
    supplier: s,
    freshness: page.freshness,
    leads: page.leads,
    profile: {
      name: s.name,
      email: s.email,
      phone: s.phone ?? '',
      city: s.city,
      quality_labels: s.qualityLabels.join(';'),
      bedrooms: s.bedrooms === null ? '' : String(s.bedrooms),
      associated_with: s.associatedWith.join(';'),
      accessible: s.accessible,
    },
    layouts: LAYOUTS,
    items: RATE_ITEMS,
    vatRates: VAT_RATES.map(String),
    spaces: page.spaces.map((sp) => ({ ...spaceCells(sp), capacities: LAYOUTS.map((l) => ({ layout: l, value: spaceCells(sp)[l] })) })),
    spaceIds: page.spaces.map((sp) => sp.spaceId),
    rates: page.rates.map((r) => ({ ...rateCells(r), priceCents: r.priceCents })),
    blackouts: page.blackouts.map(blackoutCells),
    audit: page.audit.map(auditView),
    pendingPartners: page.pendingProposal ? page.pendingProposal.associatedWith.join(';') || '(none)' : null,
  };
}
