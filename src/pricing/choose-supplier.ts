import type { Rate, Supplier } from '../core/catalogue-types';
import { findRateIn } from './rate-lookup';
import type { CityPool, PricingIndex } from './pricing-index';
import { effectiveRate, itemCode } from './rate-columns';
import type { Component } from './requested-lines';

/** A supplier able to supply a whole component, with the rate of each need (same order as `needs`). */
export interface Supplied {
  supplier: Supplier;
  rates: Rate[];
  netCents: number;
}

const NO_RATES: Rate[] = [];

/**
 * The supplier's offer for the component on `date`, or null when it lacks a rate or the bedrooms.
 * `own` is the supplier's list of the rate index, when the caller holds it (a prepared venue does).
 */
export function offer(
  index: PricingIndex,
  supplier: Supplier,
  component: Component,
  date: string,
  own: readonly Rate[] = index.rates.get(supplier.supplierId) ?? NO_RATES,
): Supplied | null {
  if (component.bedrooms > 0 && (supplier.bedrooms ?? 0) < component.bedrooms) return null;
  const rates: Rate[] = [];
  let netCents = 0;
  for (const need of component.needs) {
    const rate = findRateIn(own, need.item, date);
    if (!rate) return null;
    rates.push(rate);
    netCents += need.quantity * rate.priceCents;
  }
  return { supplier, rates, netCents };
}

/** Whether `offer` would succeed, without building the offer. */
export function canOffer(
  index: PricingIndex,
  supplier: Supplier,
  component: Component,
  date: string,
  own: readonly Rate[] = index.rates.get(supplier.supplierId) ?? NO_RATES,
): boolean {
  if (component.bedrooms > 0 && (supplier.bedrooms ?? 0) < component.bedrooms) return false;
  for (const need of component.needs) if (!findRateIn(own, need.item, date)) return false;
  return true;
}

/** Cheapest net of the component; ties: lowest supplier_id (plain code-unit order, locale-independent). */
function cheapest(index: PricingIndex, pool: readonly Supplier[] | undefined, component: Component, date: string): Supplied | null {
  let best: Supplied | null = null;
  for (const supplier of pool ?? []) {
    const candidate = offer(index, supplier, component, date);
    if (!candidate) continue;
    if (
      !best ||
      candidate.netCents < best.netCents ||
      (candidate.netCents === best.netCents && candidate.supplier.supplierId < best.supplier.supplierId)
    ) {
      best = candidate;
    }
  }
  return best;
}

/**
 * `cheapest` over a city's pool, reading its flat rate columns: the same verdict (lowest net, ties to the
 * lowest supplier_id; nets summed in the same order), then the one offer written out.
 */
function cheapestInPool(index: PricingIndex, pool: CityPool, component: Component, date: string): Supplied | null {
  const day = pool.rates.dates.rank(date);
  const items = component.needs.map((need) => itemCode(need.item));
  let best = -1;
  let bestNet = 0;
  for (let i = 0; i < pool.suppliers.length; i++) {
    if (component.bedrooms > 0 && pool.bedrooms[i]! < component.bedrooms) continue;
    let net = 0;
    let n = 0;
    for (; n < items.length; n++) {
      const r = effectiveRate(pool.rates, i, items[n]!, day);
      if (r < 0) break;
      net += component.needs[n]!.quantity * pool.rates.price[r]!;
    }
    if (n < items.length) continue;
    if (best < 0 || net < bestNet || (net === bestNet && pool.suppliers[i]!.supplierId < pool.suppliers[best]!.supplierId)) {
      best = i;
      bestNet = net;
    }
  }
  return best < 0 ? null : offer(index, pool.suppliers[best]!, component, date);
}

/**
 * SPEC §6 order: the venue itself, else the cheapest approved partner of the venue (any city), else the
 * cheapest unattached supplier of the venue's city. Null when nobody can supply: the venue is unpriceable.
 */
export function chooseSupplier(
  index: PricingIndex,
  venue: Supplier,
  component: Component,
  date: string,
  venueRates: readonly Rate[] = index.rates.get(venue.supplierId) ?? NO_RATES,
): Supplied | null {
  const own = offer(index, venue, component, date, venueRates);
  if (own) return own;
  const partner = cheapest(index, index.associated.get(component.kind)?.get(venue.supplierId), component, date);
  if (partner) return partner;
  const city = index.normalise(venue.city);
  let byCity = index.cityChoice.get(component);
  if (!byCity) index.cityChoice.set(component, (byCity = new Map()));
  if (byCity.has(city)) return byCity.get(city) ?? null;
  const pool = index.cityPool.get(component.kind)?.get(city);
  const local = pool ? cheapestInPool(index, pool, component, date) : null;
  byCity.set(city, local);
  return local;
}
