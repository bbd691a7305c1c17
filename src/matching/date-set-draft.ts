import { dateSets, type Brief, type DateSet, type Language } from '../core/brief-schema';
import type { Space } from '../core/catalogue-types';
import type { QuoteOption } from '../core/quote-types';
import { formatEuros } from '../pricing/money';
import { planOption, quoteLines } from '../pricing/price-option';
import { isStale } from '../pricing/stale-rates';
import { breakoutCandidates, breakoutSpaces } from './breakout-spaces';
import { CANDIDATE_STRIDE, candidatesBySoftBound } from './candidates';
import { bitCount, DATES_BIT } from './criteria-context';
import { budgetMet, freeOnDates } from './criteria-checks';
import { formatDateRange } from './date-range-text';
import { explainAll, explainCriterion, type VenueFacts } from './explain';
import { beginMatching, failures, hardFailuresBeforePricing, isFeasible, matchAt, type EliminationCause, type Matching, type VenueMatch } from './match-venues';
import { prepareCatalogue, type PreparedCatalogue } from './prepared-catalogue';
import { compareRankKeys, scoreOf, type RankKey } from './rank-options';
import { noOptionReasons, type Judged } from './review-reasons';
import type { Catalogue } from '../core/catalogue-types';
import type { MatchSettings, QuoteDraftResult } from './build-quote-draft';
import { ELIMINATED_LISTED } from './build-quote-draft';

/**
 * SPEC §5 for briefs with alternative dates or breakouts: each venue is judged and priced on each of the
 * brief's date sets (blackouts of the plenary and of every breakout space, rates valid on that set's
 * start date), and its option uses one set: among those meeting every non-negotiable, the ones where
 * `dates` is met first, then the lowest gross total, then the organiser's order. Briefs without these
 * fields never come here (build-quote-draft.ts keeps its one-set search, byte for byte).
 */

/** One venue on one date set. `breakouts` null: too few breakout spaces (out, like capacity). */
export interface SetEvaluation {
  set: number;
  m: Matching;
  match: VenueMatch;
  breakouts: Space[] | null;
}

export interface DateSetMatching {
  prepared: PreparedCatalogue;
  sets: DateSet[];
  ms: Matching[];
  brief: Brief;
}

export function beginDateSetMatching(brief: Brief, catalogue: Catalogue | PreparedCatalogue): DateSetMatching {
  const prepared = 'index' in catalogue ? catalogue : prepareCatalogue(catalogue);
  const sets = dateSets(brief);
  const ms = sets.map((set) => beginMatching({ ...brief, event: { ...brief.event, start_date: set.start_date, end_date: set.end_date } }, prepared));
  return { prepared, sets, ms, brief };
}

/** Judges (and, when it may become an option or `priceAll`, prices) one venue on one date set. */
export function evaluateOn(d: DateSetMatching, set: number, position: number, priceAll: boolean): SetEvaluation {
  const m = d.ms[set]!;
  const match = matchAt(m, position);
  const venue = d.prepared.venues[position]!;
  if (!match.space) return { set, m, match, breakouts: [] };
  let breakouts: Space[] | null = [];
  if (d.brief.breakouts) {
    breakouts = breakoutSpaces(venue.spaces, match.space, d.brief.breakouts);
    if (breakouts && (match.met & DATES_BIT) !== 0) {
      for (const space of breakouts) {
        if (!freeOnDates(m.ctx, venue.blackouts, space)) {
          match.met &= ~DATES_BIT;
          break;
        }
      }
    }
  }
  if (breakouts && (priceAll || hardFailuresBeforePricing(m, match) === 0)) {
    match.plan = planOption(m.index, m.ctx.quantities, m.components, match.venue, match.space, venue.rates, breakouts);
    if (match.plan.ok) match.met |= budgetMet(m.ctx, match.plan.totals.gross_cents);
  }
  return { set, m, match, breakouts };
}

export function feasible(e: SetEvaluation): boolean {
  return e.breakouts !== null && isFeasible(e.m, e.match);
}

function gross(e: SetEvaluation): number {
  return e.match.plan?.ok ? e.match.plan.totals.gross_cents : Infinity;
}

function datesMet(e: SetEvaluation): boolean {
  return (e.match.met & DATES_BIT) !== 0;
}

