import { CRITERIA, type Criterion } from '../briefs/brief-schema';
import type { ReviewReason } from '../quotes/quote-types';
import type { EliminationCause, VenueMatch } from './match-venues';

const MAX_NAMED = 5;

/** Venues eliminated per cause; every key present so readers need no undefined checks. */
export function eliminatedBy(matches: readonly VenueMatch[]): Record<EliminationCause, number> {
  const counts = Object.fromEntries(['capacity', ...CRITERIA, 'unpriceable'].map((k) => [k, 0])) as Record<EliminationCause, number>;
  for (const match of matches) {
    // A venue failing several hard criteria counts once for each (SPEC §7).
    for (const cause of new Set(match.failures.map((f) => f.cause))) counts[cause] += 1;
  }
  return counts;
}

/** The single non-negotiable whose relaxing would admit the most venues (ties: CRITERIA order), or null. */
export function relaxSuggestion(matches: readonly VenueMatch[]): { criterion: Criterion; venues: number } | null {
  const gains = new Map<Criterion, number>();
  for (const match of matches) {
    // Only venues priced and held back by exactly one non-negotiable would turn into options.
    if (match.failures.length !== 1 || !match.priced?.ok) continue;
    const cause = match.failures[0]!.cause;
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
 * Why a brief has no option. `unpriceable` when some venue meets every hard criterion but lacks rates
 * (the fix is a rate, not a relaxed brief); otherwise `no_feasible_venue` with counts and a relax hint.
 */
export function noOptionReasons(matches: readonly VenueMatch[], quoteOptions: number): ReviewReason[] {
  const unpriced = matches.filter((m) => m.priced && !m.priced.ok && m.failures.every((f) => f.cause === 'unpriceable'));
  if (unpriced.length > 0) {
    const venues = unpriced.map((m) => ({
      supplier_id: m.venue.supplierId,
      name: m.venue.name,
      missing: m.priced && !m.priced.ok ? m.priced.missing : [],
    }));
    return [
      {
        code: 'unpriceable',
        detail: `No venue could be priced: ${listed(venues.map((v) => `${v.name}: ${v.missing.join(', ')}`))}`,
        data: { venues },
      },
    ];
  }

  const counts = eliminatedBy(matches);
  const relax = relaxSuggestion(matches);
  const causes = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([cause, n]) => `${cause} ${n}`);
  let detail =
    matches.length === 0
      ? 'No active venue in the catalogue.'
      : `No venue meets every requirement (${matches.length} considered; eliminated by ${causes.join(', ')}).`;
  const data: Record<string, unknown> = { eliminated_by: counts };
  if (relax) {
    const options = Math.min(relax.venues, quoteOptions);
    detail += ` Relaxing ${relax.criterion} would give ${options} option${options === 1 ? '' : 's'} (${relax.venues} venue${relax.venues === 1 ? '' : 's'}).`;
    data.relax = { criterion: relax.criterion, options, venues: relax.venues };
  }
  return [{ code: 'no_feasible_venue', detail, data }];
}
