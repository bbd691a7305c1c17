import type { Language } from '../core/brief-schema';
import type { Config } from '../platform/config';
import type { StoredBrief } from '../briefs/brief-store';
import type { Supplier } from '../core/catalogue-types';
import type { EmailRenderer } from '../mail/email-renderer';
import type { NewMail } from '../mail/mail-store';
import { dedupeKey } from '../mail/mail-service';
import { availabilityLinkUrl, quoteLinkUrl } from '../mail/redacted-links';
import { t, type MessageKey } from '../i18n/translate';
import { hubInfo } from '../i18n/hub-info';
import { formatMoney } from '../platform/format';
import { formatParis } from '../platform/clock';
import { datesText } from '../quotes/quote-document';
import { briefSummary } from '../quotes/quote-emails';
import type { QuoteOption } from '../core/quote-types';
import type { AvailabilityRequest } from './availability-store';

export type AvailabilityMailConfig = Pick<Config, 'publicUrl' | 'hubEmail' | 'holdDays'> & Partial<Config>;

/** The dates an option uses (its date set, or the brief's main dates). */
export function optionDates(stored: StoredBrief, option: QuoteOption): { start_date: string; end_date: string } {
  return option.dates ?? { start_date: stored.brief.event.start_date, end_date: stored.brief.event.end_date };
}

/** One supplier's lines of an option, as the e-mails and pages print them. */
export function supplierLines(option: QuoteOption, supplierId: string, spaceNames: ReadonlyMap<string, string>, lang: Language) {
  return option.lines
    .filter((l) => l.supplier_id === supplierId)
    .map((l) => ({
      ...l,
      spaceText: l.space_id ? ` (${spaceNames.get(`${option.venue.supplier_id}/${l.space_id}`) ?? l.space_id})` : '',
      priceText: formatMoney(l.unit_price_cents, lang),
      netText: formatMoney(l.net_cents, lang),
    }));
}

function supplierContext(stored: StoredBrief, lang: Language, config: AvailabilityMailConfig) {
  return {
    ...briefSummary(stored, lang),
    hub: hubInfo(config),
    eventTypeText: t(lang, `event_type_${stored.brief.event.type}` as MessageKey),
    layoutText: t(lang, `layout_${stored.brief.event.layout}` as MessageKey).toLowerCase(),
  };
}

export type RequestMailVariant = 'request' | 'reminder' | 'withdrawn';

/**
 * SPEC §9.2: the availability_request e-mail (and its reminder, and the notice that it was withdrawn)
 * to one supplier, naming the dates, spaces and quantities of their lines, with the one-click links
 * as placeholders (each e-mail's own token is minted when it is sent, §11).
 */
export function composeAvailabilityRequest(
  renderer: EmailRenderer,
  config: AvailabilityMailConfig,
  stored: StoredBrief,
  option: QuoteOption,
  request: AvailabilityRequest,
  supplier: Supplier,
  spaceNames: ReadonlyMap<string, string>,
  lang: Language,
  variant: RequestMailVariant,
): NewMail {
  const dates = optionDates(stored, option);
  const url = availabilityLinkUrl(config.publicUrl, request.id);
  const subjectKey = variant === 'reminder' ? 'avail_reminder_subject' : variant === 'withdrawn' ? 'avail_withdrawn_subject' : 'avail_request_subject';
  const ctx = supplierContext(stored, lang, config);
  return {
    dedupeKey: dedupeKey({ kind: 'availability_request', recipient: supplier.email, briefId: stored.id, quoteVersion: request.quoteVersion, extra: `${variant}:${request.id}` }),
    kind: 'availability_request',
    recipient: supplier.email,
    briefId: stored.id,
    quoteVersion: request.quoteVersion,
    supplierId: supplier.supplierId,
    ...renderer.render('availability_request', t(lang, subjectKey, { ref: stored.ref, dates: datesText(dates.start_date, dates.end_date, lang), attendees: ctx.attendees }), {
      ...ctx,
      reminder: variant === 'reminder',
      withdrawn: variant === 'withdrawn',
      whenText: formatParis(request.createdAt, lang),
      supplierName: supplier.name,
      rank: option.rank,
      venueName: option.venue.name,
      venueCity: option.venue.city,
      isVenue: request.role === 'venue',
      holdDays: config.holdDays,
      optionDatesText: datesText(dates.start_date, dates.end_date, lang),
      lines: supplierLines(option, supplier.supplierId, spaceNames, lang),
      dueText: formatParis(request.dueAt, lang),
      confirmUrl: `${url}?do=confirm`,
      declineUrl: `${url}?do=decline`,
      portalUrl: `${config.publicUrl}/venue/${encodeURIComponent(supplier.supplierId)}#requests`,
    }),
  };
}

