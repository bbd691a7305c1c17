import type { Language } from '../core/brief-schema';
import type { Config } from '../platform/config';
import type { StoredBrief } from '../briefs/brief-store';
import type { StoredQuote } from './quote-store';
import type { Supplier } from '../core/catalogue-types';
import type { EmailRenderer } from '../mail/email-renderer';
import type { NewMail } from '../mail/mail-store';
import { dedupeKey } from '../mail/mail-service';
import { quoteLinkUrl } from '../mail/redacted-links';
import { t, type MessageKey } from '../i18n/translate';
import { hubInfo, type HubInfo } from '../i18n/hub-info';
import { formatMoney } from '../platform/format';
import { formatParis } from '../platform/clock';
import { datesText, quoteDocument } from './quote-document';
import type { QuoteOption, ReviewReason } from '../core/quote-types';

/** The brief as e-mails and pages print it, in the organiser's language unless told otherwise. */
export function briefSummary(stored: StoredBrief, lang: Language = stored.language) {
  const b = stored.brief;
  return {
    lang,
    ref: stored.ref,
    organiser: b.organiser,
    title: b.event.title ?? t(lang, 'your_event'),
    eventType: b.event.type,
    layout: b.event.layout,
    attendees: b.event.attendees,
    notes: b.notes,
    datesText: datesText(b.event.start_date, b.event.end_date, lang),
    dueText: formatParis(stored.slaDueAt, lang),
  };
}

/** Logged with a placeholder: each e-mail's own token is minted when it is sent (SPEC §11). */
export function quoteUrl(config: Pick<Config, 'publicUrl'>, _stored: StoredBrief): string {
  return quoteLinkUrl(config.publicUrl);
}

export function composeDraftQuote(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl'> & Partial<Config>,
  stored: StoredBrief,
  quote: StoredQuote,
  spaceNames: ReadonlyMap<string, string>,
): NewMail {
  const ctx = briefSummary(stored);
  const hub = hubInfo(config);
  const subject = t(ctx.lang, 'quote_subject', { ref: stored.ref, count: quote.options.length });
  const to = stored.brief.organiser.email;
  return {
    dedupeKey: dedupeKey({ kind: 'draft_quote', recipient: to, briefId: stored.id, quoteVersion: quote.version }),
    kind: 'draft_quote',
    recipient: to,
    briefId: stored.id,
    quoteVersion: quote.version,
    supplierId: null,
    ...renderer.render('draft_quote', subject, {
      ...ctx,
      hub,
      quoteUrl: quoteUrl(config, stored),
      doc: quoteDocument({ brief: stored, quote, spaceNames, hub }),
    }),
  };
}

/** What of one supplier's a quote holds, option by option. */
function quotedFor(quote: StoredQuote, supplierId: string) {
  return quote.options
    .map((o) => ({ rank: o.rank, venueId: o.venue.supplier_id, venueName: o.venue.name, lines: o.lines.filter((l) => l.supplier_id === supplierId) }))
    .filter((o) => o.lines.length > 0);
}

/** A supplier's share of a quote, independent of option ranks: a reordering alone is not a change for them. */
function shareSignature(quote: StoredQuote, supplierId: string): string {
  return quotedFor(quote, supplierId)
    .flatMap((o) => o.lines.map((l) => JSON.stringify([o.venueId, l.item, l.space_id, l.quantity, l.unit_price_cents, l.vat_pct])))
    .sort()
    .join('\n');
}

/**
 * SPEC §7 leads: one per supplier in the quote's lines, with exactly what of theirs was quoted; on a
 * new version (`previous` is the version the organiser was last sent), only to suppliers whose own
 * lines changed or who are new, and a short notice to those the new version drops. Each in the
 * supplier's language (`languages`: French unless their staff chose English), saying what to do next.
 */
