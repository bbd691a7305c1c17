import { CRITERIA, type Criterion, type Language } from '../core/brief-schema';
import type { Blackout, Space, Supplier } from '../core/catalogue-types';
import type { CriterionResult } from '../core/quote-types';
import { formatEuros } from '../pricing/money';
import type { PricingIndex } from '../pricing/pricing-index';
import { criterionBit, type CriteriaContext } from './criteria-context';
import { blockingBlackouts, heldLabel } from './criteria-checks';

/**
 * Short explanation of each SPEC §5 criterion, in the organiser's language for the options they read
 * (the brief carries the language, so this stays pure) and in English for hub-only texts. Written only
 * for quoted options and eliminated venues; whether a criterion is met is decided in criteria-checks.ts.
 */
export interface VenueFacts {
  venue: Supplier;
  space: Space | null;
  blackouts: readonly Blackout[];
  /** Gross total once priced; null when the venue could not be priced. */
  grossCents: number | null;
  /** The breakout spaces chosen after the plenary (SPEC §5): their blackouts count for `dates` too. */
  breakouts?: readonly Space[];
}

/** The phrasing of one language; the verdicts and figures are computed once in `detail`. */
interface Phrases {
  kind(kind: string): string;
  anyDestination(city: string): string;
  notIn(city: string, wanted: string[]): string;
  anyVenueType(kind: string): string;
  notKind(kind: string, wanted: string[]): string;
  notPriced: string;
  noBudget(gross: string): string;
  withinBudget(gross: string, budget: string, met: boolean): string;
  stepFree: string;
  stepFreeNotRequired: string;
  noStepFree: string;
  noLabelRequired: string;
  noLabel(label: string): string;
  free(from: string, to: string): string;
  blocked(spaceName: string | null, from: string, to: string, reason: string | null): string;
  noRooms: string;
  allRoomsOnSite(rooms: number): string;
  tooFewBedrooms(onSite: number, needed: number): string;
  noRoomRates: string;
}

const FR_KINDS: Record<string, string> = { convention_centre: 'centre de congrès', hotel: 'hôtel', seminar_venue: 'lieu de séminaire' };
const frDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const PHRASES: Record<Language, Phrases> = {
  en: {
    kind: (kind) => kind.replace(/_/g, ' '),
    anyDestination: (city) => `${city} (any destination)`,
    notIn: (city, wanted) => `${city}, not in ${wanted.join(', ')}`,
    anyVenueType: (kind) => `${kind} (any venue type)`,
    notKind: (kind, wanted) => `${kind}, not ${wanted.join(' or ')}`,
    notPriced: 'not priced',
    noBudget: (gross) => `${gross}, no budget given`,
    withinBudget: (gross, budget, met) => `${gross} ${met ? 'within' : 'over'} budget ${budget}`,
    stepFree: 'step-free access',
    stepFreeNotRequired: 'step-free access not required',
    noStepFree: 'no step-free access',
    noLabelRequired: 'no label required',
    noLabel: (label) => `no ${label} label`,
    free: (from, to) => `free ${from}→${to}`,
    blocked: (spaceName, from, to, reason) => `${spaceName === null ? '' : `${spaceName} `}blocked ${from}→${to}${reason ? ` (${reason})` : ''}`,
    noRooms: 'no rooms requested',
    allRoomsOnSite: (rooms) => `all ${rooms} rooms on site`,
    tooFewBedrooms: (onSite, needed) => `${onSite} bedrooms on site, ${needed} needed`,
    noRoomRates: 'no room rates on site for the event dates',
  },
  fr: {
    kind: (kind) => FR_KINDS[kind] ?? kind.replace(/_/g, ' '),
    anyDestination: (city) => `${city} (toutes destinations)`,
    notIn: (city, wanted) => `${city}, pas à ${wanted.join(', ')}`,
    anyVenueType: (kind) => `${kind} (tout type de lieu)`,
    notKind: (kind, wanted) => `${kind}, pas ${wanted.join(' ni ')}`,
    notPriced: 'non chiffré',
    noBudget: (gross) => `${gross}, sans budget indiqué`,
    withinBudget: (gross, budget, met) => `${gross} ${met ? 'dans le' : 'au-delà du'} budget de ${budget}`,
    stepFree: 'accès de plain-pied',
    stepFreeNotRequired: 'accès de plain-pied non demandé',
    noStepFree: 'pas d’accès de plain-pied',
    noLabelRequired: 'aucun label demandé',
    noLabel: (label) => `pas de label ${label}`,
    free: (from, to) => `libre du ${frDate(from)} au ${frDate(to)}`,
    blocked: (spaceName, from, to, reason) =>
      `${spaceName === null ? 'lieu' : spaceName} indisponible du ${frDate(from)} au ${frDate(to)}${reason ? ` (${reason})` : ''}`,
    noRooms: 'aucune chambre demandée',
    allRoomsOnSite: (rooms) => `les ${rooms} chambres sur place`,
    tooFewBedrooms: (onSite, needed) => `${onSite} chambre${onSite > 1 ? 's' : ''} sur place, ${needed} nécessaire${needed > 1 ? 's' : ''}`,
    noRoomRates: 'pas de tarif de chambre sur place aux dates de l’événement',
  },
};

