import { parisDate } from '../platform/clock';
import type { Period } from './read-models/kpi-read-model';

const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_DAYS = 30;
/** Longer periods are refused: a year and a bit covers every comparison hub staff asked for. */
export const MAX_PERIOD_DAYS = 400;

export interface DashboardPeriod extends Period {
  /** Europe/Paris dates as chosen, both inclusive, YYYY-MM-DD. */
  fromDate: string;
  toDate: string;
  days: number;
  /** Monday 00:00 Europe/Paris on or before `from`: the weekly chart's first week. */
  weekAnchor: Date;
  /** Set when the query was not usable and the default period is shown instead. */
  error: string | null;
}

/** Minutes Europe/Paris is ahead of UTC at `at` (60 in winter, 120 in summer). */
function parisOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant of 00:00 Europe/Paris on `date` (YYYY-MM-DD). */
export function parisMidnight(date: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const guess = new Date(utcMidnight - parisOffsetMinutes(new Date(utcMidnight)) * 60_000);
  // Across a DST change the offset at the guess may differ from the one at UTC midnight.
  return new Date(utcMidnight - parisOffsetMinutes(guess) * 60_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isDate(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
}

function build(fromDate: string, toDate: string, error: string | null): DashboardPeriod {
  const days = Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / DAY_MS) + 1;
  const weekday = new Date(`${fromDate}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const monday = addDays(fromDate, -((weekday + 6) % 7));
  return { from: parisMidnight(fromDate), to: parisMidnight(addDays(toDate, 1)), fromDate, toDate, days, weekAnchor: parisMidnight(monday), error };
}

/**
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD`, Europe/Paris days, both inclusive. Either may be left out
 * (to defaults to today, from to 29 days before to). A bad query shows the default period
 * with a message rather than an error page.
 */
export function parsePeriod(query: { from?: unknown; to?: unknown }, now: Date): DashboardPeriod {
  const today = parisDate(now);
  const fallback = (error: string | null) => build(addDays(today, -(DEFAULT_PERIOD_DAYS - 1)), today, error);
  const rawFrom = query.from === '' ? undefined : query.from;
  const rawTo = query.to === '' ? undefined : query.to;
  if (rawFrom === undefined && rawTo === undefined) return fallback(null);
  if (rawFrom !== undefined && !isDate(rawFrom)) return fallback('The start date must be a date (YYYY-MM-DD); showing the last 30 days.');
  if (rawTo !== undefined && !isDate(rawTo)) return fallback('The end date must be a date (YYYY-MM-DD); showing the last 30 days.');
  const toDate = (rawTo as string | undefined) ?? today;
  const fromDate = (rawFrom as string | undefined) ?? addDays(toDate, -(DEFAULT_PERIOD_DAYS - 1));
  if (fromDate > toDate) return fallback('The start date is after the end date; showing the last 30 days.');
  const period = build(fromDate, toDate, null);
  if (period.days > MAX_PERIOD_DAYS) return fallback(`Choose at most ${MAX_PERIOD_DAYS} days; showing the last 30 days.`);
  return period;
}
