import type { Knex } from 'knex';
import { BriefStore } from '../briefs/brief-store';
import { QuoteStore } from './quote-store';
import { SupplierStore } from '../suppliers/supplier-store';
import { spaceNameMap } from './send-quote';
import { quoteDocument } from './quote-document';
import { quotePdf, quotePdfFileName } from './quote-pdf';
import type { HubInfo } from '../i18n/hub-info';
import type { MailEntry } from '../mail/mail-store';
import type { MailAttachment } from '../mail/mailer';

/**
 * SPEC §7: the draft-quote e-mail carries the quote as a PDF. The mail log keeps only the message's
 * text; the PDF is made again at delivery from the quote version the e-mail names, so a retry
 * attaches the same quote.
 */
export async function draftQuoteAttachments(db: Knex, hub: HubInfo, mail: Pick<MailEntry, 'kind' | 'briefId' | 'quoteVersion'>): Promise<MailAttachment[]> {
  if (mail.kind !== 'draft_quote' || mail.briefId === null || mail.quoteVersion === null) return [];
  const brief = await new BriefStore(db).findById(mail.briefId);
  const quote = brief ? await new QuoteStore(db).findVersion(brief.id, mail.quoteVersion) : null;
  if (!brief || !quote) return [];
  const spaceNames = await spaceNameMap(new SupplierStore(db), quote);
  const content = await quotePdf(quoteDocument({ brief, quote, spaceNames, hub }));
  return [{ filename: quotePdfFileName(brief.ref, brief.language), content, contentType: 'application/pdf' }];
}
