import type { Criterion } from '../briefs/brief-schema';
import type { Blackout, Space, Supplier } from '../suppliers/catalogue-types';
import type { CriterionResult } from '../quotes/quote-types';
import { formatEuros } from '../pricing/money';
import { offer } from '../pricing/choose-supplier';
import type { PricingIndex } from '../pricing/pricing-index';
import type { CriteriaContext } from './criteria-context';
import { normaliseName } from './normalise-city';

/** SPEC §5 criteria, each with a short English explanation an organiser or hub staff can read. */

type Verdict = { met: boolean; detail: string };

function result(ctx: CriteriaContext, criterion: Criterion, verdict: Verdict): CriterionResult {
  return { criterion, met: verdict.met, hard: ctx.hard.has(criterion), detail: verdict.detail };
}

const kindName = (kind: string): string => kind.replace(/_/g, ' ');

function destinations(ctx: CriteriaContext, venue: Supplier): Verdict {
  if (ctx.destinations.size === 0) return { met: true, detail: `${venue.city} (any destination)` };
  if (ctx.destinations.has(normaliseName(venue.city))) return { met: true, detail: venue.city };
  return { met: false, detail: `${venue.city}, not in ${ctx.destinationNames.join(', ')}` };
}

function venueTypes(ctx: CriteriaContext, venue: Supplier): Verdict {
  if (ctx.venueTypes.size === 0) return { met: true, detail: `${kindName(venue.kind)} (any venue type)` };
  if (ctx.venueTypes.has(venue.kind)) return { met: true, detail: kindName(venue.kind) };
  return { met: false, detail: `${kindName(venue.kind)}, not ${[...ctx.venueTypes].map(kindName).join(' or ')}` };
}

function accessible(ctx: CriteriaContext, venue: Supplier): Verdict {
  if (venue.accessible) return { met: true, detail: 'step-free access' };
  return ctx.accessible ? { met: false, detail: 'no step-free access' } : { met: true, detail: 'step-free access not required' };
}

function qualityLabel(ctx: CriteriaContext, venue: Supplier): Verdict {
  if (ctx.qualityLabel === null) return { met: true, detail: 'no label required' };
  const wanted = normaliseName(ctx.qualityLabel);
  const held = venue.qualityLabels.find((l) => normaliseName(l) === wanted);
  return held ? { met: true, detail: held } : { met: false, detail: `no ${ctx.qualityLabel} label` };
}

function onsiteAccommodation(ctx: CriteriaContext, index: PricingIndex, venue: Supplier): Verdict {
  const rooms = ctx.rooms;
  if (!rooms) return { met: true, detail: 'no rooms requested' };
  if (offer(index, venue, rooms, ctx.startDate)) return { met: true, detail: `all ${rooms.bedrooms} rooms on site` };
  const onSite = venue.bedrooms ?? 0;
  if (onSite < rooms.bedrooms) return { met: false, detail: `${onSite} bedrooms on site, ${rooms.bedrooms} needed` };
  return { met: false, detail: 'no room rates on site for the event dates' };
}

/** Blackouts of the whole venue or of S that overlap the event (other spaces do not matter). */
export function blockingBlackouts(ctx: CriteriaContext, blackouts: readonly Blackout[], space: Space): Blackout[] {
  return blackouts.filter(
    (b) => (b.spaceId === null || b.spaceId === space.spaceId) && b.from <= ctx.endDate && b.to >= ctx.startDate,
  );
}

function dates(ctx: CriteriaContext, blackouts: readonly Blackout[], space: Space): Verdict {
  const blocking = blockingBlackouts(ctx, blackouts, space);
  if (blocking.length === 0) return { met: true, detail: `free ${ctx.startDate}→${ctx.endDate}` };
  const detail = blocking
    .map((b) => `${b.spaceId === null ? '' : `${space.name} `}blocked ${b.from}→${b.to}${b.reason ? ` (${b.reason})` : ''}`)
    .join('; ');
  return { met: false, detail };
}

export function budgetResult(ctx: CriteriaContext, grossCents: number): CriterionResult {
  if (ctx.budgetCents === null) return result(ctx, 'budget', { met: true, detail: `${formatEuros(grossCents)}, no budget given` });
  const within = grossCents <= ctx.budgetCents;
  const detail = `${formatEuros(grossCents)} ${within ? 'within' : 'over'} budget ${formatEuros(ctx.budgetCents)}`;
  return result(ctx, 'budget', { met: within, detail });
}

/**
 * The criteria known before pricing. Without a plenary space, dates cannot be judged (they concern S),
 * so only the venue-wide criteria are returned then.
 */
export function venueCriteria(
  ctx: CriteriaContext,
  index: PricingIndex,
  venue: Supplier,
  space: Space | null,
  blackouts: readonly Blackout[],
): CriterionResult[] {
  const results = [
    result(ctx, 'destinations', destinations(ctx, venue)),
    result(ctx, 'venue_types', venueTypes(ctx, venue)),
    result(ctx, 'accessible', accessible(ctx, venue)),
    result(ctx, 'quality_label', qualityLabel(ctx, venue)),
  ];
  if (space) results.push(result(ctx, 'dates', dates(ctx, blackouts, space)));
  results.push(result(ctx, 'onsite_accommodation', onsiteAccommodation(ctx, index, venue)));
  return results;
}