/** SPEC §9.2: the hub is told once that a supplier did not answer by the deadline. */
export function composeSupplierOverdue(renderer: EmailRenderer, config: AvailabilityMailConfig, stored: StoredBrief, request: AvailabilityRequest, supplier: Supplier | null): NewMail {
  const name = supplier?.name ?? request.supplierId;
  const lang: Language = 'en';
  return {
    dedupeKey: dedupeKey({ kind: 'supplier_overdue', recipient: config.hubEmail, briefId: stored.id, quoteVersion: request.quoteVersion, extra: String(request.id) }),
    kind: 'supplier_overdue',
    recipient: config.hubEmail,
    briefId: stored.id,
    quoteVersion: request.quoteVersion,
    supplierId: request.supplierId,
    ...renderer.render('supplier_overdue', t(lang, 'overdue_subject', { supplier: name, ref: stored.ref }), {
      ...briefSummary(stored, lang),
      hub: hubInfo(config),
      supplierName: name,
      supplierEmail: supplier?.email ?? '',
      supplierPhone: supplier?.phone ?? null,
      rank: request.optionRank,
      dueText: formatParis(request.dueAt, lang),
      deskUrl: `${config.publicUrl}/hub/briefs/${stored.ref}`,
    }),
  };
}

/** SPEC §9.5: everyone confirmed: the organiser is told, in their language, with the book action (their quote page). */
export function composeAvailabilityConfirmed(renderer: EmailRenderer, config: AvailabilityMailConfig, stored: StoredBrief, option: QuoteOption, quoteVersion: number, heldUntil: string): NewMail {
  const lang = stored.language;
  const dates = optionDates(stored, option);
  const to = stored.brief.organiser.email;
  const untilText = formatParis(heldUntil, lang);
  return {
    dedupeKey: dedupeKey({ kind: 'availability_confirmed', recipient: to, briefId: stored.id, quoteVersion, extra: `option:${option.rank}` }),
    kind: 'availability_confirmed',
    recipient: to,
    briefId: stored.id,
    quoteVersion,
    supplierId: null,
    ...renderer.render('availability_confirmed', t(lang, 'confirmed_subject', { venue: option.venue.name, dates: datesText(dates.start_date, dates.end_date, lang), ref: stored.ref }), {
      ...briefSummary(stored, lang),
      hub: hubInfo(config),
      venueName: option.venue.name,
      rank: option.rank,
      untilText,
      optionDatesText: datesText(dates.start_date, dates.end_date, lang),
      bookUrl: `${quoteLinkUrl(config.publicUrl)}#book`,
    }),
  };
}

/** SPEC §9.5: the booking, to every supplier of the option, each in their language. */
export function composeBookingConfirmed(
  renderer: EmailRenderer,
  config: AvailabilityMailConfig,
  stored: StoredBrief,
  option: QuoteOption,
  quoteVersion: number,
  supplier: Supplier,
  spaceNames: ReadonlyMap<string, string>,
  lang: Language,
): NewMail {
  const dates = optionDates(stored, option);
  return {
    dedupeKey: dedupeKey({ kind: 'booking_confirmed', recipient: supplier.email, briefId: stored.id, quoteVersion, extra: supplier.supplierId }),
    kind: 'booking_confirmed',
    recipient: supplier.email,
    briefId: stored.id,
    quoteVersion,
    supplierId: supplier.supplierId,
    ...renderer.render('booking_confirmed', t(lang, 'booking_subject', { ref: stored.ref, dates: datesText(dates.start_date, dates.end_date, lang) }), {
      ...supplierContext(stored, lang, config),
      supplierName: supplier.name,
      rank: option.rank,
      venueName: option.venue.name,
      optionDatesText: datesText(dates.start_date, dates.end_date, lang),
      lines: supplierLines(option, supplier.supplierId, spaceNames, lang),
    }),
  };
}
