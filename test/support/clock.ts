import { parisDate, type Clock } from '../../src/platform/clock';

/**
 * The one test clock. Tests never depend on today's date: a test either runs on `testClock()`
 * (the real time shifted by TEST_CLOCK_OFFSET_DAYS, 0 unless set) with every fixture date
 * relative to it, or on a fixed/movable clock with fixture dates relative to that clock.
 *
 * `TEST_CLOCK_OFFSET_DAYS=730 npx jest …` runs the suites two years ahead: `startTestApp`
 * gives the app this clock, and `validBrief()`, `daysFromToday()` and the seeded catalogue
 * count from it (test/integration/clock-offset.test.ts runs a representative subset so).
 * Real OS processes started by a test (spawnEntry) keep the system clock: their briefs are
 * dated from `systemClock` (see `processBriefDates`).
 */
export const DAY_MS = 86_400_000;

export function clockOffsetDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TEST_CLOCK_OFFSET_DAYS;
  if (raw === undefined || raw === '') return 0;
  const days = Number(raw);
  if (!Number.isInteger(days)) throw new Error(`TEST_CLOCK_OFFSET_DAYS must be a whole number of days, got ${JSON.stringify(raw)}`);
  return days;
}

/** The real time, moved by TEST_CLOCK_OFFSET_DAYS: the clock every test app gets unless it fixes one. */
export function testClock(offsetDays: number = clockOffsetDays()): Clock {
  const shift = offsetDays * DAY_MS;
  return { now: () => new Date(Date.now() + shift) };
}

/** A clock that stays where the test puts it. */
export function movableClock(iso: string | number | Date): Clock & { set(at: string | number | Date): Date; advance(ms: number): Date } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (at) => new Date((t = new Date(at).getTime())),
    advance: (ms) => new Date((t += ms)),
  };
}

/** A clock stopped at `iso`. */
export function fixedClock(iso: string | number | Date): Clock {
  const t = new Date(iso).getTime();
  return { now: () => new Date(t) };
}

/** Adds whole days to a YYYY-MM-DD date (calendar arithmetic in UTC, no DST surprises). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The hub's business day (Europe/Paris) on `clock`, YYYY-MM-DD. */
export function todayOn(clock: Clock = testClock()): string {
  return parisDate(clock.now());
}

/** The Paris date `days` after today on `clock` (the test clock by default). */
export function daysFromToday(days: number, clock: Clock = testClock()): string {
  return addDays(todayOn(clock), days);
}

/**
 * The `day`-th (1–28) of the first month in which it falls at least `leadDays` after today on
 * `clock`: fixtures whose dates are read back in words ("17–19 March 2027") stay in one month.
 */
export function dayOfMonthAhead(day: number, leadDays: number, clock: Clock = testClock()): string {
  const earliest = daysFromToday(leadDays, clock);
  const candidate = `${earliest.slice(0, 8)}${String(day).padStart(2, '0')}`;
  if (candidate >= earliest) return candidate;
  const next = new Date(`${earliest.slice(0, 8)}01T00:00:00.000Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return `${next.toISOString().slice(0, 8)}${String(day).padStart(2, '0')}`;
}

const MONTH_YEAR = { en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }), fr: new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }) };

/** "March 2027" (or "mars 2027") for a YYYY-MM-DD date. */
export function monthYear(date: string, locale: 'en' | 'fr' = 'en'): string {
  return MONTH_YEAR[locale].format(new Date(`${date}T00:00:00.000Z`));
}

/** A clock the test moves by hand in steps of `unitMs` from `t0`: `clock.at(36)` is 36 units after t0. */
export function steppedClock(t0: string | number | Date, unitMs: number): Clock & { at(units: number): Date } {
  const start = new Date(t0).getTime();
  const clock = movableClock(start);
  return { now: clock.now, at: (units) => clock.set(start + units * unitMs) };
}
