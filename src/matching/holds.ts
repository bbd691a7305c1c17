import type { Blackout, Catalogue } from '../core/catalogue-types';
import { prepareCatalogue, type PreparedCatalogue } from './prepared-catalogue';

/** An active hold of SPEC §9.3, as matching sees it. */
export interface HeldSpace {
  briefId: number;
  supplierId: string;
  spaceId: string;
  startDate: string;
  endDate: string;
}

/** The reason a hold shows under in the `dates` criterion ("blocked … (on hold)"). */
export const ON_HOLD = 'on hold';

/**
 * SPEC §5 `dates` and §9.3–9.4 for one brief: every other brief's held space counts as a blackout
 * ("on hold"), the brief's own holds never do, and the venues that declined this brief are left
 * out. Answers the prepared catalogue itself when nothing applies (the common case keeps the
 * worker's cached preparation); otherwise a catalogue prepared for this brief.
 */
export function catalogueForBrief(prepared: PreparedCatalogue, briefId: number, holds: readonly HeldSpace[], excludedVenues: readonly string[]): PreparedCatalogue {
  const others = holds.filter((h) => h.briefId !== briefId);
  if (others.length === 0 && excludedVenues.length === 0) return prepared;
  const excluded = new Set(excludedVenues);
  const held: Blackout[] = others.map((h) => ({ supplierId: h.supplierId, spaceId: h.spaceId, from: h.startDate, to: h.endDate, reason: ON_HOLD }));
  const catalogue: Catalogue = {
    ...prepared.catalogue,
    suppliers: excluded.size === 0 ? prepared.catalogue.suppliers : prepared.catalogue.suppliers.filter((s) => !excluded.has(s.supplierId)),
    blackouts: held.length === 0 ? prepared.catalogue.blackouts : [...prepared.catalogue.blackouts, ...held],
  };
  return prepareCatalogue(catalogue);
}
