import type { StoredBrief } from './brief-store';
import type { EmailRenderer } from '../mail/email-renderer';
import type { NewMail } from '../mail/mail-store';
import { dedupeKey } from '../mail/mail-service';
import { withoutLinks } from '../mail/redacted-links';
import { t } from '../i18n/translate';
import { hubInfo, type HubInfo } from '../i18n/hub-info';
import { briefSummary } from '../quotes/quote-emails';

/** The organiser's `brief_received` e-mail, queued by intake in the brief's own transaction. */
export function composeBriefReceived(renderer: EmailRenderer, stored: StoredBrief, hub: HubInfo = hubInfo({})): NewMail {
  const summary = briefSummary(stored);
  // Sent before anyone has checked the address is the organiser's: echo no link from free text (SPEC §11).
  const ctx = { ...summary, title: withoutLinks(summary.title), organiser: { ...summary.organiser, name: withoutLinks(summary.organiser.name) }, hub };
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
