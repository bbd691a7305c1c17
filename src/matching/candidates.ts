import { CRITERIA } from '../core/brief-schema';
import { effectiveRate, itemCode, type RateColumns } from '../pricing/rate-columns';
import { ACCESSIBLE_BIT, BUDGET_BIT, bitCount, DATES_BIT, DESTINATIONS_BIT, ONSITE_BIT, QUALITY_LABEL_BIT, VENUE_TYPES_BIT } from './criteria-context';
import type { Matching } from './match-venues';
import { ACCESSIBLE_FLAG, BLACKOUTS_FLAG, MORE_LABELS_FLAG, WHOLE_VENUE, type VenueTable } from './venue-table';

const NON_BUDGET = ~BUDGET_BIT;

/** freeOnDates from the table: no blackout of the whole venue or of the plenary space overlaps the event. */
function freeOf(table: VenueTable, row: number, space: number, start: number, end: number): boolean {
  for (let b = table.blackoutStart[row]!, last = table.blackoutStart[row + 1]!; b < last; b++) {
    const on = table.blackoutSpace[b]!;
    if ((on === WHOLE_VENUE || on === space) && table.blackoutFrom[b]! <= end && table.blackoutTo[b]! >= start) return false;
  }
  return true;
}

function hasRates(columns: RateColumns, row: number, items: readonly number[], day: number): boolean {
  for (const item of items) if (effectiveRate(columns, row, item, day) < 0) return false;
  return true;
}

/** Each candidate as three numbers: its position, its plenary space's entry in the table, its criteria bits. */
export const CANDIDATE_STRIDE = 3;

/**
 * The venues that can become options — a plenary space (SPEC §5) and every non-negotiable but budget
 * met — grouped by the most soft criteria each can meet once priced: `bounds[n]` holds those that can
 * meet n, CANDIDATE_STRIDE numbers each. The same verdicts as `plenarySpace` and `criteriaMet`, read
 * from the venue table row by row; with destinations non-negotiable only the destinations' rows are
 * read. Supplier objects are touched only for venues holding labels beyond the table's 31.
 */
export function candidatesBySoftBound(m: Matching): number[][] {
  const { ctx } = m;
  const { venues, table } = m.prepared;
  const { position, kind, flags, bedrooms, labels, spaceStart } = table;
  const capacity = table.capacity[ctx.layout];
  const attendees = ctx.quantities.attendees;
  const anyKind = ctx.venueTypes.size === 0;
  const kindWanted = table.kinds.map((k) => ctx.venueTypes.has(k));
  const labelKey = ctx.qualityLabelKey;
  const labelBit = labelKey === null ? 0 : (table.labelBit.get(labelKey) ?? 0);
  const { spaceKey } = table;
  const eventStart = table.blackoutDates.rank(ctx.startDate);
  const eventEnd = table.blackoutDates.rank(ctx.endDate);
  // canOffer of the venue itself, from the table: enough bedrooms, and a rate of each room item on the first day.
  const roomItems = ctx.rooms ? ctx.rooms.needs.map((need) => itemCode(need.item)) : null;
  const roomsNeeded = ctx.rooms?.bedrooms ?? 0;
  const roomDay = table.roomRates.dates.rank(ctx.startDate);
  const accessibleNeeded = ctx.accessible;
  const budgetSoft = (ctx.softMask & BUDGET_BIT) !== 0 ? 1 : 0;
  const softBeforePricing = ctx.softMask & NON_BUDGET;
  const hardBeforePricing = ctx.hardMask & NON_BUDGET;
  const destinationsOnly = (ctx.hardMask & DESTINATIONS_BIT) !== 0 && ctx.destinations.size > 0;

  const bounds: number[][] = Array.from({ length: CRITERIA.length + 1 }, () => []);
  for (const [city, rows] of table.cities) {
    const inDestinations = ctx.destinations.size === 0 || ctx.destinations.has(city);
    if (destinationsOnly && !inDestinations) continue;
    const cityMet = inDestinations ? DESTINATIONS_BIT : 0;
    for (let row = rows.start; row < rows.end; row++) {
      // SPEC §5 plenary space: the smallest that seats everyone; entries are in space_id order, so the
      // first of equal capacities is the lowest space_id.
      let plenary = -1;
      let smallest = Infinity;
      for (let s = spaceStart[row]!, end = spaceStart[row + 1]!; s < end; s++) {
        const seats = capacity[s]!;
        if (seats < attendees) continue;
        if (seats < smallest) {
          plenary = s;
          smallest = seats;
        }
      }
      if (plenary < 0) continue;
      const rowFlags = flags[row]!;
      let met = cityMet;
      if (anyKind || kindWanted[kind[row]!]) met |= VENUE_TYPES_BIT;
      if ((rowFlags & ACCESSIBLE_FLAG) !== 0 || !accessibleNeeded) met |= ACCESSIBLE_BIT;
      if (labelKey === null || (labels[row]! & labelBit) !== 0 || ((rowFlags & MORE_LABELS_FLAG) !== 0 && venues[position[row]!]!.labels.includes(labelKey))) {
        met |= QUALITY_LABEL_BIT;
      }
      if ((rowFlags & BLACKOUTS_FLAG) === 0 || freeOf(table, row, spaceKey[plenary]!, eventStart, eventEnd)) met |= DATES_BIT;
      if (roomItems === null || (!(roomsNeeded > 0 && bedrooms[row]! < roomsNeeded) && hasRates(table.roomRates, row, roomItems, roomDay))) met |= ONSITE_BIT;
      if ((hardBeforePricing & ~met) !== 0) continue;
      bounds[bitCount(met & softBeforePricing) + budgetSoft]!.push(position[row]!, plenary, met);
    }
  }
  return bounds;
}