/** SPEC §5 order of a venue's date sets: `dates` met first, then lowest gross, then the organiser's order. */
export function compareSets(a: SetEvaluation, b: SetEvaluation): number {
  return Number(datesMet(b)) - Number(datesMet(a)) || gross(a) - gross(b) || a.set - b.set;
}

/** The set a venue's option uses, among those where it is feasible; null when it is feasible on none. */
export function chooseSet(evaluations: readonly SetEvaluation[]): SetEvaluation | null {
  let best: SetEvaluation | null = null;
  for (const e of evaluations) if (feasible(e) && (!best || compareSets(e, best) < 0)) best = e;
  return best;
}

function factsOf(e: SetEvaluation): VenueFacts {
  const plan = e.match.plan;
  return { venue: e.match.venue, space: e.match.space, blackouts: e.match.blackouts, grossCents: plan?.ok ? plan.totals.gross_cents : null, breakouts: e.breakouts ?? [] };
}

/** Why the option is not on the main dates, in the organiser's language (SPEC §5). */
export function whyNotMain(chosen: SetEvaluation, main: SetEvaluation, d: DateSetMatching, lang: Language): string {
  const here = formatDateRange(d.sets[chosen.set]!, lang);
  const there = formatDateRange(d.sets[main.set]!, lang);
  if (feasible(main) && datesMet(main) === datesMet(chosen)) {
    const saved = formatEuros(gross(main) - gross(chosen), lang);
    return lang === 'fr' ? `${saved} de moins que du ${there}` : `${saved} cheaper than on ${there}`;
  }
  if (main.match.space && !datesMet(main) && datesMet(chosen)) {
    return lang === 'fr' ? `libre du ${here} ; indisponible du ${there}` : `free on ${here}; blocked on ${there}`;
  }
  if (main.match.plan && !main.match.plan.ok) {
    return lang === 'fr' ? `${here} ; pas de tarif pour le ${there}` : `${here}; no rates for ${there}`;
  }
  return lang === 'fr' ? `${here} ; ne convient pas du ${there}` : `${here}; not suitable on ${there}`;
}

function toOption(d: DateSetMatching, chosen: SetEvaluation, main: SetEvaluation, rank: number, settings: MatchSettings): QuoteOption {
  const { m, match } = chosen;
  const plan = match.plan!;
  if (!plan.ok || !match.space) throw new Error('only priced venues with a plenary space become options');
  const { ctx, index } = m;
  const reasons = explainAll(ctx, index, match.met, factsOf(chosen));
  if (chosen.set !== 0) {
    const dates = reasons.find((r) => r.criterion === 'dates')!;
    dates.detail = whyNotMain(chosen, main, d, ctx.language);
  }
  const set = d.sets[chosen.set]!;
  return {
    rank,
    score: scoreOf(bitCount(match.met & ctx.softMask), bitCount(ctx.softMask)),
    stale_rates: plan.suppliers.some((s) => isStale(s, settings.now, settings.rateStaleDays)),
    venue: {
      supplier_id: match.venue.supplierId,
      name: match.venue.name,
      city: match.venue.city,
      space_id: match.space.spaceId,
      breakout_space_ids: (chosen.breakouts ?? []).map((s) => s.spaceId),
    },
    dates: { start_date: set.start_date, end_date: set.end_date },
    reasons,
    lines: quoteLines(plan.planned, match.venue, match.space, ctx.quantities, ctx.language),
    totals: plan.totals,
  };
}

/** Causes ruling a venue out on its main dates (hub staff read them: English). */
function failuresOf(e: SetEvaluation): { cause: EliminationCause; detail: string }[] {
  const out = failures(e.m, e.match).map((f) =>
    f.cause === 'dates' ? { cause: f.cause, detail: explainCriterion(e.m.ctx, e.m.index, 'dates', e.match.met, factsOf(e), 'en').detail } : f,
  );
  return out;
}

