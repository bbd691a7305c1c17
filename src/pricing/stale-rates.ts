import type { Supplier } from '../core/catalogue-types';
import type { QuoteOption } from '../core/quote-types';

const DAY_MS = 86_400_000;

/** SPEC §6: rates never confirmed, or confirmed more than `rateStaleDays` days before `now`, are stale. */
export function isStale(supplier: Pick<Supplier, 'ratesConfirmedAt'>, now: string, rateStaleDays: number): boolean {
  if (supplier.ratesConfirmedAt === null) return true;
  const confirmed = Date.parse(supplier.ratesConfirmedAt);
  if (Number.isNaN(confirmed)) return true;
  return Date.parse(now) - confirmed > rateStaleDays * DAY_MS;
}

/** For the worker's `stale_rates` review reason. */
export function hasStaleRates(options: readonly Pick<QuoteOption, 'stale_rates'>[]): boolean {
  return options.some((o) => o.stale_rates);
}
