import type { Brief, Criterion } from '../briefs/brief-schema';
import type { Catalogue } from '../suppliers/catalogue-types';
import type { QuoteDraft, QuoteOption } from '../quotes/quote-types';
import { isStale } from '../pricing/stale-rates';
import { matchVenues, type VenueMatch } from './match-venues';
import { rankOptions, score } from './rank-options';
import { noOptionReasons } from './review-reasons';

export interface MatchSettings {
  /** YYYY-MM-DD; kept for callers, the matcher itself needs no calendar beyond the brief's dates. */
  today: string;
  /** ISO UTC instant against which rate freshness is judged. */
  now: string;
  rateStaleDays: number;
  quoteOptions: number;
}

export interface QuoteDraftResult extends QuoteDraft {
  eliminated: { supplier_id: string; name: string; criterion: Criterion | 'capacity' | 'unpriceable'; detail: string }[];
}

function toOption(match: VenueMatch, settings: MatchSettings): QuoteOption | null {
  if (match.failures.length > 0 || !match.space || !match.priced?.ok) return null;
  const { lines, totals, suppliers } = match.priced;
  const option: QuoteOption = {
    rank: 0,
    score: 0,
    stale_rates: suppliers.some((s) => isStale(s, settings.now, settings.rateStaleDays)),
    venue: { supplier_id: match.venue.supplierId, name: match.venue.name, city: match.venue.city, space_id: match.space.spaceId },
    reasons: match.reasons,
    lines,
    totals,
  };
  option.score = score(option);
  return option;
}

/** SPEC §5–6, pure: the ranked draft quote for one brief, or the machine-readable reasons there is none. */
export function buildQuoteDraft(brief: Brief, catalogue: Catalogue, settings: MatchSettings): QuoteDraftResult {
  const { matches } = matchVenues(brief, catalogue);
  const feasible: QuoteOption[] = [];
  const eliminated: QuoteDraftResult['eliminated'] = [];
  for (const match of matches) {
    const option = toOption(match, settings);
    if (option) feasible.push(option);
    for (const failure of match.failures) {
      eliminated.push({ supplier_id: match.venue.supplierId, name: match.venue.name, criterion: failure.cause, detail: failure.detail });
    }
  }
  const options = rankOptions(feasible, settings.quoteOptions);
  const review_reasons = feasible.length > 0 ? [] : noOptionReasons(matches, settings.quoteOptions);
  return { options, review_reasons, eliminated };
}
