import { RATE_ITEMS, type Rate, type RateItem } from '../core/catalogue-types';
import { dateRanks, OPEN_END, type DateRanks } from './date-ranks';

/**
 * The rates of a list of suppliers (a city's service firms, a region's venues) in flat typed arrays:
 * supplier i's rates are entries start[i] to start[i + 1] exclusive, in their original order. Scanning a
 * city's firms then reads contiguous memory instead of a map lookup and scattered objects per firm.
 */
export interface RateColumns {
  readonly start: Int32Array;
  /** Index into RATE_ITEMS. */
  readonly item: Uint8Array;
  /** Date ranks (see date-ranks.ts); OPEN_END for an open-ended valid_to. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly price: Float64Array;
  /** Ranks of the dates held here: rank a brief's date with it before comparing. */
  readonly dates: DateRanks;
}

export const itemCode = (item: RateItem): number => RATE_ITEMS.indexOf(item);

/** `items.includes(item)`, written out: called for every rate of a region, where the builtin cost more. */
function listed(items: readonly string[], item: string): boolean {
  for (let i = 0; i < items.length; i++) if (items[i] === item) return true;
  return false;
}

/** Columns for `lists[i]` = the rates of supplier i, keeping the items `keep` lists (all when omitted). */
export function rateColumns(lists: readonly (readonly Rate[])[], keep?: readonly RateItem[]): RateColumns {
  const start = new Int32Array(lists.length + 1);
  const kept: Rate[] = [];
  const distinct = new Set<string>();
  for (let i = 0; i < lists.length; i++) {
    start[i] = kept.length;
    for (const rate of lists[i]!) {
      if (keep && !listed(keep, rate.item)) continue;
      kept.push(rate);
      distinct.add(rate.validFrom);
      if (rate.validTo !== null) distinct.add(rate.validTo);
    }
  }
  start[lists.length] = kept.length;
  const dates = dateRanks(distinct);
  const columns = {
    start,
    item: new Uint8Array(kept.length),
    from: new Int32Array(kept.length),
    to: new Int32Array(kept.length),
    price: new Float64Array(kept.length),
    dates,
  };
  kept.forEach((rate, at) => {
    columns.item[at] = itemCode(rate.item);
    columns.from[at] = dates.rank(rate.validFrom);
    columns.to[at] = rate.validTo === null ? OPEN_END : dates.rank(rate.validTo);
    columns.price[at] = rate.priceCents;
  });
  return columns;
}

/**
 * The entry `findRate` picks for supplier i, an item other than space hire (those ignore space_id) and
 * a date rank: valid on that date, latest valid_from, the first listed among equals. -1 when none.
 */
export function effectiveRate(columns: RateColumns, i: number, item: number, day: number): number {
  const { start, from, to } = columns;
  let best = -1;
  for (let r = start[i]!, end = start[i + 1]!; r < end; r++) {
    if (columns.item[r] !== item || from[r]! > day || day > to[r]!) continue;
    if (best < 0 || from[r]! > from[best]!) best = r;
  }
  return best;
}
