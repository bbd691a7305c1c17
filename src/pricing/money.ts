import type { Language } from '../core/brief-schema';
import type { VatPct } from '../core/catalogue-types';
import type { Totals } from '../core/quote-types';

/** SPEC §6 money rules, in exact integer cents. Floating point never touches a rounded amount. */

export interface LineAmounts {
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
}

/**
 * round_half_up(net × vat_pct / 100). vat_pct has at most one decimal, so net × (vat_pct × 10) / 1000
 * is an exact integer ratio; halves round away from zero (a negative staff discount mirrors a charge).
 */
export function vatCents(netCents: number, vatPct: VatPct | number): number {
  const tenths = Math.round(vatPct * 10);
  const numerator = Math.abs(netCents) * tenths;
  // Integer division through the remainder: exact below 2^53, where a float quotient could round up.
  const shifted = numerator + 500;
  const quotient = (shifted - (shifted % 1000)) / 1000;
  return netCents < 0 ? -quotient : quotient;
}

export function lineAmounts(quantity: number, unitPriceCents: number, vatPct: VatPct | number): LineAmounts {
  const net = quantity * unitPriceCents;
  const vat = vatCents(net, vatPct);
  return { net_cents: net, vat_cents: vat, gross_cents: net + vat };
}

export function sumTotals(lines: readonly LineAmounts[]): Totals {
  const totals: Totals = { net_cents: 0, vat_cents: 0, gross_cents: 0 };
  for (const line of lines) {
    totals.net_cents += line.net_cents;
    totals.vat_cents += line.vat_cents;
    totals.gross_cents += line.gross_cents;
  }
  return totals;
}

/** A budget in euros (at most cents precision in practice) to integer cents. */
export function eurosToCents(euros: number): number {
  return Math.round(euros * 100);
}

/**
 * "€12,345.00" (en) or "12 345,00 €" (fr, with the narrow no-break space and no-break space that
 * Intl fr-FR prints, so details read like the amounts of the views) — only for the human detail
 * strings of criteria; views do their own formatting. Written out by hand to stay pure and fast.
 */
export function formatEuros(cents: number, lang: Language = 'en'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const digits = Math.floor(abs / 100).toString();
  const decimals = String(abs % 100).padStart(2, '0');
  if (lang === 'fr') return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')},${decimals}\u00a0€`;
  return `${sign}€${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`;
}
