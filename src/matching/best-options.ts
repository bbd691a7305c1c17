import { bitCount } from './criteria-context';
import { CANDIDATE_STRIDE, candidatesBySoftBound } from './candidates';
import { candidateMatch, isFeasible, price, type Matching, type VenueMatch } from './match-venues';
import { compareRankKeys, type RankKey } from './rank-options';

export interface Ranked {
  key: RankKey;
  match: VenueMatch;
}

/** Inserts into `top` (kept in rank order, at most `limit` long) when it ranks among the best `limit`. */
function keep(top: Ranked[], limit: number, candidate: Ranked): void {
  if (top.length === limit && compareRankKeys(candidate.key, top[limit - 1]!.key) >= 0) return;
  // First position whose key ranks after the candidate's (keys of distinct venues never tie).
  let low = 0;
  let high = top.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareRankKeys(top[mid]!.key, candidate.key) <= 0) low = mid + 1;
    else high = mid;
  }
  top.splice(low, 0, candidate);
  if (top.length > limit) top.pop();
}

/**
 * What the search learnt of the venues it priced, by position, for the eliminated list: which are
 * feasible (a flag, not their match: a brief whose venues all tie on soft criteria prices every one,
 * and keeping 50,000 priced matches alive to the end sent them all to the old generation), and the
 * priced matches of the others.
 */
export interface Priced {
  feasible: Uint8Array;
  infeasible: Map<number, VenueMatch>;
}

export function nothingPriced(m: Matching): Priced {
  return { feasible: new Uint8Array(m.prepared.venues.length), infeasible: new Map() };
}

/**
 * The best `limit` feasible options of SPEC §5 in rank order, pricing as few venues as the ranking
 * allows. Rank is soft criteria met first, so candidates are priced from the highest bound on soft
 * criteria down, and the search stops once `limit` options are held and the last of them meets more
 * soft criteria than any venue left could: those can only rank below it.
 */
export function bestOptions(m: Matching, limit: number, priced: Priced): Ranked[] {
  const top: Ranked[] = [];
  if (limit <= 0) return top;
  const bounds = candidatesBySoftBound(m);
  for (let bound = bounds.length - 1; bound >= 0; bound--) {
    if (top.length === limit && top[limit - 1]!.key.softMet > bound) break;
    const candidates = bounds[bound]!;
    for (let c = 0; c < candidates.length; c += CANDIDATE_STRIDE) {
      const position = candidates[c]!;
      const match = candidateMatch(m, position, candidates[c + 1]!, candidates[c + 2]!);
      price(m, match);
      if (!isFeasible(m, match) || !match.plan?.ok) {
        priced.infeasible.set(position, match);
        continue;
      }
      priced.feasible[position] = 1;
      const key = { softMet: bitCount(match.met & m.ctx.softMask), grossCents: match.plan.totals.gross_cents, supplierId: match.venue.supplierId };
      keep(top, limit, { key, match });
    }
  }
  return top;
}
