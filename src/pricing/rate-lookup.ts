import type { Rate, RateItem } from '../core/catalogue-types';
import { groupBySupplier } from '../core/group-by-supplier';

/**
 * Rates grouped by supplier only: one Map insert per rate keeps indexing 100,000 rates cheap, and a
 * supplier holds few enough rates (items × seasons) that a linear scan beats finer-grained keys.
 */
export type RateIndex = Map<string, Rate[]>;

export function indexRates(rates: readonly Rate[]): RateIndex {
  return groupBySupplier(rates);
}

/**
 * SPEC §6: the rate of the supplier and item (and space, for space hire only) with
 * valid_from ≤ date ≤ valid_to (inclusive; null = open-ended); among several, the latest valid_from.
 */
export function findRate(
  index: RateIndex,
  supplierId: string,
  item: RateItem,
  date: string,
  spaceId: string | null = null,
): Rate | null {
  const list = index.get(supplierId);
  return list ? findRateIn(list, item, date, spaceId) : null;
}

/** `findRate` among one supplier's rates (its list in the index), for callers that hold the list. */
export function findRateIn(list: readonly Rate[], item: RateItem, date: string, spaceId: string | null = null): Rate | null {
  const perSpace = item === 'space_hire_day';
  let best: Rate | null = null;
  for (const rate of list) {
    if (rate.item !== item || (perSpace && rate.spaceId !== spaceId)) continue;
    if (rate.validFrom > date || (rate.validTo !== null && date > rate.validTo)) continue;
    if (best === null || rate.validFrom > best.validFrom) best = rate;
  }
  return best;
}
