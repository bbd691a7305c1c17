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
