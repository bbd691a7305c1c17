import type { QuoteOption } from '../quotes/quote-types';

/** What ranks an option: soft criteria met, gross total, and supplier_id as the final tie-break. */
export interface RankKey {
  softMet: number;
  grossCents: number;
  supplierId: string;
}

/**
 * Most soft criteria met, then lowest gross, then lowest supplier_id. Dominance (SPEC §5) holds: if A
 * meets a superset of B's soft criteria, A's count is ≥ B's, and an equal count means equal sets, so the
 * cheaper (or equally priced) A comes first. Every option of one brief has the same soft criteria.
 */
export function compareRankKeys(a: RankKey, b: RankKey): number {
  return (
    b.softMet - a.softMet ||
    a.grossCents - b.grossCents ||
    (a.supplierId < b.supplierId ? -1 : a.supplierId > b.supplierId ? 1 : 0)
  );
}

/** Share of soft criteria met, 2 decimals; 1 when the brief made every criterion hard. */
export function scoreOf(softMet: number, softTotal: number): number {
  return softTotal === 0 ? 1 : Math.round((softMet / softTotal) * 100) / 100;
}

export function rankKeyOf(option: Pick<QuoteOption, 'reasons' | 'totals' | 'venue'>): RankKey {
  return {
    softMet: option.reasons.filter((r) => !r.hard && r.met).length,
    grossCents: option.totals.gross_cents,
    supplierId: option.venue.supplier_id,
  };
}

/** Ranks finished options (e.g. after hub edits): the best `limit`, numbered 1..n. */
export function rankOptions(options: readonly QuoteOption[], limit: number): QuoteOption[] {
  return options
    .map((option) => ({ option, key: rankKeyOf(option) }))
    .sort((a, b) => compareRankKeys(a.key, b.key))
    .slice(0, Math.max(0, limit))
    .map(({ option }, i) => ({ ...option, rank: i + 1 }));
}
