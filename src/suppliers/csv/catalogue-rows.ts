/** Turns one record of each catalogue file into its domain type, reporting every bad cell. */
import {
  LAYOUTS,
  RATE_ITEMS,
  SUPPLIER_KINDS,
  isVenueKind,
  type Blackout,
  type Layout,
  type Rate,
  type RateItem,
  type Space,
  type Supplier,
  type SupplierKind,
} from '../../core/catalogue-types';
import {
  parseBoolean,
  parseCount,
  parseDate,
  parseEmail,
  parseId,
  parseList,
  parsePriceCents,
  parseVat,
} from './cell-values';
import { problem } from './csv-problem';
import type { RowReader } from './row-reader';

/** What other rows may point at: the files being imported plus what the database already holds. */
export interface CatalogueReferences {
  /** Every known supplier id, with its kind when known. */
  suppliers: Map<string, SupplierKind | undefined>;
  /** `${supplierId}/${spaceId}` */
  spaces: Set<string>;
}

export const spaceKey = (supplierId: string, spaceId: string): string => `${supplierId}/${spaceId}`;

/** SPEC §3 "who offers it": the service kinds allowed besides venues (hotels are venues). */
const SERVICE_KINDS_BY_ITEM: Record<RateItem, readonly SupplierKind[]> = {
  space_hire_day: [],
  day_delegate: [],
  lunch: ['caterer'],
  dinner: ['caterer'],
  coffee_break: ['caterer'],
  bedroom_single_night: [],
  bedroom_double_night: [],
  av_day: ['av'],
  tourist_tax_night: [],
};

function knownSupplier(r: RowReader, refs: CatalogueReferences): { id: string; kind: SupplierKind | undefined } | undefined {
  const id = r.required('supplier_id', parseId);
  if (id === undefined) return undefined;
  if (!refs.suppliers.has(id)) return r.fail('supplier_id', problem('csv_unknown_supplier', { id }));
  return { id, kind: refs.suppliers.get(id) };
}

/** Spaces and blackouts belong to venues only; a kind we do not know is given the benefit of the doubt. */
function requireVenue(r: RowReader, supplier: { id: string; kind: SupplierKind | undefined }, what: 'spaces' | 'blackouts'): void {
  if (supplier.kind !== undefined && !isVenueKind(supplier.kind)) {
    r.fail('supplier_id', problem(what === 'spaces' ? 'csv_only_venues_spaces' : 'csv_only_venues_blackouts', { id: supplier.id, kind: supplier.kind }));
  }
}

export function readSupplierRow(r: RowReader, refs: CatalogueReferences): Supplier | undefined {
  const supplierId = r.required('supplier_id', parseId);
  const name = r.text('name');
  const kind = r.oneOf('kind', SUPPLIER_KINDS, 'kind');
  const city = r.text('city');
  const email = r.required('email', parseEmail);
  const phone = r.raw('phone') || null;
  const qualityLabels = parseList(r.raw('quality_labels'));
  const bedrooms = r.optional('bedrooms', parseCount);
  const accessible = r.required('accessible', parseBoolean);
  const associatedWith = parseList(r.raw('associated_with'));
  for (const venueId of associatedWith) {
    const id = parseId(venueId);
    if ('error' in id) {
      r.fail('associated_with', id.error);
    } else if (!refs.suppliers.has(venueId)) {
      r.fail('associated_with', problem('csv_unknown_supplier', { id: venueId }));
    } else {
      const venueKind = refs.suppliers.get(venueId);
      if (venueKind !== undefined && !isVenueKind(venueKind)) {
        r.fail('associated_with', problem('csv_partner_not_venue', { id: venueId, kind: venueKind }));
      }
    }
  }
  const active = r.required('active', parseBoolean);
  if (!r.ok) return undefined;
  return {
    supplierId: supplierId!,
    name: name!,
    kind: kind!,
    city: city!,
    email: email!,
    phone,
    qualityLabels,
    bedrooms: bedrooms ?? null,
    accessible: accessible!,
    associatedWith,
    active: active!,
    // Not part of the CSV: the importer stamps it when it applies rates.
    ratesConfirmedAt: null,
  };
}

export function readSpaceRow(r: RowReader, refs: CatalogueReferences): Space | undefined {
  const supplier = knownSupplier(r, refs);
  if (supplier) requireVenue(r, supplier, 'spaces');
  const spaceId = r.required('space_id', parseId);
  const name = r.text('name');
  const capacities = {} as Record<Layout, number | null>;
  for (const layout of LAYOUTS) capacities[layout] = r.optional(layout, parseCount) ?? null;
  if (!r.ok) return undefined;
  return { supplierId: supplier!.id, spaceId: spaceId!, name: name!, capacities };
}

export function readRateRow(r: RowReader, refs: CatalogueReferences): Rate | undefined {
  const supplier = knownSupplier(r, refs);
  const item = r.oneOf('item', RATE_ITEMS, 'item');
  if (supplier?.kind !== undefined && item !== undefined && !isVenueKind(supplier.kind)) {
    const allowed = SERVICE_KINDS_BY_ITEM[item];
    if (!allowed.includes(supplier.kind)) {
      const params = { id: supplier.id, kind: supplier.kind, item, kinds: allowed.join(' or ') };
      r.fail('item', problem(allowed.length ? 'csv_item_venues_or' : 'csv_item_venues_only', params));
    }
  }
  const spaceId = r.optional('space_id', parseId);
  if (item === 'space_hire_day' && spaceId === null) r.fail('space_id', problem('csv_space_required'));
  if (item !== undefined && item !== 'space_hire_day' && spaceId) {
    r.fail('space_id', problem('csv_space_must_be_empty', { item }));
  }
  if (supplier && spaceId && item === 'space_hire_day' && !refs.spaces.has(spaceKey(supplier.id, spaceId))) {
    r.fail('space_id', problem('csv_unknown_space', { space: spaceId, id: supplier.id }));
  }
  const priceCents = r.required('price_eur', parsePriceCents);
  const vatPct = r.required('vat_pct', parseVat);
  if (item === 'tourist_tax_night' && vatPct !== undefined && vatPct !== 0) r.fail('vat_pct', problem('csv_tourist_tax_vat'));
  const validFrom = r.required('valid_from', parseDate);
  const validTo = r.optional('valid_to', parseDate);
  if (validFrom && validTo && validTo < validFrom) r.fail('valid_to', problem('csv_date_before', { value: validTo, other: 'valid_from', otherValue: validFrom }));
  if (!r.ok) return undefined;
  return {
    supplierId: supplier!.id,
    item: item!,
    spaceId: spaceId ?? null,
    priceCents: priceCents!,
    vatPct: vatPct!,
    validFrom: validFrom!,
    validTo: validTo ?? null,
  };
}

export function readBlackoutRow(r: RowReader, refs: CatalogueReferences): Blackout | undefined {
  const supplier = knownSupplier(r, refs);
  if (supplier) requireVenue(r, supplier, 'blackouts');
  const spaceId = r.optional('space_id', parseId);
  if (supplier && spaceId && !refs.spaces.has(spaceKey(supplier.id, spaceId))) {
    r.fail('space_id', problem('csv_unknown_space', { space: spaceId, id: supplier.id }));
  }
  const from = r.required('from', parseDate);
  const to = r.required('to', parseDate);
  if (from && to && to < from) r.fail('to', problem('csv_date_before', { value: to, other: 'from', otherValue: from }));
  const reason = r.raw('reason') || null;
  if (!r.ok) return undefined;
  return { supplierId: supplier!.id, spaceId: spaceId ?? null, from: from!, to: to!, reason };
}
