import { CRITERIA, type Brief, type Criterion } from '../briefs/brief-schema';
import { isVenueKind, type Blackout, type Catalogue, type Space, type Supplier } from '../suppliers/catalogue-types';
import type { CriterionResult } from '../quotes/quote-types';
import { buildPricingIndex } from '../pricing/pricing-index';
import { priceOption, type PricedOption } from '../pricing/price-option';
import { criteriaContext, type CriteriaContext } from './criteria-context';
import { budgetResult, venueCriteria } from './explain';
import { largestCapacity, plenarySpace } from './plenary-space';

export type EliminationCause = Criterion | 'capacity' | 'unpriceable';

/** One candidate venue judged against a brief: its plenary space, criteria, price and what rules it out. */
export interface VenueMatch {
  venue: Supplier;
  space: Space | null;
  /** In CRITERIA order; all seven once the venue has a space and a price, fewer otherwise. */
  reasons: CriterionResult[];
  priced: PricedOption | null;
  /** Every always-hard or non-negotiable failure; empty means the venue is a feasible, priced option. */
  failures: { cause: EliminationCause; detail: string }[];
}

export interface MatchResult {
  context: CriteriaContext;
  matches: VenueMatch[];
}

function groupBySupplier<T extends { supplierId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.supplierId);
    if (list) list.push(row);
    else map.set(row.supplierId, [row]);
  }
  return map;
}

const ORDER = new Map<Criterion, number>(CRITERIA.map((c, i) => [c, i]));
const NONE: never[] = [];

/**
 * SPEC §5: judge every active venue. Venues that fail a hard criterion are still priced, because the
 * review reasons must say what relaxing a single non-negotiable would give.
 */
export function matchVenues(brief: Brief, catalogue: Catalogue): MatchResult {
  const context = criteriaContext(brief);
  const index = buildPricingIndex(catalogue);
  const spaces = groupBySupplier<Space>(catalogue.spaces);
  const blackouts = groupBySupplier<Blackout>(catalogue.blackouts);
  const { layout, attendees } = brief.event;
  const matches: VenueMatch[] = [];

  for (const venue of catalogue.suppliers) {
    if (!venue.active || !isVenueKind(venue.kind)) continue;
    const venueSpaces = spaces.get(venue.supplierId) ?? NONE;
    const space = plenarySpace(venueSpaces, layout, attendees);
    const reasons = venueCriteria(context, index, venue, space, blackouts.get(venue.supplierId) ?? NONE);
    const failures: VenueMatch['failures'] = [];
    let priced: PricedOption | null = null;
    if (!space) {
      const largest = largestCapacity(venueSpaces, layout);
      failures.push({ cause: 'capacity', detail: `no space for ${attendees} in ${layout} layout (largest ${largest})` });
    } else {
      priced = priceOption(index, context.quantities, venue, space);
      if (priced.ok) reasons.push(budgetResult(context, priced.totals.gross_cents));
      reasons.sort((a, b) => ORDER.get(a.criterion)! - ORDER.get(b.criterion)!);
    }
    for (const reason of reasons) {
      if (reason.hard && !reason.met) failures.push({ cause: reason.criterion, detail: reason.detail });
    }
    if (priced && !priced.ok) failures.push({ cause: 'unpriceable', detail: priced.missing.join('; ') });
    matches.push({ venue, space, reasons, priced, failures });
  }
  return { context, matches };
}
