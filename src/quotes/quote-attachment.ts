import type { Knex } from 'knex';
import { spaceNameMap } from './send-quote';
import { quoteDocument } from './quote-document';
import { quotePdf, quotePdfFileName } from './quote-pdf';
import type { HubInfo } from '../i18n/hub-info';
import type { MailEntry } from '../mail/mail-store';
import type { MailAttachment } from '../mail/mailer';
import { storesFor } from '../stores';

/**
 * SPEC §7: the draft-quote e-mail carries the quote as a PDF. The mail log keeps only the message's
 * text; the PDF is made again at delivery from the quote version the e-mail names, so a retry
 * attaches the same quote.
 */
export async function draftQuoteAttachments(db: Knex, hub: HubInfo, mail: Pick<MailEntry, 'kind' | 'briefId' | 'quoteVersion'>): Promise<MailAttachment[]> {
  if (mail.kind !== 'draft_quote' || mail.briefId === null || mail.quoteVersion === null) return [];
  const brief = await storesFor(db).briefs.findById(mail.briefId);
  const quote = brief ? await storesFor(db).quotes.findVersion(brief.id, mail.quoteVersion) : null;
  if (!brief || !quote) return [];
  const spaceNames = await spaceNameMap(storesFor(db).suppliers, quote);
  const content = await quotePdf(quoteDocument({ brief, quote, spaceNames, hub }));
  return [{ filename: quotePdfFileName(brief.ref, brief.language), content, contentType: 'application/pdf' }];
}
