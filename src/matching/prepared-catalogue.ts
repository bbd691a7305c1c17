import { isVenueKind, type Blackout, type Catalogue, type Rate, type Space, type Supplier } from '../core/catalogue-types';
import { buildPricingIndex, type PricingIndex } from '../pricing/pricing-index';
import { groupBySupplier } from '../core/group-by-supplier';
import { buildVenueTable, type VenueTable } from './venue-table';

const NONE: never[] = [];

/**
 * A catalogue with its lookups built once. They depend on the catalogue only, so a caller matching
 * many briefs against one catalogue version prepares it once: at 10,000 venues, regrouping 100,000
 * rows for every brief costs more (mostly in garbage collection) than matching itself.
 */
export interface PreparedCatalogue {
  readonly catalogue: Catalogue;
  readonly spaces: ReadonlyMap<string, Space[]>;
  readonly blackouts: ReadonlyMap<string, Blackout[]>;
  readonly index: PricingIndex;
  /** Active venues with their spaces and blackouts, in catalogue order: no map lookup per venue per brief. */
  readonly venues: readonly PreparedVenue[];
  /** What the scan for candidates reads, row by row, grouped by city (see venue-table.ts). */
  readonly table: VenueTable;
}

export interface PreparedVenue {
  readonly venue: Supplier;
  readonly spaces: readonly Space[];
  readonly blackouts: readonly Blackout[];
  /** The venue's own rates (the pricing index's list). */
  readonly rates: readonly Rate[];
  /** Normalised city and quality labels (SPEC §3 comparison keys): no normalising per venue per brief. */
  readonly city: string;
  readonly labels: readonly string[];
}

export function prepareCatalogue(catalogue: Catalogue): PreparedCatalogue {
  const spaces = groupBySupplier<Space>(catalogue.spaces);
  const blackouts = groupBySupplier<Blackout>(catalogue.blackouts);
  const index = buildPricingIndex(catalogue);
  const venues: PreparedVenue[] = [];
  for (const venue of catalogue.suppliers) {
    if (!venue.active || !isVenueKind(venue.kind)) continue;
    venues.push({
      venue,
      spaces: spaces.get(venue.supplierId) ?? NONE,
      blackouts: blackouts.get(venue.supplierId) ?? NONE,
      rates: index.rates.get(venue.supplierId) ?? NONE,
      city: index.normalise(venue.city),
      labels: venue.qualityLabels.length === 0 ? NONE : venue.qualityLabels.map(index.normalise),
    });
  }
  return { catalogue, spaces, blackouts, index, venues, table: buildVenueTable(venues) };
}
