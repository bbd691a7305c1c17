import { CRITERIA, type Criterion } from '../core/brief-schema';
import type { Supplier } from '../core/catalogue-types';
import type { ReviewReason } from '../core/quote-types';
import type { EliminationCause } from './match-venues';

const MAX_NAMED = 5;

/** A venue with everything that rules it out; `priced` says whether its price is known. */
export interface Judged {
  venue: Supplier;
  priced: boolean;
  missing: string[] | null;
  failures: { cause: EliminationCause; detail: string }[];
}

/** Venues eliminated per cause; every key present so readers need no undefined checks. */
export function eliminatedBy(judged: readonly Judged[]): Record<EliminationCause, number> {
  const counts = Object.fromEntries(['capacity', ...CRITERIA, 'unpriceable'].map((k) => [k, 0])) as Record<EliminationCause, number>;
  // A venue failing several hard criteria counts once for each (SPEC §7).
  for (const j of judged) for (const f of j.failures) counts[f.cause] += 1;
  return counts;
}

/** The single non-negotiable whose relaxing would admit the most venues (ties: CRITERIA order), or null. */
export function relaxSuggestion(judged: readonly Judged[]): { criterion: Criterion; venues: number } | null {
  const gains = new Map<Criterion, number>();
  for (const j of judged) {
    // Only priced venues held back by exactly one non-negotiable would turn into options.
    if (!j.priced || j.failures.length !== 1) continue;
    const cause = j.failures[0]!.cause;
    if (cause === 'capacity' || cause === 'unpriceable') continue;
    gains.set(cause, (gains.get(cause) ?? 0) + 1);
  }
  let best: { criterion: Criterion; venues: number } | null = null;
  for (const criterion of CRITERIA) {
    const venues = gains.get(criterion) ?? 0;
    if (venues > 0 && (!best || venues > best.venues)) best = { criterion, venues };
  }
  return best;
}

function listed(items: string[]): string {
  const named = items.slice(0, MAX_NAMED).join('; ');
  return items.length > MAX_NAMED ? `${named}; and ${items.length - MAX_NAMED} more` : named;
}

/**
 * Why a brief has no option, given every venue judged with full pricing. `unpriceable` when some venue
 * meets every hard criterion but lacks rates (the fix is a rate, not a relaxed brief); otherwise
 * `no_feasible_venue` with counts per cause and the best single relaxation.
 */
export function noOptionReasons(judged: readonly Judged[], quoteOptions: number): ReviewReason[] {
  const unpriced = judged.filter((j) => j.missing !== null && j.failures.every((f) => f.cause === 'unpriceable'));
  if (unpriced.length > 0) {
    const venues = unpriced.map((j) => ({ supplier_id: j.venue.supplierId, name: j.venue.name, missing: j.missing! }));
    return [
      {
        code: 'unpriceable',
        detail: `No venue could be priced: ${listed(venues.map((v) => `${v.name}: ${v.missing.join(', ')}`))}`,
        data: { venues },
      },
    ];
  }

  const counts = eliminatedBy(judged);
  const relax = relaxSuggestion(judged);
  const causes = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([cause, n]) => `${cause} ${n}`);
  let detail =
    judged.length === 0
      ? 'No active venue in the catalogue.'
      : `No venue meets every requirement (${judged.length} considered; eliminated by ${causes.join(', ')}).`;
  const data: Record<string, unknown> = { eliminated_by: counts };
  if (relax) {
    const options = Math.min(relax.venues, quoteOptions);
    detail += ` Relaxing ${relax.criterion} would give ${options} option${options === 1 ? '' : 's'} (${relax.venues} venue${relax.venues === 1 ? '' : 's'}).`;
    data.relax = { criterion: relax.criterion, options, venues: relax.venues };
  }
  return [{ code: 'no_feasible_venue', detail, data }];
}
