import type { Language } from '../core/brief-schema';
import type { StoredBrief } from '../briefs/brief-store';
import type { StoredQuote } from './quote-store';
import type { QuoteOption } from '../core/quote-types';
import type { HubInfo } from '../i18n/hub-info';
import { criterionLabel, t, unitLabel } from '../i18n/translate';
import { formatDate, formatMoney, formatVat } from '../platform/format';
import { parisDate } from '../platform/clock';

/**
 * What a quote shows (SPEC §7), once, for the e-mail, the online page and the PDF alike: the hub and
 * advisor, issue and validity dates, per line its unit and what a package includes, the dates each
 * option uses, net / VAT per rate / gross, the organiser's notes and the terms. Amounts are formatted
 * here, in the organiser's language, because all three renderings print the same text.
 */

export function datesText(start: string, end: string, lang: Language): string {
  return start === end ? formatDate(start, lang) : `${formatDate(start, lang)} – ${formatDate(end, lang)}`;
}

/** The day the quote was issued (Paris): when it was sent, else when it was drafted. */
export function issuedOn(quote: Pick<StoredQuote, 'sentAt' | 'createdAt'>): string {
  return parisDate(new Date(quote.sentAt ?? quote.createdAt));
}

/** The last day its prices hold: QUOTE_VALID_DAYS after the issue date (YYYY-MM-DD). */
export function validUntil(issued: string, validDays: number): string {
  return new Date(Date.parse(`${issued}T00:00:00Z`) + validDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A space named "Salle des Vignes" must not print as "Salle Salle des Vignes": the name is shown on
 * its own, and a venue whose space is only an id ("vignes") gets it as is.
 */
export function spaceLabel(spaceNames: ReadonlyMap<string, string>, option: Pick<QuoteOption, 'venue'>): string {
  return spaceNames.get(`${option.venue.supplier_id}/${option.venue.space_id}`) ?? option.venue.space_id;
}

function optionDocument(option: QuoteOption, brief: StoredBrief, lang: Language, spaceNames: ReadonlyMap<string, string>) {
  const money = (cents: number) => formatMoney(cents, lang);
  const byRate = new Map<number, number>();
  for (const line of option.lines) byRate.set(line.vat_pct, (byRate.get(line.vat_pct) ?? 0) + line.vat_cents);
  // The date set the option uses (SPEC §5); options of a brief with only its main dates carry none.
  const dates = option.dates ?? brief.brief.event;
  const breakouts = (option.venue.breakout_space_ids ?? []).map((id) => spaceNames.get(`${option.venue.supplier_id}/${id}`) ?? id);
  const soft = option.reasons.filter((r) => !r.hard);
  return {
    rank: option.rank,
    title: t(lang, 'option', { rank: option.rank }),
    venue: option.venue,
    spaceName: spaceLabel(spaceNames, option),
    datesText: datesText(dates.start_date, dates.end_date, lang),
    /** "Salle Cézanne, Salle Mirabeau" when breakouts were asked for; null otherwise. */
    breakoutText: breakouts.length > 0 ? breakouts.join(', ') : null,
    staleRates: option.stale_rates,
    lines: option.lines.map((line) => ({
      supplierId: line.supplier_id,
      item: line.item,
      description: line.description,
      quantity: line.quantity,
      unitPriceText: money(line.unit_price_cents),
      unitText: unitLabel(lang, line.item),
      detailText: t(lang, 'line_detail', { quantity: line.quantity, price: money(line.unit_price_cents), unit: unitLabel(lang, line.item) }),
      packageText: line.item === 'day_delegate' ? t(lang, 'package_day_delegate') : null,
      vatText: `${t(lang, 'vat')} ${formatVat(line.vat_pct, lang)}`,
      netText: money(line.net_cents),
      net_cents: line.net_cents,
    })),
    totals: option.totals,
    netText: money(option.totals.net_cents),
    vatText: money(option.totals.vat_cents),
    grossText: money(option.totals.gross_cents),
    vatByRate: [...byRate.entries()]
      .sort(([a], [b]) => a - b)
      .map(([pct, cents]) => ({ label: t(lang, 'vat_at', { pct: formatVat(pct, lang) }), amountText: money(cents) })),
    softMet: soft.filter((r) => r.met).length,
    softTotal: soft.length,
    hasHard: option.reasons.some((r) => r.hard),
    reasons: option.reasons.map((r) => ({ ...r, label: criterionLabel(lang, r.criterion) })),
  };
}

export type OptionDocument = ReturnType<typeof optionDocument>;

export function quoteDocument(input: { brief: StoredBrief; quote: StoredQuote; spaceNames: ReadonlyMap<string, string>; hub: HubInfo; lang?: Language }) {
  const { brief, quote, spaceNames, hub } = input;
  const lang = input.lang ?? brief.language;
  const issued = issuedOn(quote);
  const validDate = formatDate(validUntil(issued, hub.quoteValidDays), lang);
  const b = brief.brief;
  return {
    lang,
    ref: brief.ref,
    version: quote.version,
    title: b.event.title ?? t(lang, 'your_event'),
    datesText: datesText(b.event.start_date, b.event.end_date, lang),
    attendees: b.event.attendees,
    organiser: b.organiser,
    hub,
    advisorText: hub.advisor ?? t(lang, 'advisor_default'),
    issuedText: formatDate(issued, lang),
    validUntilText: validDate,
    termsText: t(lang, 'terms_text', { date: validDate }),
    organiserNotes: b.notes ?? null,
    hubNote: quote.note,
    options: quote.options.map((o) => optionDocument(o, brief, lang, spaceNames)),
  };
}

export type QuoteDocument = ReturnType<typeof quoteDocument>;
