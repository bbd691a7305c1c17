import type { Criterion } from './brief-schema';
import type { RateItem, VatPct } from './catalogue-types';

/** Shapes of SPEC §8, shared by the pure core, the stores, the API and the e-mails. Money in integer cents. */

export interface CriterionResult {
  criterion: Criterion;
  met: boolean;
  hard: boolean;
  /** Human explanation, e.g. "Marseille" or "not accessible". */
  detail: string;
}

export interface QuoteLine {
  supplier_id: string;
  /** A rate item, or 'custom' for a free line added by hub staff. */
  item: RateItem | 'custom';
  space_id: string | null;
  description: string;
  quantity: number;
  unit_price_cents: number;
  vat_pct: VatPct;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
}

export interface Totals {
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
}

export interface QuoteOption {
  rank: number;
  score: number;
  stale_rates: boolean;
  /** breakout_space_ids: SPEC §5 breakouts in the order chosen; absent in quotes made before they existed (read as []). */
  venue: { supplier_id: string; name: string; city: string; space_id: string; breakout_space_ids?: string[] };
  /** The date set the option uses (SPEC §8); absent on options of a brief with only its main dates (read as those). */
  dates?: { start_date: string; end_date: string };
  reasons: CriterionResult[];
  lines: QuoteLine[];
  totals: Totals;
}

export type ReviewCode = 'no_feasible_venue' | 'unpriceable' | 'stale_rates' | 'auto_send_off' | 'email_failed' | 'supplier_declined';

export interface ReviewReason {
  code: ReviewCode;
  detail: string;
  /** Machine-readable extras, e.g. venues eliminated per criterion. */
  data?: Record<string, unknown>;
}

/** What the matcher returns for one brief: ranked options and, when empty, why. */
export interface QuoteDraft {
  options: QuoteOption[];
  review_reasons: ReviewReason[];
}
