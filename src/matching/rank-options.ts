import type { QuoteOption } from '../quotes/quote-types';

/** Soft criteria met, the ranking key that keeps SPEC §5's dominance rule. */
export function softMet(option: Pick<QuoteOption, 'reasons'>): number {
  let met = 0;
  for (const reason of option.reasons) if (!reason.hard && reason.met) met += 1;
  return met;
}

/** Share of soft criteria met, 2 decimals; 1 when the brief made every criterion hard. */
export function score(option: Pick<QuoteOption, 'reasons'>): number {
  const soft = option.reasons.filter((r) => !r.hard).length;
  return soft === 0 ? 1 : Math.round((softMet(option) / soft) * 100) / 100;
}

/**
 * Most soft criteria met, then lowest gross, then lowest supplier_id. Dominance holds: if A meets a
 * superset of B's soft criteria, A's count is ≥ B's, and an equal count means equal sets, so the cheaper
 * (or equal) A comes first. Every option of one brief has the same soft criteria, so counts compare fairly.
 */
function compareKeys(a: Keyed, b: Keyed): number {
  return (
    b.met - a.met ||
    a.option.totals.gross_cents - b.option.totals.gross_cents ||
    (a.option.venue.supplier_id < b.option.venue.supplier_id ? -1 : a.option.venue.supplier_id > b.option.venue.supplier_id ? 1 : 0)
  );
}

interface Keyed {
  option: QuoteOption;
  met: number;
}

export function compareOptions(a: QuoteOption, b: QuoteOption): number {
  return compareKeys({ option: a, met: softMet(a) }, { option: b, met: softMet(b) });
}

/** The best `limit` options, ranked 1..n. Each option is one venue, so they are distinct by construction. */
export function rankOptions(options: readonly QuoteOption[], limit: number): QuoteOption[] {
  // Soft counts computed once per option, not once per comparison: 10,000 options must stay fast.
  return options
    .map((option) => ({ option, met: softMet(option) }))
    .sort(compareKeys)
    .slice(0, Math.max(0, limit))
    .map(({ option }, i) => ({ ...option, rank: i + 1 }));
}
