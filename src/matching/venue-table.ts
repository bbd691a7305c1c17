import { LAYOUTS, type Layout, type Rate, type Space } from '../core/catalogue-types';
import { dateRanks, type DateRanks } from '../pricing/date-ranks';
import { rateColumns, type RateColumns } from '../pricing/rate-columns';
import { SERVICE_ITEMS } from '../pricing/requested-lines';
import type { PreparedVenue } from './prepared-catalogue';

export const ACCESSIBLE_FLAG = 1;
export const BLACKOUTS_FLAG = 2;
/** The venue holds a label beyond the first 31 interned: check its label list itself. */
export const MORE_LABELS_FLAG = 4;

const LABEL_BITS = 31;

/**
 * The facts of every active venue that matching reads before pricing, in flat typed arrays with one row
 * per venue, rows grouped by city. A brief scans rows in order, so it reads memory sequentially instead
 * of chasing a supplier, its spaces and their capacities for every venue: at 50,000 venues those objects
 * lie far beyond the CPU caches, and the scan's cache misses grew faster than the catalogue.
 * What it buys (`npm run bench`, matching section, BENCHMARKS.md): at 10,000 venues a brief's median
 * went from 6.46 ms to 0.15 ms and growth per size step from 3.17 to under 1 (linear). The goal is
 * 25 ms at 10,000 venues, but the growth goal (near linear to 50,000) is what the object scan missed.
 */
export interface VenueTable {
  /** Each row's position in the prepared catalogue's `venues`. */
  readonly position: Int32Array;
  /** Normalised city → its rows, `start` to `end` exclusive (catalogue order within a city). */
  readonly cities: ReadonlyMap<string, { readonly start: number; readonly end: number }>;
  /** Index into `kinds`. */
  readonly kind: Uint8Array;
  readonly kinds: readonly string[];
  readonly flags: Uint8Array;
  /** Bedrooms on site (null counts as 0, as pricing counts it). */
  readonly bedrooms: Float64Array;
  /** One bit per normalised label of `labelBit`. */
  readonly labels: Int32Array;
  readonly labelBit: ReadonlyMap<string, number>;
  /** Row r's spaces are entries spaceStart[r] to spaceStart[r + 1] exclusive, in space_id order. */
  readonly spaceStart: Int32Array;
  readonly spaces: readonly Space[];
  /** Capacity of each space entry per layout; -Infinity when the layout is not offered. */
  readonly capacity: Readonly<Record<Layout, Float64Array>>;
  /** Per space entry: the first entry of its venue with the same space_id, so equal ids compare equal. */
  readonly spaceKey: Int32Array;
  /** Row r's blackouts are entries blackoutStart[r] to blackoutStart[r + 1] exclusive. */
  readonly blackoutStart: Int32Array;
  /** The blackout's space as a `spaceKey`; WHOLE_VENUE, or NO_SUCH_SPACE when the venue has no such space. */
  readonly blackoutSpace: Int32Array;
  /** Blackout dates ranked by `blackoutDates`. */
  readonly blackoutFrom: Int32Array;
  readonly blackoutTo: Int32Array;
  readonly blackoutDates: DateRanks;
  /** Each row's own room rates, for the onsite_accommodation criterion. */
  readonly roomRates: RateColumns;
}

export const WHOLE_VENUE = -1;
export const NO_SUCH_SPACE = -2;

const NONE: never[] = [];

const bySpaceId = (a: Space, b: Space): number => (a.spaceId < b.spaceId ? -1 : a.spaceId > b.spaceId ? 1 : 0);

function inSpaceIdOrder(spaces: readonly Space[]): readonly Space[] {
  for (let i = 1; i < spaces.length; i++) if (bySpaceId(spaces[i - 1]!, spaces[i]!) > 0) return [...spaces].sort(bySpaceId);
  return spaces;
}

