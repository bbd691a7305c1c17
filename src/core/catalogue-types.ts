/** Domain types of the supplier database (SPEC §3). Plain data: the pure core reads these. */

export const VENUE_KINDS = ['convention_centre', 'hotel', 'seminar_venue'] as const;
export const SERVICE_KINDS = ['caterer', 'av', 'furniture', 'tour_operator', 'courier', 'activity'] as const;
export const SUPPLIER_KINDS = [...VENUE_KINDS, ...SERVICE_KINDS] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];
export type VenueKind = (typeof VENUE_KINDS)[number];

export const LAYOUTS = ['theatre', 'classroom', 'banquet', 'cabaret', 'reception', 'boardroom'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const RATE_ITEMS = [
  'space_hire_day',
  'day_delegate',
  'lunch',
  'dinner',
  'coffee_break',
  'bedroom_single_night',
  'bedroom_double_night',
  'av_day',
  'tourist_tax_night',
] as const;
export type RateItem = (typeof RATE_ITEMS)[number];

export const VAT_RATES = [0, 2.1, 5.5, 10, 20] as const;
export type VatPct = (typeof VAT_RATES)[number];

export interface Supplier {
  supplierId: string;
  name: string;
  kind: SupplierKind;
  city: string;
  email: string;
  phone: string | null;
  qualityLabels: string[];
  bedrooms: number | null;
  accessible: boolean;
  associatedWith: string[];
  active: boolean;
  /** ISO timestamp (UTC) of the last rates import/edit/"unchanged"; null when never confirmed. */
  ratesConfirmedAt: string | null;
}

export interface Space {
  supplierId: string;
  spaceId: string;
  name: string;
  /** Capacity per layout; null when the layout is not offered. */
  capacities: Record<Layout, number | null>;
}

export interface Rate {
  supplierId: string;
  item: RateItem;
  /** Only for space_hire_day; null otherwise. */
  spaceId: string | null;
  priceCents: number;
  vatPct: VatPct;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD inclusive; null = open-ended. */
  validTo: string | null;
}

export interface Blackout {
  supplierId: string;
  /** null: the whole venue is unavailable. */
  spaceId: string | null;
  from: string;
  to: string;
  reason: string | null;
}

export interface Catalogue {
  suppliers: Supplier[];
  spaces: Space[];
  rates: Rate[];
  blackouts: Blackout[];
}

export function isVenueKind(kind: SupplierKind): kind is VenueKind {
  return (VENUE_KINDS as readonly string[]).includes(kind);
}
