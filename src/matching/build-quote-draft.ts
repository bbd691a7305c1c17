import type { Brief, Criterion } from '../core/brief-schema';
import type { Catalogue } from '../core/catalogue-types';
import type { QuoteDraft, QuoteOption } from '../core/quote-types';
import { quoteLines } from '../pricing/price-option';
import { isStale } from '../pricing/stale-rates';
import { bestOptions, nothingPriced, type Priced } from './best-options';
import { bitCount } from './criteria-context';
import { explainAll } from './explain';
import { beginMatching, failures, hardFailuresBeforePricing, isFeasible, matchAt, price, type Matching, type PreparedCatalogue, type VenueMatch } from './match-venues';
import { scoreOf } from './rank-options';
import { noOptionReasons, type Judged } from './review-reasons';
import { buildDateSetDraft } from './date-set-draft';

export interface MatchSettings {
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

/**
 * A venue's match as the quote judges it: priced when it meets every non-negotiable but budget (as
 * every such venue is when options exist), or always when `priceAll` (no option exists).
 */
function judged(m: Matching, priced: Priced, position: number, priceAll: boolean): VenueMatch {
  const match = priced.infeasible.get(position) ?? matchAt(m, position);
  if (priceAll || (match.space && hardFailuresBeforePricing(m, match) === 0)) price(m, match);
  return match;
}

/** The first ELIMINATED_LISTED eliminated venues in catalogue order, one entry per cause (`matchOf` gives null for a venue known feasible). */
function listEliminated(m: Matching, matchOf: (position: number) => VenueMatch | null): QuoteDraftResult['eliminated'] {
  const eliminated: QuoteDraftResult['eliminated'] = [];
  let listed = 0;
  for (let position = 0; position < m.prepared.venues.length && listed < ELIMINATED_LISTED; position++) {
    const match = matchOf(position);
    if (!match || isFeasible(m, match)) continue;
    listed++;
    for (const f of failures(m, match)) eliminated.push({ supplier_id: match.venue.supplierId, name: match.venue.name, criterion: f.cause, detail: f.detail });
  }
  return eliminated;
}

function judge(m: Matching, match: VenueMatch): Judged {
  return {
    venue: match.venue,
    priced: match.plan?.ok === true,
    missing: match.plan && !match.plan.ok ? match.plan.missing : null,
    failures: isFeasible(m, match) ? [] : failures(m, match),
  };
}

/**
 * SPEC §5–6, pure: the ranked draft quote for one brief, or the machine-readable reasons there is none.
 * Only venues that could rank among the options are priced (see `bestOptions`), plus those the eliminated
 * list needs; when none is feasible, every venue is priced and judged. Pass a
 * `prepareCatalogue` result to match many briefs against one catalogue version without rebuilding its lookups.
 */
export function buildQuoteDraft(brief: Brief, catalogue: Catalogue | PreparedCatalogue, settings: MatchSettings): QuoteDraftResult {
  // Alternative dates or breakouts (SPEC §4–5): every date set of every venue is judged; see date-set-draft.ts.
  if ((brief.event.alternative_dates?.length ?? 0) > 0 || brief.breakouts) return buildDateSetDraft(brief, catalogue, settings);
  const m = beginMatching(brief, catalogue);
  const priced = nothingPriced(m);
  // One option is sought even when none is quoted: whether any exists decides the review reasons.
  const best = bestOptions(m, Math.max(1, settings.quoteOptions), priced);
  if (best.length === 0) {
    // Every venue priced and judged, so the counts per cause of SPEC §7 and the relaxation hint are exact.
    const all = m.prepared.venues.map((_, position) => judged(m, priced, position, true));
    return {
      options: [],
      review_reasons: noOptionReasons(all.map((match) => judge(m, match)), settings.quoteOptions),
      eliminated: listEliminated(m, (position) => all[position]!),
    };
  }
  const options = best.slice(0, Math.max(0, settings.quoteOptions)).map(({ match }, i) => toOption(m, match, i + 1, settings));
  const eliminated = listEliminated(m, (position) => (priced.feasible[position] === 1 ? null : judged(m, priced, position, false)));
  return { options, review_reasons: [], eliminated };
}