export function buildDateSetDraft(brief: Brief, catalogue: Catalogue | PreparedCatalogue, settings: MatchSettings): QuoteDraftResult {
  const d = beginDateSetMatching(brief, catalogue);
  const { prepared } = d;
  const breakoutNeed = brief.breakouts;
  const shortOf = (e: SetEvaluation): { cause: EliminationCause; detail: string }[] => {
    if (!e.match.space || e.breakouts !== null || !breakoutNeed) return [];
    const have = breakoutCandidates(prepared.venues[e.match.position]!.spaces, e.match.space, breakoutNeed);
    return [{ cause: 'capacity', detail: `${have} space(s) besides ${e.match.space.name} seat ${breakoutNeed.attendees} in ${breakoutNeed.layout} layout, ${breakoutNeed.rooms} breakout room(s) needed` }];
  };
  const judgeOf = (e: SetEvaluation): Judged => ({
    venue: e.match.venue,
    priced: e.match.plan?.ok === true,
    missing: e.match.plan && !e.match.plan.ok ? e.match.plan.missing : null,
    failures: feasible(e) ? [] : [...shortOf(e), ...failuresOf(e)],
  });

  // Venues that may be feasible on some set: the table scan of each set (plenary and hard criteria),
  // with the most soft criteria each could meet on its best set. As in bestOptions, venues are priced
  // from the highest bound down, and the search stops once `limit` options are held and the last of
  // them meets more soft criteria than any venue left could (breakouts only ever lower a bound).
  const bestBound = new Map<number, number>();
  for (const m of d.ms) {
    candidatesBySoftBound(m).forEach((bound, soft) => {
      for (let c = 0; c < bound.length; c += CANDIDATE_STRIDE) {
        const position = bound[c]!;
        if ((bestBound.get(position) ?? -1) < soft) bestBound.set(position, soft);
      }
    });
  }
  const byBound: number[][] = [];
  for (const [position, soft] of bestBound) (byBound[soft] ??= []).push(position);
  const limit = Math.max(1, settings.quoteOptions);
  const ranked: { key: RankKey; chosen: SetEvaluation; main: SetEvaluation }[] = [];
  const feasiblePositions = new Set<number>();
  const evaluated = new Set<number>();
  for (let bound = byBound.length - 1; bound >= 0; bound--) {
    if (ranked.length >= limit && ranked[limit - 1]!.key.softMet > bound) break;
    for (const position of (byBound[bound] ?? []).sort((a, b) => a - b)) {
      evaluated.add(position);
      const evaluations = d.sets.map((_, set) => evaluateOn(d, set, position, false));
      const chosen = chooseSet(evaluations);
      const plan = chosen?.match.plan;
      if (!chosen || !plan?.ok) continue;
      feasiblePositions.add(position);
      const key = { softMet: bitCount(chosen.match.met & chosen.m.ctx.softMask), grossCents: plan.totals.gross_cents, supplierId: chosen.match.venue.supplierId };
      ranked.push({ key, chosen, main: evaluations[0]! });
      ranked.sort((a, b) => compareRankKeys(a.key, b.key));
      if (ranked.length > limit) ranked.pop();
    }
  }
  // A candidate the search did not reach is feasible or not: the eliminated list needs to know.
  const feasibleAnywhere = (position: number): boolean => {
    if (evaluated.has(position)) return feasiblePositions.has(position);
    if (!bestBound.has(position)) return false;
    return chooseSet(d.sets.map((_, set) => evaluateOn(d, set, position, false))) !== null;
  };

  if (ranked.length === 0) {
    const all = prepared.venues.map((_, position) => evaluateOn(d, 0, position, true));
    const eliminated: QuoteDraftResult['eliminated'] = [];
    for (const e of all.slice(0, ELIMINATED_LISTED)) {
      for (const f of judgeOf(e).failures) eliminated.push({ supplier_id: e.match.venue.supplierId, name: e.match.venue.name, criterion: f.cause, detail: f.detail });
    }
    return { options: [], review_reasons: noOptionReasons(all.map(judgeOf), settings.quoteOptions), eliminated };
  }
  const options = ranked.slice(0, Math.max(0, settings.quoteOptions)).map((r, i) => toOption(d, r.chosen, r.main, i + 1, settings));
  const eliminated: QuoteDraftResult['eliminated'] = [];
  let listed = 0;
  for (let position = 0; position < prepared.venues.length && listed < ELIMINATED_LISTED; position++) {
    if (feasibleAnywhere(position)) continue;
    const e = evaluateOn(d, 0, position, false);
    listed++;
    for (const f of judgeOf(e).failures) eliminated.push({ supplier_id: e.match.venue.supplierId, name: e.match.venue.name, criterion: f.cause, detail: f.detail });
  }
  return { options, review_reasons: [], eliminated };
}