function detail(ctx: CriteriaContext, index: PricingIndex, criterion: Criterion, met: boolean, facts: VenueFacts, lang: Language): string {
  const p = PHRASES[lang];
  const { venue, space } = facts;
  switch (criterion) {
    case 'destinations':
      if (ctx.destinations.size === 0) return p.anyDestination(venue.city);
      return met ? venue.city : p.notIn(venue.city, ctx.destinationNames);
    case 'venue_types':
      if (ctx.venueTypes.size === 0) return p.anyVenueType(p.kind(venue.kind));
      return met ? p.kind(venue.kind) : p.notKind(p.kind(venue.kind), [...ctx.venueTypes].map(p.kind));
    case 'budget': {
      if (facts.grossCents === null) return p.notPriced;
      const gross = formatEuros(facts.grossCents, lang);
      if (ctx.budgetCents === null) return p.noBudget(gross);
      return p.withinBudget(gross, formatEuros(ctx.budgetCents, lang), met);
    }
    case 'accessible':
      if (venue.accessible) return p.stepFree;
      return met ? p.stepFreeNotRequired : p.noStepFree;
    case 'quality_label':
      if (ctx.qualityLabel === null) return p.noLabelRequired;
      return met ? heldLabel(ctx, index, venue)! : p.noLabel(ctx.qualityLabel);
    case 'dates': {
      if (met || !space) return p.free(ctx.startDate, ctx.endDate);
      const parts = blockingBlackouts(ctx, facts.blackouts, space).map((b) => p.blocked(b.spaceId === null ? null : space.name, b.from, b.to, b.reason));
      for (const breakout of facts.breakouts ?? []) {
        for (const b of blockingBlackouts(ctx, facts.blackouts, breakout)) {
          if (b.spaceId !== null) parts.push(p.blocked(breakout.name, b.from, b.to, b.reason));
        }
      }
      return parts.join('; ');
    }
    case 'onsite_accommodation': {
      const rooms = ctx.rooms;
      if (!rooms) return p.noRooms;
      if (met) return p.allRoomsOnSite(rooms.bedrooms);
      const onSite = venue.bedrooms ?? 0;
      if (onSite < rooms.bedrooms) return p.tooFewBedrooms(onSite, rooms.bedrooms);
      return p.noRoomRates;
    }
  }
}

/** One criterion's verdict and detail; `lang` defaults to the organiser's (hub-only texts pass 'en'). */
export function explainCriterion(
  ctx: CriteriaContext,
  index: PricingIndex,
  criterion: Criterion,
  metMask: number,
  facts: VenueFacts,
  lang: Language = ctx.language,
): CriterionResult {
  const bit = criterionBit(criterion);
  const met = (metMask & bit) !== 0;
  return { criterion, met, hard: (ctx.hardMask & bit) !== 0, detail: detail(ctx, index, criterion, met, facts, lang) };
}

/** All seven criteria in CRITERIA order, as an option's `reasons`, in the organiser's language. */
export function explainAll(ctx: CriteriaContext, index: PricingIndex, metMask: number, facts: VenueFacts): CriterionResult[] {
  return CRITERIA.map((criterion) => explainCriterion(ctx, index, criterion, metMask, facts));
}
