import type { Catalogue, Rate, Supplier } from '../core/catalogue-types';
import { normaliseName } from '../core/names';
import { indexRates, type RateIndex } from './rate-lookup';
import { rateColumns, type RateColumns } from './rate-columns';
import { SERVICE_ITEMS, type Component, type ServiceKind } from './requested-lines';
import type { Supplied } from './choose-supplier';

const SERVICE_KINDS: readonly string[] = ['caterer', 'hotel', 'av'] satisfies ServiceKind[];

/** A city's unattached suppliers of one kind, with their bedrooms and rates in flat arrays for the cheapest-supplier scan. */
export interface CityPool {
  readonly suppliers: readonly Supplier[];
  /** Bedrooms of suppliers[i] (null counts as 0). */
  readonly bedrooms: Float64Array;
  readonly rates: RateColumns;
}

/**
 * Everything pricing looks up, indexed once per catalogue (see prepareCatalogue) so 10,000 venues cost
 * O(venues + rates). `cityChoice` memoises the same-city fallback: for one brief it depends only on
 * (component, city), so components must be built once per brief (see `briefComponents`) for the memo to hit.
 */
export interface PricingIndex {
  rates: RateIndex;
  /** kind → venueId → active suppliers of that kind listing the venue in associated_with. */
  associated: Map<string, Map<string, Supplier[]>>;
  /** kind → normalised city → active suppliers of that kind with empty associated_with. */
  cityPool: Map<string, Map<string, CityPool>>;
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

const NO_RATES: Rate[] = [];

export function buildPricingIndex(catalogue: Pick<Catalogue, 'suppliers' | 'rates'>): PricingIndex {
  const normalise = cachedNormaliser();
  const rates = indexRates(catalogue.rates);
  const associated = new Map<string, Map<string, Supplier[]>>();
  const local = new Map<string, Map<string, Supplier[]>>();
  for (const supplier of catalogue.suppliers) {
    if (!supplier.active || !SERVICE_KINDS.includes(supplier.kind)) continue;
    if (supplier.associatedWith.length > 0) {
      for (const venueId of new Set(supplier.associatedWith)) push(associated, supplier.kind, venueId, supplier);
    } else {
      push(local, supplier.kind, normalise(supplier.city), supplier);
    }
  }
  const cityPool = new Map<string, Map<string, CityPool>>();
  for (const [kind, byCity] of local) {
    const pools = new Map<string, CityPool>();
    for (const [city, suppliers] of byCity) {
      pools.set(city, {
        suppliers,
        bedrooms: Float64Array.from(suppliers, (s) => s.bedrooms ?? 0),
        // Only the items this kind is asked for: a hotel venue's space hires would only lengthen the scan.
        rates: rateColumns(suppliers.map((s) => rates.get(s.supplierId) ?? NO_RATES), SERVICE_ITEMS[kind as ServiceKind]),
      });
    }
    cityPool.set(kind, pools);
  }
  return { rates, associated, cityPool, cityChoice: new Map(), normalise };
}
