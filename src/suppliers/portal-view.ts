/** Pure: shapes portal data for the templates (cells as the CSV shows them, old → new pairs). */
import { LAYOUTS, RATE_ITEMS, VAT_RATES, type Rate } from '../core/catalogue-types';
import type { Language } from '../core/brief-schema';
import { t, tOr } from '../i18n/translate';
import { formatMoney } from '../platform/format';
import { formatParis } from '../platform/clock';
import { rateKey } from './catalogue-diff';
import type { RateSheetRow } from './portal-forms';
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

/** An item in words ("Déjeuner"), the code itself when the catalogue has no word for it. */
export const itemLabel = (lang: Language, item: string) => tOr(lang, `item_${item}`, item);

/** Empty rows under the rates, to add rates without any script (the "add a row" button adds more). */
const BLANK_ROWS = 3;

const LEAD_STATES = new Set(['sent', 'needs_review', 'interested', 'confirmed']);

/**
 * The rates sheet: one row per rate (or, after a refused save, per posted row with what was typed
 * and its errors), then empty rows. Options are built here so the template stays a plain loop.
 */
export function rateSheetView(lang: Language, rates: Rate[], spaceIds: string[], posted?: { rows: RateSheetRow[]; rowErrors: Map<number, string[]> }) {
  const fromRates = rates.map((r) => ({ orig: rateKey(r), remove: false, blank: false, cells: rateCells(r) as Record<string, unknown> }));
  const blanks = Array.from({ length: BLANK_ROWS }, () => ({ orig: '', remove: false, blank: true, cells: { vat_pct: '20' } as Record<string, unknown> }));
  const rows = posted ? posted.rows : [...fromRates, ...blanks];
  let newRows = 0;
  const view = rows.map((row, index) => {
    const cell = (name: string) => (typeof row.cells[name] === 'string' ? (row.cells[name] as string) : '');
    const item = cell('item');
    const label = row.orig === '' ? t(lang, 'venue_rates_new_row', { n: ++newRows }) : [itemLabel(lang, item), cell('space_id'), cell('valid_from')].filter(Boolean).join(' · ');
    const errors = posted?.rowErrors.get(index) ?? [];
    return {
      index,
      orig: row.orig,
      label,
      remove: row.remove,
      errors,
      price_eur: cell('price_eur'),
      valid_from: cell('valid_from'),
      valid_to: cell('valid_to'),
      items: [{ value: '', label: t(lang, 'venue_choose_item'), selected: item === '' }, ...RATE_ITEMS.map((i) => ({ value: i, label: itemLabel(lang, i), selected: i === item }))],
      spaces: [{ value: '', label: t(lang, 'venue_no_space'), selected: cell('space_id') === '' }, ...spaceIds.map((id) => ({ value: id, label: id, selected: id === cell('space_id') }))],
      vats: VAT_RATES.map(String).map((v) => ({ value: v, label: v, selected: v === cell('vat_pct').replace(',', '.') })),
    };
  });
  return { rows: view, count: view.length, errorCount: posted?.rowErrors.size ?? 0, spaceIds, empty: rates.length === 0 };
}

export function supplierPageView(page: SupplierPage, lang: Language = 'en') {
  const s = page.supplier;
  return {
    supplier: s,
    freshness: page.freshness,
    leads: page.leads.map((l) => {
      const state = LEAD_STATES.has(l.status) ? l.status : 'other';
      return {
        ...l,
        statusLabel: tOr(lang, `lead_status_${state}`, l.status),
        action: tOr(lang, `lead_action_${state}`, ''),
        sent: formatParis(l.sentAt, lang),
        net: formatMoney(l.netCents, lang),
        open: state !== 'other',
      };
    }),
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
