/**
 * Dates as small integers that compare exactly as their strings do (plain code-unit order, as every
 * date comparison of the pure core), so flat typed arrays can hold them. Catalogue dates rank odd;
 * any other date ranks even, between its neighbours. No parsing: a malformed date compares as before.
 */
export interface DateRanks {
  rank(date: string): number;
}

/** Stands for an open-ended valid_to: after every date. */
export const OPEN_END = 0x7fffffff;

/** Ranks for the distinct dates of a catalogue (or of part of it). */
export function dateRanks(dates: ReadonlySet<string>): DateRanks {
  const sorted = [...dates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const known = new Map(sorted.map((date, i) => [date, 2 * i + 1]));
  return {
    rank(date) {
      const exact = known.get(date);
      if (exact !== undefined) return exact;
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (sorted[mid]! < date) low = mid + 1;
        else high = mid;
      }
      return 2 * low;
    },
  };
}
