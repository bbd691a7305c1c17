import { dateSets, type Brief, type DateSet, type Language } from '../core/brief-schema';
import type { Space } from '../core/catalogue-types';
import type { FieldProblem } from '../platform/errors';
import type { QuoteOption } from '../core/quote-types';
import { formatEuros } from '../pricing/money';
import { planOption, quoteLines } from '../pricing/price-option';
import { isStale } from '../pricing/stale-rates';
import { bitCount, DATES_BIT } from '../matching/criteria-context';
import { budgetMet, criteriaMet, freeOnDates } from '../matching/criteria-checks';
import { formatDateRange } from '../matching/date-range-text';
import { explainAll } from '../matching/explain';
import { beginMatching, type Matching, type PreparedCatalogue, type VenueMatch } from '../matching/match-venues';
import { feasible, whyNotMain, type DateSetMatching, type SetEvaluation } from '../matching/date-set-draft';
import { scoreOf } from '../matching/rank-options';

/**
 * What staff choose for one option on the desk (issues 13 and 15): the venue, its plenary space, one
 * of the brief's date sets and the breakout spaces. `priceShape` prices that choice with the usual
 * rules of SPEC §5–6 (the matcher's own criteria, planOption and quoteLines), so a re-priced or
 * hand-built option reads exactly like one the machine drafted. Pure; raw strings in, so the page can
 * re-show what was typed.
 */
export interface OptionShape {
  supplierId: string;
  spaceId: string;
  /** "YYYY-MM-DD/YYYY-MM-DD", as the form posts it. */
  dates: string;
  breakoutSpaceIds: string[];
}

/** Where each part's error goes on the page. */
export interface ShapeFields {
  option: string;
  space: string;
  dates: string;
  breakout(index: number): string;
}

export interface ShapeSettings {
  now: string;
  rateStaleDays: number;
}

export type ShapeOutcome = { ok: true; option: QuoteOption } | { ok: false; errors: FieldProblem[] };

export const dateSetValue = (set: DateSet): string => `${set.start_date}/${set.end_date}`;

/** Options of briefs with alternative dates or breakouts carry both (SPEC §8); plain briefs' options neither. */
export const carriesDateSets = (brief: Brief): boolean => (brief.event.alternative_dates?.length ?? 0) > 0 || brief.breakouts !== undefined;

/** The shape of an option as stored: options without `dates` use the main dates, without breakouts none. */
export function shapeOf(option: QuoteOption, brief: Brief): OptionShape {
  return {
    supplierId: option.venue.supplier_id,
    spaceId: option.venue.space_id,
    dates: dateSetValue(option.dates ?? dateSets(brief)[0]!),
    breakoutSpaceIds: option.venue.breakout_space_ids ?? [],
  };
}

export const shapeKey = (s: OptionShape): string => [s.supplierId, s.spaceId, s.dates, s.breakoutSpaceIds.join(',')].join('|');

/** The venue's smallest space seating everyone (SPEC §5) and the breakouts the matcher would choose: what the builder proposes first. */
export { plenarySpace } from '../matching/plenary-space';
export { breakoutSpaces } from '../matching/breakout-spaces';

const layoutWords = (layout: string) => layout.replace(/_/g, ' ');

function evaluation(d: DateSetMatching, set: number, position: number, space: Space, breakouts: Space[]): SetEvaluation {
  const m: Matching = d.ms[set]!;
  const pv = d.prepared.venues[position]!;
  let met = criteriaMet(m.ctx, m.index, pv, space);
  if ((met & DATES_BIT) !== 0 && breakouts.some((b) => !freeOnDates(m.ctx, pv.blackouts, b))) met &= ~DATES_BIT;
  const match: VenueMatch = { position, venue: pv.venue, space, largest: 0, blackouts: pv.blackouts, met };
  match.plan = planOption(m.index, m.ctx.quantities, m.components, pv.venue, space, pv.rates, breakouts);
  if (match.plan.ok) match.met |= budgetMet(m.ctx, match.plan.totals.gross_cents);
  return { set, m, match, breakouts };
}

/** The dates reason of an option staff put on another set than the main one, in the organiser's language. */
function datesDetail(chosen: SetEvaluation, main: SetEvaluation, d: DateSetMatching, lang: Language): string {
  const plan = (e: SetEvaluation) => (e.match.plan?.ok ? e.match.plan.totals.gross_cents : null);
  const [here, there] = [plan(chosen), plan(main)];
  const sameDates = (chosen.match.met & DATES_BIT) === (main.match.met & DATES_BIT);
  if (feasible(main) && sameDates && here !== null && there !== null && here > there) {
    const more = formatEuros(here - there, lang);
    const at = formatDateRange(d.sets[chosen.set]!, lang);
    const mainText = formatDateRange(d.sets[main.set]!, lang);
    return lang === 'fr' ? `${at} ; ${more} de plus que du ${mainText}` : `${at}; ${more} more than on ${mainText}`;
  }
  return whyNotMain(chosen, main, d, lang);
}

/**
 * Validates a shape against the brief and the catalogue, then prices it as option `rank`. Every problem
 * is reported with the field it belongs to; on any, no option is returned. Hard criteria the venue
 * misses do not refuse it (staff choose it knowingly): its reasons say which, as on any option.
 */
