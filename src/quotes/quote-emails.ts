import type { Language } from '../briefs/brief-schema';
import type { Config } from '../platform/config';
import type { StoredBrief } from '../briefs/brief-store';
import type { StoredQuote } from './quote-store';
import type { Supplier } from '../suppliers/catalogue-types';
import type { EmailRenderer } from '../mail/email-renderer';
import type { NewMail } from '../mail/mail-store';
import { dedupeKey } from '../mail/mail-service';
import { quoteLinkUrl, withoutLinks } from '../mail/redacted-links';
import { t } from '../mail/i18n';
import { formatDate } from '../platform/format';
import { formatParis } from '../platform/clock';
import { optionView, validUntil } from './quote-view';
import type { QuoteOption, ReviewReason } from './quote-types';

/** The brief as e-mails and pages print it, in the organiser's language unless told otherwise. */
export function briefSummary(stored: StoredBrief, lang: Language = stored.language) {
  const b = stored.brief;
  const datesText =
    b.event.start_date === b.event.end_date
      ? formatDate(b.event.start_date, lang)
      : `${formatDate(b.event.start_date, lang)} – ${formatDate(b.event.end_date, lang)}`;
  return {
    lang,
    ref: stored.ref,
    organiser: b.organiser,
    title: b.event.title ?? (lang === 'fr' ? 'votre événement' : 'your event'),
    eventType: b.event.type,
    layout: b.event.layout,
    attendees: b.event.attendees,
    notes: b.notes,
    datesText,
    dueText: formatParis(stored.slaDueAt, lang),
  };
}

/** Logged with a placeholder: each e-mail's own token is minted when it is sent (SPEC §11). */
export function quoteUrl(config: Pick<Config, 'publicUrl'>, _stored: StoredBrief): string {
  return quoteLinkUrl(config.publicUrl);
}

export function composeBriefReceived(renderer: EmailRenderer, stored: StoredBrief): NewMail {
  const summary = briefSummary(stored);
  // Sent before anyone has checked the address is the organiser's: echo no link from free text (SPEC §11).
  const ctx = { ...summary, title: withoutLinks(summary.title), organiser: { ...summary.organiser, name: withoutLinks(summary.organiser.name) } };
  const subject = t(ctx.lang, 'received_subject', { ref: stored.ref, due: ctx.dueText });
  const to = stored.brief.organiser.email;
  return {
    dedupeKey: dedupeKey({ kind: 'brief_received', recipient: to, briefId: stored.id }),
    kind: 'brief_received',
    recipient: to,
    briefId: stored.id,
    quoteVersion: null,
    supplierId: null,
    ...renderer.render('brief_received', subject, ctx),
  };
}

export function composeDraftQuote(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl'>,
  stored: StoredBrief,
  quote: StoredQuote,
  spaceNames: ReadonlyMap<string, string>,
): NewMail {
  const ctx = briefSummary(stored);
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
      note: quote.note,
      quoteUrl: quoteUrl(config, stored),
      validUntilText: formatDate(validUntil(quote.createdAt), ctx.lang),
      options: quote.options.map((o) => optionView(o, ctx.lang, spaceNames)),
    }),
  };
}

/** One lead per supplier appearing in the quote's lines, with exactly what of theirs was quoted. */
export function composeLeads(renderer: EmailRenderer, stored: StoredBrief, quote: StoredQuote, suppliers: Supplier[]): NewMail[] {
  const ctx = briefSummary(stored, 'en');
  return suppliers.map((supplier) => {
    const quoted = quote.options
      .map((o) => ({ rank: o.rank, venueName: o.venue.name, lines: o.lines.filter((l) => l.supplier_id === supplier.supplierId) }))
      .filter((o) => o.lines.length > 0);
    return {
      dedupeKey: dedupeKey({ kind: 'lead', recipient: supplier.email, briefId: stored.id, quoteVersion: quote.version, extra: supplier.supplierId }),
      kind: 'lead' as const,
      recipient: supplier.email,
      briefId: stored.id,
      quoteVersion: quote.version,
      supplierId: supplier.supplierId,
      ...renderer.render('lead', `New lead ${stored.ref}: ${ctx.title}, ${ctx.attendees} attendees, ${ctx.datesText}`, { ...ctx, supplier, quoted }),
    };
  });
}

/**
 * The organiser said an option interests them: the hub and that option's venue are told. SPEC §7 fixes
 * the kinds, so both are `lead` e-mails; the dedupe extra `interest:<venue>` keeps them apart from the
 * leads of the sending and sends each notice once per chosen venue and quote version.
 */
export function composeInterestNotices(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl' | 'hubEmail'>,
  stored: StoredBrief,
  quote: StoredQuote,
  option: QuoteOption,
  venue: Supplier | null,
): NewMail[] {
  const ctx = briefSummary(stored, 'en');
  const subject = `Option ${option.rank} interests the organiser: ${stored.ref}, ${option.venue.name}`;
  const recipients = [
    { to: config.hubEmail, supplierId: null, audience: 'hub' as const },
    ...(venue ? [{ to: venue.email, supplierId: venue.supplierId, audience: 'venue' as const }] : []),
  ];
  return recipients.map(({ to, supplierId, audience }) => ({
    dedupeKey: dedupeKey({ kind: 'lead', recipient: to, briefId: stored.id, quoteVersion: quote.version, extra: `interest:${option.venue.supplier_id}` }),
    kind: 'lead' as const,
    recipient: to,
    briefId: stored.id,
    quoteVersion: quote.version,
    supplierId,
    ...renderer.render('lead_interest', subject, {
      ...ctx,
      forHub: audience === 'hub',
      supplierName: venue?.name ?? option.venue.name,
      option,
      deskUrl: `${config.publicUrl}/hub/briefs/${stored.ref}`,
    }),
  }));
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
