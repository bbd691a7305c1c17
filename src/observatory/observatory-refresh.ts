import type { Knex } from 'knex';
import { buildMonth } from './observatory-grid';
import { type StoredMonth } from './observatory-month-store';
import { ObservatoryReadModel } from './observatory-read-model';
import type { Month } from './observatory-months';
import { storesFor } from '../stores';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A month that may still change (briefs sent, interest recorded) is recomputed after this long. */
export const RECENT_MONTH_TTL_MS = 10 * MINUTE_MS;
/** Months that ended this long ago barely change (quotes hold QUOTE_VALID_DAYS): recomputed daily. */
export const SETTLED_AFTER_MS = 92 * DAY_MS;
export const SETTLED_MONTH_TTL_MS = DAY_MS;

/** Pure: whether a stored month is too old to show as it is. */
export function isStale(month: Month, computedAt: string | null, now: Date): boolean {
  if (computedAt === null) return true;
  const computed = Date.parse(computedAt);
  // Computed before the month ended: briefs may have arrived since.
  if (computed < month.end.getTime() && now.getTime() >= month.end.getTime()) return true;
  const ttl = now.getTime() - month.end.getTime() > SETTLED_AFTER_MS ? SETTLED_MONTH_TTL_MS : RECENT_MONTH_TTL_MS;
  return now.getTime() - computed >= ttl;
}

/** Recomputes one month from the briefs and stores it. */
export async function refreshMonth(db: Knex, month: Month, now: Date): Promise<StoredMonth> {
  const reads = new ObservatoryReadModel(db);
  const stored: StoredMonth = {
    key: month.key,
    computedAt: now.toISOString(),
    cells: buildMonth(await reads.facts(month), await reads.knownPlaces()),
    leads: await reads.leadsBySupplier(month),
  };
  await storesFor(db).observatoryMonths.save(stored);
  return stored;
}

/**
 * The stored months, recomputing those missing or stale first. The scheduled refresh keeps
 * them fresh, so a page view usually only reads; a month nobody asked for yet is computed once.
 */
export async function freshMonths(db: Knex, months: readonly Month[], now: Date): Promise<StoredMonth[]> {
  const stored = await storesFor(db).observatoryMonths.find(months.map((m) => m.key));
  const result: StoredMonth[] = [];
  for (const month of months) {
    if (month.start.getTime() > now.getTime()) {
      result.push({ key: month.key, computedAt: now.toISOString(), cells: [], leads: {} });
      continue;
    }
    const hit = stored.get(month.key);
    result.push(hit && !isStale(month, hit.computedAt, now) ? hit : await refreshMonth(db, month, now));
  }
  return result;
}

/** The scheduled pass: every stale month of the last MAX_MONTHS recomputed, so page views only read. */
export async function refreshObservatory(db: Knex, months: readonly Month[], now: Date): Promise<{ refreshed: number }> {
  const stored = await storesFor(db).observatoryMonths.find(months.map((m) => m.key));
  let refreshed = 0;
  for (const month of months) {
    if (month.start.getTime() > now.getTime()) continue;
    if (!isStale(month, stored.get(month.key)?.computedAt ?? null, now)) continue;
    await refreshMonth(db, month, now);
    refreshed += 1;
  }
  return { refreshed };
}
