import type { Layout, Space } from '../core/catalogue-types';

/**
 * SPEC §5: the venue's smallest space seating everyone in the brief's layout. "Smallest" is measured in
 * that layout; ties go to the lowest space_id (plain code-unit order, so the choice never depends on locale).
 */
export function plenarySpace(spaces: readonly Space[], layout: Layout, attendees: number): Space | null {
  let best: Space | null = null;
  let bestCapacity = Infinity;
  for (const space of spaces) {
    const capacity = space.capacities[layout];
    if (capacity === null || capacity === undefined || capacity < attendees) continue;
    if (capacity < bestCapacity || (capacity === bestCapacity && best !== null && space.spaceId < best.spaceId)) {
      best = space;
      bestCapacity = capacity;
    }
  }
  return best;
}

/** Largest capacity in the layout, for the "too small" explanation; 0 when the layout is never offered. */
export function largestCapacity(spaces: readonly Space[], layout: Layout): number {
  let max = 0;
  for (const space of spaces) max = Math.max(max, space.capacities[layout] ?? 0);
  return max;
}
