import { CRITERIA, type Brief, type Criterion, type Language } from '../core/brief-schema';
import type { Layout } from '../core/catalogue-types';
import { eurosToCents } from '../pricing/money';
import { briefQuantities, roomsComponent, type BriefQuantities, type Component } from '../pricing/requested-lines';
import { normaliseName } from '../core/names';

/** What every venue of one brief is judged against, computed once per brief rather than per venue. */
export interface CriteriaContext {
  quantities: BriefQuantities;
  /** The organiser's language: the details and line descriptions they read are written in it. */
  language: Language;
  layout: Layout;
  hard: ReadonlySet<Criterion>;
  destinations: ReadonlySet<string>;
  destinationNames: string[];
  venueTypes: ReadonlySet<string>;
  budgetCents: number | null;
  accessible: boolean;
  qualityLabel: string | null;
  /** The label's comparison key (normaliseName), matched against a prepared venue's normalised labels. */
  qualityLabelKey: string | null;
  rooms: Component | null;
  startDate: string;
  endDate: string;
  /** Bit i set when CRITERIA[i] is non-negotiable / negotiable: masks make per-venue checks allocation-free. */
  hardMask: number;
  softMask: number;
}

export function criterionBit(criterion: Criterion): number {
  return 1 << CRITERIA.indexOf(criterion);
}

export const ALL_CRITERIA_MASK = (1 << CRITERIA.length) - 1;
export const BUDGET_BIT = criterionBit('budget');
export const DESTINATIONS_BIT = criterionBit('destinations');
export const VENUE_TYPES_BIT = criterionBit('venue_types');
export const ACCESSIBLE_BIT = criterionBit('accessible');
export const QUALITY_LABEL_BIT = criterionBit('quality_label');
export const DATES_BIT = criterionBit('dates');
export const ONSITE_BIT = criterionBit('onsite_accommodation');

export function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count += 1;
  return count;
}

export function criteriaContext(brief: Brief): CriteriaContext {
  const quantities = briefQuantities(brief);
  const label = brief.requirements?.quality_label?.trim();
  const hardMask = brief.non_negotiable.reduce((mask, c) => mask | criterionBit(c), 0);
  return {
    hardMask,
    softMask: ALL_CRITERIA_MASK & ~hardMask,
    quantities,
    language: brief.organiser.language,
    layout: brief.event.layout,
    hard: new Set(CRITERIA.filter((c) => brief.non_negotiable.includes(c))),
    destinations: new Set(brief.destinations.map(normaliseName)),
    destinationNames: brief.destinations,
    venueTypes: new Set(brief.venue_types),
    budgetCents: brief.budget_eur === undefined ? null : eurosToCents(brief.budget_eur),
    accessible: brief.requirements?.accessible ?? false,
    qualityLabel: label ? label : null,
    qualityLabelKey: label ? normaliseName(label) : null,
    rooms: roomsComponent(quantities),
    startDate: brief.event.start_date,
    endDate: brief.event.end_date,
  };
}
