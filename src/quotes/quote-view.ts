import type { Language } from '../briefs/brief-schema';
import { criterionLabel } from '../mail/i18n';
import { formatVat } from '../platform/format';
import type { QuoteOption } from './quote-types';

/** View model of one option for e-mails and the online quote; formatting stays in templates. */
export function optionView(option: QuoteOption, lang: Language, spaceNames: Map<string, string>) {
  const byRate = new Map<number, number>();
  for (const line of option.lines) byRate.set(line.vat_pct, (byRate.get(line.vat_pct) ?? 0) + line.vat_cents);
  return {
    ...option,
    spaceName: spaceNames.get(`${option.venue.supplier_id}/${option.venue.space_id}`) ?? option.venue.space_id,
    vatByRate: [...byRate.entries()].sort(([a], [b]) => a - b).map(([pct, vat_cents]) => ({ pct, pctText: formatVat(pct, lang), vat_cents })),
    reasons: option.reasons.map((r) => ({ ...r, label: criterionLabel(lang, r.criterion) })),
  };
}
