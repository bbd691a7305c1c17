import { CRITERIA, type Brief, type Criterion } from '../core/brief-schema';
import type { Blackout, Catalogue, Space, Supplier } from '../core/catalogue-types';
import type { PricingIndex } from '../pricing/pricing-index';
import { planOption, type PricePlan } from '../pricing/price-option';
import { briefComponents, type BriefComponents } from '../pricing/requested-lines';
import { BUDGET_BIT, criteriaContext, criterionBit, type CriteriaContext } from './criteria-context';
import { budgetMet, criteriaMet } from './criteria-checks';
import { explainCriterion } from './explain';
import { largestCapacity, plenarySpace } from './plenary-space';
import { prepareCatalogue, type PreparedCatalogue } from './prepared-catalogue';

export { prepareCatalogue, type PreparedCatalogue, type PreparedVenue } from './prepared-catalogue';

export type EliminationCause = Criterion | 'capacity' | 'unpriceable';

/**
 * One venue judged against a brief. Made only for the venues a brief prices or explains; the others are
 * judged from the venue table (candidates.ts). One per venue of a 50,000-venue region outlived the young
 * generation: a mark-compact every 40 or so briefs.
 */
export interface VenueMatch {
  /** Position in the prepared catalogue's `venues` (catalogue order). */
  position: number;
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
  prepared: PreparedCatalogue;
}

const NON_BUDGET = ~BUDGET_BIT;

/** The per-brief context of SPEC §5 over a catalogue (prepared once per catalogue version, or here). */
export function beginMatching(brief: Brief, source: Catalogue | PreparedCatalogue): Matching {
  const prepared = 'index' in source ? source : prepareCatalogue(source);
  const ctx = criteriaContext(brief);
  // The same-city supplier memo is keyed by this brief's components: fresh for every brief.
  const index: PricingIndex = { ...prepared.index, cityChoice: new Map() };
  return { ctx, index, components: briefComponents(ctx.quantities), prepared };
}

/** The venue at `position` with its plenary space and the criteria it meets before pricing. */
export function matchAt(m: Matching, position: number): VenueMatch {
  const prepared = m.prepared.venues[position]!;
  const space = plenarySpace(prepared.spaces, m.ctx.layout, m.ctx.quantities.attendees);
  return {
    position,
    venue: prepared.venue,
    space,
    largest: space ? 0 : largestCapacity(prepared.spaces, m.ctx.layout),
    blackouts: prepared.blackouts,
    met: criteriaMet(m.ctx, m.index, prepared, space),
  };
}

/** A candidate's match from what the table scan found (see candidates.ts): no object is read twice. */
export function candidateMatch(m: Matching, position: number, spaceEntry: number, met: number): VenueMatch {
  const prepared = m.prepared.venues[position]!;
  return { position, venue: prepared.venue, space: m.prepared.table.spaces[spaceEntry]!, largest: 0, blackouts: prepared.blackouts, met };
}

/** Non-negotiables failed before pricing (budget excluded: it needs the price). */
export function hardFailuresBeforePricing(m: Matching, match: VenueMatch): number {
  return m.ctx.hardMask & ~match.met & NON_BUDGET;
}

/** Prices a venue once (memoised on the match) and records the budget verdict. */
export function price(m: Matching, match: VenueMatch): PricePlan | null {
  if (!match.space) return null;
  if (!match.plan) {
    match.plan = planOption(m.index, m.ctx.quantities, m.components, match.venue, match.space, m.prepared.venues[match.position]!.rates);
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
