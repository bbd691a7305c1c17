import { CRITERIA, type Criterion } from '../briefs/brief-schema';
import type { Blackout, Space, Supplier } from '../suppliers/catalogue-types';
import type { CriterionResult } from '../quotes/quote-types';
import { formatEuros } from '../pricing/money';
import type { PricingIndex } from '../pricing/pricing-index';
import { criterionBit, type CriteriaContext } from './criteria-context';
import { blockingBlackouts, heldLabel } from './criteria-checks';

/**
 * Short English explanation of each SPEC §5 criterion, for organisers and hub staff. Written only for
 * quoted options and eliminated venues; whether a criterion is met is decided in criteria-checks.ts.
 */
export interface VenueFacts {
  venue: Supplier;
  space: Space | null;
  blackouts: readonly Blackout[];
  /** Gross total once priced; null when the venue could not be priced. */
  grossCents: number | null;
}

const kindName = (kind: string): string => kind.replace(/_/g, ' ');

function detail(ctx: CriteriaContext, index: PricingIndex, criterion: Criterion, met: boolean, facts: VenueFacts): string {
  const { venue, space } = facts;
  switch (criterion) {
    case 'destinations':
      if (ctx.destinations.size === 0) return `${venue.city} (any destination)`;
      return met ? venue.city : `${venue.city}, not in ${ctx.destinationNames.join(', ')}`;
    case 'venue_types':
      if (ctx.venueTypes.size === 0) return `${kindName(venue.kind)} (any venue type)`;
      return met ? kindName(venue.kind) : `${kindName(venue.kind)}, not ${[...ctx.venueTypes].map(kindName).join(' or ')}`;
    case 'budget': {
      if (facts.grossCents === null) return 'not priced';
      const gross = formatEuros(facts.grossCents);
      if (ctx.budgetCents === null) return `${gross}, no budget given`;
      return `${gross} ${met ? 'within' : 'over'} budget ${formatEuros(ctx.budgetCents)}`;
    }
    case 'accessible':
      if (venue.accessible) return 'step-free access';
      return met ? 'step-free access not required' : 'no step-free access';
    case 'quality_label':
      if (ctx.qualityLabel === null) return 'no label required';
      return met ? heldLabel(ctx, index, venue)! : `no ${ctx.qualityLabel} label`;
    case 'dates': {
      if (met || !space) return `free ${ctx.startDate}→${ctx.endDate}`;
      return blockingBlackouts(ctx, facts.blackouts, space)
        .map((b) => `${b.spaceId === null ? '' : `${space.name} `}blocked ${b.from}→${b.to}${b.reason ? ` (${b.reason})` : ''}`)
        .join('; ');
    }
    case 'onsite_accommodation': {
      const rooms = ctx.rooms;
      if (!rooms) return 'no rooms requested';
      if (met) return `all ${rooms.bedrooms} rooms on site`;
      const onSite = venue.bedrooms ?? 0;
      if (onSite < rooms.bedrooms) return `${onSite} bedrooms on site, ${rooms.bedrooms} needed`;
      return 'no room rates on site for the event dates';
    }
  }
}

export function explainCriterion(
  ctx: CriteriaContext,
  index: PricingIndex,
  criterion: Criterion,
  metMask: number,
  facts: VenueFacts,
): CriterionResult {
  const bit = criterionBit(criterion);
  const met = (metMask & bit) !== 0;
  return { criterion, met, hard: (ctx.hardMask & bit) !== 0, detail: detail(ctx, index, criterion, met, facts) };
}

/** All seven criteria in CRITERIA order, as an option's `reasons`. */
export function explainAll(ctx: CriteriaContext, index: PricingIndex, metMask: number, facts: VenueFacts): CriterionResult[] {
  return CRITERIA.map((criterion) => explainCriterion(ctx, index, criterion, metMask, facts));
}
