import type { Language } from '../briefs/brief-schema';
import { criterionLabel } from '../mail/i18n';
import { formatVat } from '../platform/format';
import type { QuoteOption } from './quote-types';

/**
 * View model of one option for the draft quote e-mail and the online quote, so both show the same
 * content. Money stays in cents: the templates format it in the organiser's language.
 */
export function optionView(option: QuoteOption, lang: Language, spaceNames: ReadonlyMap<string, string>) {
  const byRate = new Map<number, number>();
  for (const line of option.lines) byRate.set(line.vat_pct, (byRate.get(line.vat_pct) ?? 0) + line.vat_cents);
  const soft = option.reasons.filter((r) => !r.hard);
  return {
    ...option,
    spaceName: spaceNames.get(`${option.venue.supplier_id}/${option.venue.space_id}`) ?? option.venue.space_id,
    vatByRate: [...byRate.entries()].sort(([a], [b]) => a - b).map(([pct, vat_cents]) => ({ pct, pctText: formatVat(pct, lang), vat_cents })),
    softMet: soft.filter((r) => r.met).length,
    softTotal: soft.length,
    hasHard: option.reasons.some((r) => r.hard),
    reasons: option.reasons.map((r) => ({ ...r, label: criterionLabel(lang, r.criterion) })),
  };
}

export type OptionView = ReturnType<typeof optionView>;

/** The quote's validity: QUOTE_VALID_DAYS after the version was drafted (YYYY-MM-DD). */
export const QUOTE_VALID_DAYS = 30;
export function validUntil(createdAt: string): string {
  return new Date(Date.parse(createdAt) + QUOTE_VALID_DAYS * 86_400_000).toISOString().slice(0, 10);
}
