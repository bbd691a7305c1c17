import { CRITERIA, type Brief, type Criterion } from '../briefs/brief-schema';
import { isVenueKind, type Blackout, type Catalogue, type Space, type Supplier } from '../suppliers/catalogue-types';
import { buildPricingIndex, type PricingIndex } from '../pricing/pricing-index';
import { planOption, type PricePlan } from '../pricing/price-option';
import { briefComponents, type BriefComponents } from '../pricing/requested-lines';
import { BUDGET_BIT, criteriaContext, criterionBit, type CriteriaContext } from './criteria-context';
import { budgetMet, criteriaMet } from './criteria-checks';
import { explainCriterion } from './explain';
import { groupBySupplier } from './group-by-supplier';
import { largestCapacity, plenarySpace } from './plenary-space';

export type EliminationCause = Criterion | 'capacity' | 'unpriceable';

/** One candidate venue judged against a brief. Pricing is lazy: most venues of a big region never need it. */
export interface VenueMatch {
  venue: Supplier;
  space: Space | null;
  /** Capacity of the venue's largest space in the brief's layout, for the "too small" explanation. */
  largest: number;
  blackouts: readonly Blackout[];
  /** Bits of the criteria met; the budget bit is set only once priced. */
  met: number;
  /** undefined until priced; never priced without a plenary space. */
  plan?: PricePlan;
}

/** The per-brief state shared by matching, pricing and explaining. */
export interface Matching {
  ctx: CriteriaContext;
  index: PricingIndex;
  components: BriefComponents;
  matches: VenueMatch[];
}

const NON_BUDGET = ~BUDGET_BIT;
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
}

export interface PreparedVenue {
  readonly venue: Supplier;
  readonly spaces: readonly Space[];
  readonly blackouts: readonly Blackout[];
}

export function prepareCatalogue(catalogue: Catalogue): PreparedCatalogue {
  const spaces = groupBySupplier<Space>(catalogue.spaces);
  const blackouts = groupBySupplier<Blackout>(catalogue.blackouts);
  const venues = catalogue.suppliers
    .filter((venue) => venue.active && isVenueKind(venue.kind))
    .map((venue) => ({ venue, spaces: spaces.get(venue.supplierId) ?? NONE, blackouts: blackouts.get(venue.supplierId) ?? NONE }));
  return { catalogue, spaces, blackouts, index: buildPricingIndex(catalogue), venues };
}

/** SPEC §5: every active venue, with its plenary space and the criteria it meets before pricing. */
export function matchVenues(brief: Brief, source: Catalogue | PreparedCatalogue): Matching {
  const prepared = 'index' in source ? source : prepareCatalogue(source);
  const ctx = criteriaContext(brief);
  // The same-city supplier memo is keyed by this brief's components: fresh for every brief.
  const index: PricingIndex = { ...prepared.index, cityChoice: new Map() };
  const { layout, attendees } = brief.event;
  const matches: VenueMatch[] = [];
  for (const { venue, spaces: venueSpaces, blackouts: venueBlackouts } of prepared.venues) {
    const space = plenarySpace(venueSpaces, layout, attendees);
    const met = criteriaMet(ctx, index, venue, space, venueBlackouts);
    matches.push({ venue, space, largest: space ? 0 : largestCapacity(venueSpaces, layout), blackouts: venueBlackouts, met });
  }
  return { ctx, index, components: briefComponents(ctx.quantities), matches };
}

/** Non-negotiables failed before pricing (budget excluded: it needs the price). */
export function hardFailuresBeforePricing(m: Matching, match: VenueMatch): number {
  return m.ctx.hardMask & ~match.met & NON_BUDGET;
}

/** Prices a venue once (memoised on the match) and records the budget verdict. */
export function price(m: Matching, match: VenueMatch): PricePlan | null {
  if (!match.space) return null;
  if (!match.plan) {
    match.plan = planOption(m.index, m.ctx.quantities, m.components, match.venue, match.space);
    if (match.plan.ok) match.met |= budgetMet(m.ctx, match.plan.totals.gross_cents);
  }
  return match.plan;
}

/** A feasible option: a plenary space, a price, and every non-negotiable met. */
export function isFeasible(m: Matching, match: VenueMatch): boolean {
  return match.space !== null && match.plan?.ok === true && (m.ctx.hardMask & ~match.met) === 0;
}

/**
 * Every cause that rules the venue out, with its explanation. Budget and pricing are reported only for
 * venues that were priced (a venue already out on a non-negotiable is priced only when no option exists).
 */
export function failures(m: Matching, match: VenueMatch): { cause: EliminationCause; detail: string }[] {
  const out: { cause: EliminationCause; detail: string }[] = [];
  const { ctx, index } = m;
  if (!match.space) {
    out.push({ cause: 'capacity', detail: `no space for ${ctx.quantities.attendees} in ${ctx.layout} layout (largest ${match.largest})` });
  }
  const priced = match.plan?.ok === true;
  const facts = { venue: match.venue, space: match.space, blackouts: match.blackouts, grossCents: match.plan?.ok ? match.plan.totals.gross_cents : null };
  for (const criterion of CRITERIA) {
    const bit = criterionBit(criterion);
    if ((ctx.hardMask & bit) === 0 || (match.met & bit) !== 0) continue;
    if (criterion === 'budget' && !priced) continue;
    if (criterion === 'dates' && !match.space) continue;
    // Eliminations are read by hub staff only: always English.
    out.push({ cause: criterion, detail: explainCriterion(ctx, index, criterion, match.met, facts, 'en').detail });
  }
  if (match.plan && !match.plan.ok) out.push({ cause: 'unpriceable', detail: match.plan.missing.join('; ') });
  return out;
}