export function priceShape(brief: Brief, prepared: PreparedCatalogue, shape: OptionShape, rank: number, fields: ShapeFields, settings: ShapeSettings): ShapeOutcome {
  const errors: FieldProblem[] = [];
  const problem = (field: string, message: string) => errors.push({ field, message });
  const where = `option ${rank}`;
  const position = prepared.venues.findIndex((v) => v.venue.supplierId === shape.supplierId);
  if (position < 0) return { ok: false, errors: [{ field: fields.option, message: `${where}: "${shape.supplierId}" is not an active venue of the catalogue` }] };
  const pv = prepared.venues[position]!;
  const venueName = pv.venue.name;

  const sets = dateSets(brief);
  const set = sets.findIndex((s) => dateSetValue(s) === shape.dates.trim());
  if (set < 0) {
    const listed = sets.map((s) => formatDateRange(s, 'en')).join('; ');
    problem(fields.dates, `${where}: the dates must be one of the brief's date sets (${listed})`);
  }

  const { attendees, layout } = brief.event;
  const space = pv.spaces.find((s) => s.spaceId === shape.spaceId) ?? null;
  if (!space) problem(fields.space, `${where}: choose the plenary room among ${venueName}'s spaces`);
  else {
    const seats = space.capacities[layout];
    if (seats === null || seats === undefined) problem(fields.space, `${where}: ${space.name} is not offered in ${layoutWords(layout)} layout`);
    else if (seats < attendees) problem(fields.space, `${where}: ${space.name} seats ${seats} in ${layoutWords(layout)} layout; the brief needs ${attendees}`);
  }

  const need = brief.breakouts;
  const breakouts: Space[] = [];
  const ids = shape.breakoutSpaceIds.map((id) => id.trim());
  if (!need) {
    if (ids.some((id) => id !== '')) problem(fields.breakout(0), `${where}: the brief asks for no breakout rooms`);
  } else {
    for (let i = 0; i < need.rooms; i++) {
      const id = ids[i] ?? '';
      const label = `${where}, breakout room ${i + 1}`;
      const field = fields.breakout(i);
      if (id === '') {
        problem(field, `${label}: choose a space (the brief needs ${need.rooms} breakout room${need.rooms === 1 ? '' : 's'})`);
        continue;
      }
      const b = pv.spaces.find((s) => s.spaceId === id);
      if (!b) {
        problem(field, `${label}: "${id}" is not a space of ${venueName}`);
        continue;
      }
      if (b.spaceId === shape.spaceId) {
        problem(field, `${label}: ${b.name} is the plenary room; choose another space`);
        continue;
      }
      const twice = breakouts.findIndex((x) => x.spaceId === b.spaceId);
      if (twice >= 0) {
        problem(field, `${label}: ${b.name} is already breakout room ${twice + 1}`);
        continue;
      }
      const seats = b.capacities[need.layout];
      if (seats === null || seats === undefined || seats < need.attendees) {
        problem(field, `${label}: ${b.name} seats ${seats ?? 0} in ${layoutWords(need.layout)} layout; breakouts need ${need.attendees}`);
        continue;
      }
      breakouts.push(b);
    }
    if (ids.slice(need.rooms).some((id) => id !== '')) problem(fields.breakout(need.rooms), `${where}: the brief needs ${need.rooms} breakout room${need.rooms === 1 ? '' : 's'}, no more`);
  }
  if (errors.length > 0 || !space) return { ok: false, errors };

  const ms = sets.map((s) => beginMatching({ ...brief, event: { ...brief.event, start_date: s.start_date, end_date: s.end_date } }, prepared));
  const d: DateSetMatching = { prepared, sets, ms, brief };
  const chosen = evaluation(d, set, position, space, breakouts);
  const plan = chosen.match.plan!;
  if (!plan.ok) {
    return { ok: false, errors: [{ field: fields.option, message: `${where}: ${venueName} cannot be priced on ${formatDateRange(sets[set]!, 'en')}: ${plan.missing.join('; ')}` }] };
  }
  const { ctx, index } = chosen.m;
  const reasons = explainAll(ctx, index, chosen.match.met, { venue: pv.venue, space, blackouts: pv.blackouts, grossCents: plan.totals.gross_cents, breakouts });
  if (set !== 0) {
    const dates = reasons.find((r) => r.criterion === 'dates');
    if (dates) dates.detail = datesDetail(chosen, evaluation(d, 0, position, space, breakouts), d, ctx.language);
  }
  const rich = carriesDateSets(brief);
  return {
    ok: true,
    option: {
      rank,
      score: scoreOf(bitCount(chosen.match.met & ctx.softMask), bitCount(ctx.softMask)),
      stale_rates: plan.suppliers.some((s) => isStale(s, settings.now, settings.rateStaleDays)),
      venue: {
        supplier_id: pv.venue.supplierId,
        name: pv.venue.name,
        city: pv.venue.city,
        space_id: space.spaceId,
        ...(rich ? { breakout_space_ids: breakouts.map((b) => b.spaceId) } : {}),
      },
      ...(rich ? { dates: { start_date: sets[set]!.start_date, end_date: sets[set]!.end_date } } : {}),
      reasons,
      lines: quoteLines(plan.planned, pv.venue, space, ctx.quantities, ctx.language),
      totals: plan.totals,
    },
  };
}

/** Venues whose name or city contains `query` (accents and case ignored), in catalogue order, at most `limit`. */
export function searchVenues(prepared: PreparedCatalogue, query: string, limit = 20): { supplierId: string; name: string; city: string; kind: string }[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const q = fold(query.trim());
  if (q === '') return [];
  const out: { supplierId: string; name: string; city: string; kind: string }[] = [];
  for (const { venue } of prepared.venues) {
    if (fold(venue.name).includes(q) || fold(venue.city).includes(q) || venue.supplierId.toLowerCase() === q) {
      out.push({ supplierId: venue.supplierId, name: venue.name, city: venue.city, kind: venue.kind });
      if (out.length >= limit) break;
    }
  }
  return out;
}
