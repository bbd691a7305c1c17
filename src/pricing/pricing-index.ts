import type { Catalogue, Supplier } from '../suppliers/catalogue-types';
import { normaliseName } from '../matching/normalise-city';
import { indexRates, type RateIndex } from './rate-lookup';
import type { ServiceKind } from './requested-lines';
import type { Supplied } from './choose-supplier';

const SERVICE_KINDS: readonly string[] = ['caterer', 'hotel', 'av'] satisfies ServiceKind[];

/**
 * Everything pricing looks up, indexed once per brief so 10,000 venues cost O(venues + rates).
 * `cityChoice` memoises the same-city fallback: for one brief it depends only on (component, city).
 */
export interface PricingIndex {
  rates: RateIndex;
  /** `${kind}\0${venueId}` → active suppliers of that kind listing the venue in associated_with. */
  associated: Map<string, Supplier[]>;
  /** `${kind}\0${normalised city}` → active suppliers of that kind with empty associated_with. */
  cityPool: Map<string, Supplier[]>;
  cityChoice: Map<string, Supplied | null>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildPricingIndex(catalogue: Pick<Catalogue, 'suppliers' | 'rates'>): PricingIndex {
  const associated = new Map<string, Supplier[]>();
  const cityPool = new Map<string, Supplier[]>();
  for (const supplier of catalogue.suppliers) {
    if (!supplier.active || !SERVICE_KINDS.includes(supplier.kind)) continue;
    if (supplier.associatedWith.length > 0) {
      for (const venueId of new Set(supplier.associatedWith)) push(associated, `${supplier.kind}\u0000${venueId}`, supplier);
    } else {
      push(cityPool, `${supplier.kind}\u0000${normaliseName(supplier.city)}`, supplier);
    }
  }
  return { rates: indexRates(catalogue.rates), associated, cityPool, cityChoice: new Map() };
}
