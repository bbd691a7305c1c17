import type { Catalogue, Supplier } from '../suppliers/catalogue-types';
import { normaliseName } from '../matching/normalise-city';
import { indexRates, type RateIndex } from './rate-lookup';
import type { Component, ServiceKind } from './requested-lines';
import type { Supplied } from './choose-supplier';

const SERVICE_KINDS: readonly string[] = ['caterer', 'hotel', 'av'] satisfies ServiceKind[];

/**
 * Everything pricing looks up, indexed once per brief so 10,000 venues cost O(venues + rates).
 * `cityChoice` memoises the same-city fallback: for one brief it depends only on (component, city),
 * so components must be built once per brief (see `briefComponents`) for the memo to hit.
 */
export interface PricingIndex {
  rates: RateIndex;
  /** kind → venueId → active suppliers of that kind listing the venue in associated_with. */
  associated: Map<string, Map<string, Supplier[]>>;
  /** kind → normalised city → active suppliers of that kind with empty associated_with. */
  cityPool: Map<string, Map<string, Supplier[]>>;
  cityChoice: Map<Component, Map<string, Supplied | null>>;
  /** Normalised form of a city or label; NFD and regexes are slow, and the same few cities recur. */
  normalise: (value: string) => string;
}

function push<T>(map: Map<string, Map<string, T[]>>, outer: string, key: string, value: T): void {
  let inner = map.get(outer);
  if (!inner) map.set(outer, (inner = new Map()));
  const list = inner.get(key);
  if (list) list.push(value);
  else inner.set(key, [value]);
}

export function cachedNormaliser(): (value: string) => string {
  const cache = new Map<string, string>();
  return (value) => {
    let normal = cache.get(value);
    if (normal === undefined) {
      normal = normaliseName(value);
      cache.set(value, normal);
    }
    return normal;
  };
}

export function buildPricingIndex(catalogue: Pick<Catalogue, 'suppliers' | 'rates'>): PricingIndex {
  const normalise = cachedNormaliser();
  const associated = new Map<string, Map<string, Supplier[]>>();
  const cityPool = new Map<string, Map<string, Supplier[]>>();
  for (const supplier of catalogue.suppliers) {
    if (!supplier.active || !SERVICE_KINDS.includes(supplier.kind)) continue;
    if (supplier.associatedWith.length > 0) {
      for (const venueId of new Set(supplier.associatedWith)) push(associated, supplier.kind, venueId, supplier);
    } else {
      push(cityPool, supplier.kind, normalise(supplier.city), supplier);
    }
  }
  return { rates: indexRates(catalogue.rates), associated, cityPool, cityChoice: new Map(), normalise };
}
