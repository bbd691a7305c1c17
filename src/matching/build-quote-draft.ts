import type { Brief, Criterion } from '../briefs/brief-schema';
import type { Catalogue } from '../suppliers/catalogue-types';
import type { QuoteDraft, QuoteOption } from '../quotes/quote-types';
import { quoteLines } from '../pricing/price-option';
import { isStale } from '../pricing/stale-rates';
import { bitCount } from './criteria-context';
import { explainAll } from './explain';
import { failures, hardFailuresBeforePricing, isFeasible, matchVenues, price, type Matching, type PreparedCatalogue, type VenueMatch } from './match-venues';
import { compareRankKeys, scoreOf, type RankKey } from './rank-options';
import { noOptionReasons, type Judged } from './review-reasons';

export interface MatchSettings {
  /** YYYY-MM-DD; part of the contract with the worker, though matching needs no date beyond the brief's. */
  today: string;
  /** ISO UTC instant against which rate freshness is judged. */
  now: string;
  rateStaleDays: number;
  quoteOptions: number;
}

/**
 * How many eliminated venues the stored quote lists with their causes, for hub staff: the first
 * ones in catalogue order. A region's whole catalogue would be tens of thousands of rows per quote.
 */
export const ELIMINATED_LISTED = 100;

export interface QuoteDraftResult extends QuoteDraft {
  /** The causes ruling out the first ELIMINATED_LISTED eliminated venues (one entry per cause). */
  eliminated: { supplier_id: string; name: string; criterion: Criterion | 'capacity' | 'unpriceable'; detail: string }[];
}

function toOption(m: Matching, match: VenueMatch, rank: number, settings: MatchSettings): QuoteOption {
  const plan = match.plan!;
  if (!plan.ok || !match.space) throw new Error('only priced venues with a plenary space become options');
  const { ctx, index } = m;
  const facts = { venue: match.venue, space: match.space, blackouts: match.blackouts, grossCents: plan.totals.gross_cents };
  return {
    rank,
    score: scoreOf(bitCount(match.met & ctx.softMask), bitCount(ctx.softMask)),
    stale_rates: plan.suppliers.some((s) => isStale(s, settings.now, settings.rateStaleDays)),
    venue: { supplier_id: match.venue.supplierId, name: match.venue.name, city: match.venue.city, space_id: match.space.spaceId },
    reasons: explainAll(ctx, index, match.met, facts),
    lines: quoteLines(plan.planned, match.venue, match.space, ctx.quantities, ctx.language),
    totals: plan.totals,
  };
}

function judgeAll(m: Matching): Judged[] {
  return m.matches.map((match) => ({
    venue: match.venue,
    priced: match.plan?.ok === true,
    missing: match.plan && !match.plan.ok ? match.plan.missing : null,
    failures: isFeasible(m, match) ? [] : failures(m, match),
  }));
}

/**
 * SPEC §5–6, pure: the ranked draft quote for one brief, or the machine-readable reasons there is none.
 * Venues already out on a non-negotiable are priced only when no option exists, because only then do
 * the review reasons need their budget verdicts and the relaxation hint. Pass a `prepareCatalogue`
 * result to match many briefs against one catalogue version without rebuilding its lookups.
 */
export function buildQuoteDraft(brief: Brief, catalogue: Catalogue | PreparedCatalogue, settings: MatchSettings): QuoteDraftResult {
  const m = matchVenues(brief, catalogue);
  const ranked: { key: RankKey; match: VenueMatch }[] = [];
  for (const match of m.matches) {
    if (!match.space || hardFailuresBeforePricing(m, match) !== 0) continue;
    price(m, match);
    if (isFeasible(m, match) && match.plan?.ok) {
      ranked.push({
        key: { softMet: bitCount(match.met & m.ctx.softMask), grossCents: match.plan.totals.gross_cents, supplierId: match.venue.supplierId },
        match,
      });
    }
  }
  if (ranked.length === 0) for (const match of m.matches) price(m, match);

  // Explanations only for the venues listed: writing one per eliminated venue of a 50,000-venue
  // region was a quarter of the time, mostly garbage collection (issue 7, --cpu-prof).
  const eliminated: QuoteDraftResult['eliminated'] = [];
  let listed = 0;
  for (const match of m.matches) {
    if (listed >= ELIMINATED_LISTED) break;
    if (isFeasible(m, match)) continue;
    listed++;
    for (const f of failures(m, match)) eliminated.push({ supplier_id: match.venue.supplierId, name: match.venue.name, criterion: f.cause, detail: f.detail });
  }

  ranked.sort((a, b) => compareRankKeys(a.key, b.key));
  const options = ranked.slice(0, Math.max(0, settings.quoteOptions)).map(({ match }, i) => toOption(m, match, i + 1, settings));
  // Without an option every venue is judged, so the counts per cause of SPEC §7 stay exact.
  const review_reasons = ranked.length > 0 ? [] : noOptionReasons(judgeAll(m), settings.quoteOptions);
  return { options, review_reasons, eliminated };
}
