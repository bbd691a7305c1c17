import type { Rate, RateItem } from '../suppliers/catalogue-types';

/**
 * Rates grouped by (supplier, item, space), newest valid_from first, so a lookup scans only the
 * handful of seasons of one key (SPEC §6: latest valid_from among those covering the date wins).
 */
export type RateIndex = Map<string, Rate[]>;

// Only space_hire_day is priced per space; other items are per supplier whatever space_id says.
function key(supplierId: string, item: RateItem, spaceId: string | null): string {
  return item === 'space_hire_day' ? `${supplierId}\u0000${item}\u0000${spaceId ?? ''}` : `${supplierId}\u0000${item}`;
}

export function indexRates(rates: readonly Rate[]): RateIndex {
  const index: RateIndex = new Map();
  for (const rate of rates) {
    const k = key(rate.supplierId, rate.item, rate.spaceId);
    const list = index.get(k);
    if (list) list.push(rate);
    else index.set(k, [rate]);
  }
  for (const list of index.values()) {
    if (list.length > 1) list.sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0));
  }
  return index;
}

/** The rate valid on `date` (YYYY-MM-DD; valid_to inclusive, null open-ended), or null. */
export function findRate(
  index: RateIndex,
  supplierId: string,
  item: RateItem,
  date: string,
  spaceId: string | null = null,
): Rate | null {
  const list = index.get(key(supplierId, item, spaceId));
  if (!list) return null;
  for (const rate of list) {
    if (rate.validFrom <= date && (rate.validTo === null || date <= rate.validTo)) return rate;
  }
  return null;
}
