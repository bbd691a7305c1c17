import type { Layout, Space } from '../core/catalogue-types';

export interface BreakoutNeed {
  rooms: number;
  attendees: number;
  layout: Layout;
}

/**
 * SPEC §5 breakouts: `rooms` spaces other than the plenary S, each seating `attendees` in `layout`,
 * the smallest such (measured in that layout), ties to the lowest space_id (code-unit order). Null when
 * the venue has fewer than `rooms` of them: it is out, always hard, like capacity.
 */
export function breakoutSpaces(spaces: readonly Space[], plenary: Space, need: BreakoutNeed): Space[] | null {
  const fitting: { space: Space; seats: number }[] = [];
  for (const space of spaces) {
    if (space.spaceId === plenary.spaceId) continue;
    const seats = space.capacities[need.layout];
    if (seats === null || seats === undefined || seats < need.attendees) continue;
    fitting.push({ space, seats });
  }
  if (fitting.length < need.rooms) return null;
  fitting.sort((a, b) => a.seats - b.seats || (a.space.spaceId < b.space.spaceId ? -1 : a.space.spaceId > b.space.spaceId ? 1 : 0));
  return fitting.slice(0, need.rooms).map((f) => f.space);
}

/** How many spaces besides the plenary could serve as breakouts, for the "too few" explanation. */
export function breakoutCandidates(spaces: readonly Space[], plenary: Space, need: BreakoutNeed): number {
  let n = 0;
  for (const space of spaces) {
    const seats = space.capacities[need.layout];
    if (space.spaceId !== plenary.spaceId && seats !== null && seats !== undefined && seats >= need.attendees) n++;
  }
  return n;
}
