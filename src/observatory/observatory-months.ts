import { parisDate } from '../platform/clock';
import { parisMidnight } from '../hub/dashboard-period';

/** A calendar month in Europe/Paris: `key` is YYYY-MM; [start, end) are its first and next month's first midnights. */
export interface Month {
  key: string;
  start: Date;
  end: Date;
}

export const DEFAULT_MONTHS = 12;
/** Two years is as far back as members compare seasons; more would only add withheld cells. */
export const MAX_MONTHS = 24;

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(v: unknown): v is string {
  return typeof v === 'string' && MONTH_KEY.test(v);
}

export function addMonths(key: string, n: number): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthOf(key: string): Month {
  return { key, start: parisMidnight(`${key}-01`), end: parisMidnight(`${addMonths(key, 1)}-01`) };
}

/** The Paris month of an instant, YYYY-MM. */
export function currentMonthKey(now: Date): string {
  return parisDate(now).slice(0, 7);
}

/** The months from `from` to `to`, both included, oldest first. */
export function monthRange(from: string, to: string): Month[] {
  const months: Month[] = [];
  for (let key = from; key <= to; key = addMonths(key, 1)) months.push(monthOf(key));
  return months;
}

export interface MonthSelection {
  from: string;
  to: string;
  months: Month[];
  /** Set when the query was not usable and the default months are shown instead. */
  error: string | null;
}

/**
 * `?from=YYYY-MM&to=YYYY-MM`, both included; default the last 12 months to the current one.
 * The months only choose which cells are shown: a cell's figures never depend on the choice.
 */
export function parseMonths(query: { from?: unknown; to?: unknown }, now: Date): MonthSelection {
  const current = currentMonthKey(now);
  const fallback = (error: string | null): MonthSelection => {
    const from = addMonths(current, -(DEFAULT_MONTHS - 1));
    return { from, to: current, months: monthRange(from, current), error };
  };
  const rawFrom = query.from === '' ? undefined : query.from;
  const rawTo = query.to === '' ? undefined : query.to;
  if (rawFrom === undefined && rawTo === undefined) return fallback(null);
  if ((rawFrom !== undefined && !isMonthKey(rawFrom)) || (rawTo !== undefined && !isMonthKey(rawTo))) {
    return fallback('Months are written YYYY-MM; showing the last 12 months.');
  }
  const to = (rawTo as string | undefined) ?? current;
  const from = (rawFrom as string | undefined) ?? addMonths(to, -(DEFAULT_MONTHS - 1));
  if (from > to) return fallback('The first month is after the last; showing the last 12 months.');
  if (addMonths(from, MAX_MONTHS - 1) < to) return fallback(`Choose at most ${MAX_MONTHS} months; showing the last 12 months.`);
  return { from, to, months: monthRange(from, to), error: null };
}