export function composeLeads(
  renderer: EmailRenderer,
  stored: StoredBrief,
  quote: StoredQuote,
  suppliers: Supplier[],
  options: { previous?: StoredQuote | null; dropped?: Supplier[]; languages?: ReadonlyMap<string, Language>; hub?: HubInfo } = {},
): NewMail[] {
  const previous = options.previous && options.previous.version !== quote.version ? options.previous : null;
  const hub = options.hub ?? hubInfo({});
  const mails: NewMail[] = [];
  const base = (supplier: Supplier) => {
    const lang = options.languages?.get(supplier.supplierId) ?? 'fr';
    const ctx = briefSummary(stored, lang);
    return {
      lang,
      ctx: {
        ...ctx,
        hub,
        supplier,
        version: quote.version,
        eventTypeText: t(lang, `event_type_${stored.brief.event.type}` as MessageKey),
        layoutText: t(lang, `layout_${stored.brief.event.layout}` as MessageKey).toLowerCase(),
      },
    };
  };
  for (const supplier of suppliers) {
    const wasIn = previous ? quotedFor(previous, supplier.supplierId).length > 0 : false;
    if (previous && wasIn && shareSignature(previous, supplier.supplierId) === shareSignature(quote, supplier.supplierId)) continue;
    const { lang, ctx } = base(supplier);
    const quoted = quotedFor(quote, supplier.supplierId).map((o) => ({
      ...o,
      lines: o.lines.map((l) => ({ ...l, priceText: formatMoney(l.unit_price_cents, lang), netText: formatMoney(l.net_cents, lang) })),
    }));
    const subjectKey = wasIn ? 'lead_subject_update' : 'lead_subject';
    mails.push({
      dedupeKey: dedupeKey({ kind: 'lead', recipient: supplier.email, briefId: stored.id, quoteVersion: quote.version, extra: supplier.supplierId }),
      kind: 'lead' as const,
      recipient: supplier.email,
      briefId: stored.id,
      quoteVersion: quote.version,
      supplierId: supplier.supplierId,
      ...renderer.render('lead', t(lang, subjectKey, { ref: stored.ref, title: ctx.title, attendees: ctx.attendees, dates: ctx.datesText }), { ...ctx, update: wasIn, quoted }),
    });
  }
  for (const supplier of options.dropped ?? []) {
    const { lang, ctx } = base(supplier);
    mails.push({
      dedupeKey: dedupeKey({ kind: 'lead', recipient: supplier.email, briefId: stored.id, quoteVersion: quote.version, extra: `dropped:${supplier.supplierId}` }),
      kind: 'lead' as const,
      recipient: supplier.email,
      briefId: stored.id,
      quoteVersion: quote.version,
      supplierId: supplier.supplierId,
      ...renderer.render('lead', t(lang, 'lead_dropped_subject', { ref: stored.ref }), { ...ctx, dropped: true }),
    });
  }
  return mails;
}

/**
 * The organiser said an option interests them: the hub and that option's venue are told. SPEC §7 fixes
 * the kinds, so both are `lead` e-mails; the dedupe extra `interest:<venue>` keeps them apart from the
 * leads of the sending and sends each notice once per chosen venue and quote version.
 */
export function composeInterestNotices(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl' | 'hubEmail'> & Partial<Config>,
  stored: StoredBrief,
  quote: StoredQuote,
  option: QuoteOption,
  venue: Supplier | null,
  venueLanguage: Language = 'fr',
): NewMail[] {
  const recipients = [
    // Hub staff work in English (the desk and dashboard are English); the venue in its own language.
    { to: config.hubEmail, supplierId: null, audience: 'hub' as const, lang: 'en' as Language },
    ...(venue ? [{ to: venue.email, supplierId: venue.supplierId, audience: 'venue' as const, lang: venueLanguage }] : []),
  ];
  return recipients.map(({ to, supplierId, audience, lang }) => {
    const ctx = briefSummary(stored, lang);
    const money = (cents: number) => formatMoney(cents, lang);
    return {
      dedupeKey: dedupeKey({ kind: 'lead', recipient: to, briefId: stored.id, quoteVersion: quote.version, extra: `interest:${option.venue.supplier_id}` }),
      kind: 'lead' as const,
      recipient: to,
      briefId: stored.id,
      quoteVersion: quote.version,
      supplierId,
      ...renderer.render('lead_interest', t(lang, 'interest_subject', { rank: option.rank, ref: stored.ref, venue: option.venue.name }), {
        ...ctx,
        hub: hubInfo(config),
        forHub: audience === 'hub',
        supplierName: venue?.name ?? option.venue.name,
        option,
        eventTypeText: t(lang, `event_type_${stored.brief.event.type}` as MessageKey),
        layoutText: t(lang, `layout_${stored.brief.event.layout}` as MessageKey).toLowerCase(),
        lines: option.lines.map((l) => ({ ...l, priceText: money(l.unit_price_cents), netText: money(l.net_cents) })),
        netText: money(option.totals.net_cents),
        vatText: money(option.totals.vat_cents),
        grossText: money(option.totals.gross_cents),
        deskUrl: `${config.publicUrl}/hub/briefs/${stored.ref}`,
      }),
    };
  });
}

export function composeNeedsReview(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl' | 'hubEmail'>,
  stored: StoredBrief,
  reasons: ReviewReason[],
  quoteVersion: number | null,
): NewMail {
  const ctx = briefSummary(stored, 'en');
  return {
    dedupeKey: dedupeKey({ kind: 'needs_review', recipient: config.hubEmail, briefId: stored.id, quoteVersion, extra: reasons.map((r) => r.code).join(',') }),
    kind: 'needs_review',
    recipient: config.hubEmail,
    briefId: stored.id,
    quoteVersion,
    supplierId: null,
    ...renderer.render('needs_review', `Needs review: ${stored.ref} (${reasons.map((r) => r.code).join(', ')})`, {
      ...ctx,
      reasons,
      deskUrl: `${config.publicUrl}/hub/briefs/${stored.ref}`,
    }),
  };
}
