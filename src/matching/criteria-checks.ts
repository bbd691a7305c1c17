import type { Blackout, Space, Supplier } from '../core/catalogue-types';
import { canOffer } from '../pricing/choose-supplier';
import type { PricingIndex } from '../pricing/pricing-index';
import { ACCESSIBLE_BIT, BUDGET_BIT, DATES_BIT, DESTINATIONS_BIT, ONSITE_BIT, QUALITY_LABEL_BIT, VENUE_TYPES_BIT, type CriteriaContext } from './criteria-context';
import type { PreparedVenue } from './prepared-catalogue';

/** SPEC §5 "met when" rules, as bits. The English explanations live in explain.ts and reuse these verdicts. */


function blocks(ctx: CriteriaContext, b: Blackout, space: Space): boolean {
  return (b.spaceId === null || b.spaceId === space.spaceId) && b.from <= ctx.endDate && b.to >= ctx.startDate;
}

/** Blackouts of the whole venue or of S that overlap the event (other spaces do not matter). */
export function blockingBlackouts(ctx: CriteriaContext, blackouts: readonly Blackout[], space: Space): Blackout[] {
  return blackouts.filter((b) => blocks(ctx, b, space));
}

/** The dates criterion: no blackout of the venue or of S overlaps the event. */
export function freeOnDates(ctx: CriteriaContext, blackouts: readonly Blackout[], space: Space): boolean {
  for (const b of blackouts) if (blocks(ctx, b, space)) return false;
  return true;
}

export function heldLabel(ctx: CriteriaContext, index: PricingIndex, venue: Supplier): string | undefined {
  if (ctx.qualityLabel === null) return undefined;
  const wanted = index.normalise(ctx.qualityLabel);
  return venue.qualityLabels.find((label) => index.normalise(label) === wanted);
}

/**
 * Bits of the criteria met before pricing (all but budget). Without a plenary space the dates bit is
 * left unset: dates concern S, so they cannot be judged (and the venue is out on capacity anyway).
 * The scan over every candidate (candidates.ts) reads the same facts from the venue table; this one
 * judges the few venues that are priced or explained.
 */
export function criteriaMet(ctx: CriteriaContext, index: PricingIndex, prepared: PreparedVenue, space: Space | null): number {
  const { venue, blackouts } = prepared;
  let met = 0;
  if (ctx.destinations.size === 0 || ctx.destinations.has(prepared.city)) met |= DESTINATIONS_BIT;
  if (ctx.venueTypes.size === 0 || ctx.venueTypes.has(venue.kind)) met |= VENUE_TYPES_BIT;
  if (venue.accessible || !ctx.accessible) met |= ACCESSIBLE_BIT;
  if (ctx.qualityLabelKey === null || prepared.labels.includes(ctx.qualityLabelKey)) met |= QUALITY_LABEL_BIT;
  if (space && freeOnDates(ctx, blackouts, space)) met |= DATES_BIT;
  if (!ctx.rooms || canOffer(index, venue, ctx.rooms, ctx.startDate, prepared.rates)) met |= ONSITE_BIT;
  return met;
}

export function budgetMet(ctx: CriteriaContext, grossCents: number): number {
  return ctx.budgetCents === null || grossCents <= ctx.budgetCents ? BUDGET_BIT : 0;
}
