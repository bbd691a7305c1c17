import { CRITERIA, type Brief, type Criterion } from '../briefs/brief-schema';
import { eurosToCents } from '../pricing/money';
import { briefQuantities, roomsComponent, type BriefQuantities, type Component } from '../pricing/requested-lines';
import { normaliseName } from './normalise-city';

/** What every venue of one brief is judged against, computed once per brief rather than per venue. */
export interface CriteriaContext {
  quantities: BriefQuantities;
  hard: ReadonlySet<Criterion>;
  destinations: ReadonlySet<string>;
  destinationNames: string[];
  venueTypes: ReadonlySet<string>;
  budgetCents: number | null;
  accessible: boolean;
  qualityLabel: string | null;
  rooms: Component | null;
  startDate: string;
  endDate: string;
}

export function criteriaContext(brief: Brief): CriteriaContext {
  const quantities = briefQuantities(brief);
  const label = brief.requirements?.quality_label?.trim();
  return {
    quantities,
    hard: new Set(CRITERIA.filter((c) => brief.non_negotiable.includes(c))),
    destinations: new Set(brief.destinations.map(normaliseName)),
    destinationNames: brief.destinations,
    venueTypes: new Set(brief.venue_types),
    budgetCents: brief.budget_eur === undefined ? null : eurosToCents(brief.budget_eur),
    accessible: brief.requirements?.accessible ?? false,
    qualityLabel: label ? label : null,
    rooms: roomsComponent(quantities),
    startDate: brief.event.start_date,
    endDate: brief.event.end_date,
  };
}
