import { parisDate } from '../platform/clock';
import { isStale } from '../pricing/stale-rates';

const DAY_MS = 86_400_000;
/** The banner turns amber this many days before rates go stale (the reminder window of issue 3). */
export const STALE_SOON_DAYS = 7;

export interface RateFreshness {
  /** Europe/Paris dates, YYYY-MM-DD; null when rates were never confirmed. */
  confirmedOn: string | null;
  staleOn: string | null;
  state: 'fresh' | 'soon' | 'stale';
}

/** Pure: the banner of the venue portal, with the same staleness rule as pricing. */
export function rateFreshness(ratesConfirmedAt: string | null, now: Date, rateStaleDays: number): RateFreshness {
  if (ratesConfirmedAt === null) return { confirmedOn: null, staleOn: null, state: 'stale' };
  const confirmed = Date.parse(ratesConfirmedAt);
  const staleAt = confirmed + rateStaleDays * DAY_MS;
  const state = isStale({ ratesConfirmedAt }, now.toISOString(), rateStaleDays)
    ? 'stale'
    : staleAt - now.getTime() <= STALE_SOON_DAYS * DAY_MS
      ? 'soon'
      : 'fresh';
  return { confirmedOn: parisDate(new Date(confirmed)), staleOn: parisDate(new Date(staleAt)), state };
}