export function buildVenueTable(venues: readonly PreparedVenue[]): VenueTable {
  const rows = venues.length;
  // Rows grouped by city (cities in order of first appearance), catalogue order within a city. The
  // venues are read in catalogue order, which is how they lie in memory, and written to their row.
  const cityCount = new Map<string, number>();
  for (const venue of venues) cityCount.set(venue.city, (cityCount.get(venue.city) ?? 0) + 1);
  const cities = new Map<string, { start: number; end: number }>();
  const next = new Map<string, number>();
  let start = 0;
  for (const [city, count] of cityCount) {
    cities.set(city, { start, end: start + count });
    next.set(city, start);
    start += count;
  }
  const rowOf = new Int32Array(rows);
  const spaceStart = new Int32Array(rows + 1);
  const blackoutStart = new Int32Array(rows + 1);
  venues.forEach((venue, position) => {
    const row = next.get(venue.city)!;
    next.set(venue.city, row + 1);
    rowOf[position] = row;
    spaceStart[row + 1] = venue.spaces.length;
    blackoutStart[row + 1] = venue.blackouts.length;
  });
  for (let row = 0; row < rows; row++) {
    spaceStart[row + 1] += spaceStart[row]!;
    blackoutStart[row + 1] += blackoutStart[row]!;
  }
  const spaceCount = spaceStart[rows]!;
  const blackoutCount = blackoutStart[rows]!;
  const distinct = new Set<string>();
  for (const venue of venues) for (const b of venue.blackouts) distinct.add(b.from).add(b.to);
  const blackoutDates = dateRanks(distinct);

  const position = new Int32Array(rows);
  const kind = new Uint8Array(rows);
  const kinds: string[] = [];
  const flags = new Uint8Array(rows);
  const bedrooms = new Float64Array(rows);
  const labels = new Int32Array(rows);
  const labelBit = new Map<string, number>();
  const spaces: Space[] = new Array<Space>(spaceCount);
  const capacity = Object.fromEntries(LAYOUTS.map((layout) => [layout, new Float64Array(spaceCount)])) as Record<Layout, Float64Array>;
  const spaceKey = new Int32Array(spaceCount);
  const blackoutSpace = new Int32Array(blackoutCount);
  const blackoutFrom = new Int32Array(blackoutCount);
  const blackoutTo = new Int32Array(blackoutCount);
  const roomRates: (readonly Rate[])[] = new Array<readonly Rate[]>(rows);

  venues.forEach((prepared, at) => {
    const row = rowOf[at]!;
    const { venue } = prepared;
    position[row] = at;
    let k = kinds.indexOf(venue.kind);
    if (k < 0) k = kinds.push(venue.kind) - 1;
    kind[row] = k;
    let rowFlags = (venue.accessible ? ACCESSIBLE_FLAG : 0) | (prepared.blackouts.length > 0 ? BLACKOUTS_FLAG : 0);
    let bits = 0;
    for (const label of prepared.labels) {
      let bit = labelBit.get(label);
      if (bit === undefined && labelBit.size < LABEL_BITS) labelBit.set(label, (bit = 1 << labelBit.size));
      if (bit === undefined) rowFlags |= MORE_LABELS_FLAG;
      else bits |= bit;
    }
    flags[row] = rowFlags;
    labels[row] = bits;
    bedrooms[row] = venue.bedrooms ?? 0;

    const first = spaceStart[row]!;
    let entry = first;
    // Stable sort: among equal space_ids the first listed stays first, as plenarySpace keeps it.
    for (const space of inSpaceIdOrder(prepared.spaces)) {
      // Named reads: a loop over LAYOUTS made this a megamorphic keyed load, 900,000 of them at 50,000 venues.
      const seats = space.capacities;
      capacity.theatre[entry] = seats.theatre ?? -Infinity;
      capacity.classroom[entry] = seats.classroom ?? -Infinity;
      capacity.banquet[entry] = seats.banquet ?? -Infinity;
      capacity.cabaret[entry] = seats.cabaret ?? -Infinity;
      capacity.reception[entry] = seats.reception ?? -Infinity;
      capacity.boardroom[entry] = seats.boardroom ?? -Infinity;
      spaceKey[entry] = entry > first && spaces[entry - 1]!.spaceId === space.spaceId ? spaceKey[entry - 1]! : entry;
      spaces[entry++] = space;
    }
    let b = blackoutStart[row]!;
    for (const blackout of prepared.blackouts) {
      let on = blackout.spaceId === null ? WHOLE_VENUE : NO_SUCH_SPACE;
      for (let s = first; s < entry && on === NO_SUCH_SPACE; s++) if (spaces[s]!.spaceId === blackout.spaceId) on = spaceKey[s]!;
      blackoutSpace[b] = on;
      blackoutFrom[b] = blackoutDates.rank(blackout.from);
      blackoutTo[b] = blackoutDates.rank(blackout.to);
      b++;
    }
    // A venue without bedrooms never supplies the rooms (canOffer): its rates need not be read.
    roomRates[row] = bedrooms[row]! <= 0 ? NONE : prepared.rates;
  });

  return {
    position, cities, kind, kinds, flags, bedrooms, labels, labelBit, spaceStart, spaces, capacity, spaceKey,
    blackoutStart, blackoutSpace, blackoutFrom, blackoutTo, blackoutDates, roomRates: rateColumns(roomRates, SERVICE_ITEMS.hotel),
  };
}
