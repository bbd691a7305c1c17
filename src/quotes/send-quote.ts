import type { Knex } from 'knex';
import { BriefStore, type StoredBrief } from '../briefs/brief-store';
import { QuoteStore, type StoredQuote } from './quote-store';
import { SupplierStore } from '../suppliers/supplier-store';
import { queueEmails } from '../mail/mail-service';
import { composeDraftQuote, composeLeads } from './quote-emails';
import type { EmailRenderer } from '../mail/email-renderer';
import type { Config } from '../platform/config';

export interface SendQuoteDeps {
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl'>;
}

/**
 * Sends `quote` (the brief's latest version) inside the caller's transaction: the organiser's
 * draft_quote e-mail, one lead per supplier in its lines, and the status change. Dedupe keys
 * carry the quote version, so sending the same version twice sends nothing new.
 */
export async function sendQuoteInTransaction(
  trx: Knex.Transaction,
  deps: SendQuoteDeps,
  stored: StoredBrief,
  quote: StoredQuote,
  now: Date,
): Promise<void> {
  const suppliers = new SupplierStore(trx);
  const supplierIds = [...new Set(quote.options.flatMap((o) => o.lines.map((l) => l.supplier_id)))];
  const spaceNames = await spaceNameMap(suppliers, quote);
  const leads = composeLeads(deps.renderer, stored, quote, await suppliers.findSuppliers(supplierIds));
  await queueEmails(trx, [composeDraftQuote(deps.renderer, deps.config, stored, quote, spaceNames), ...leads], now);
  await new QuoteStore(trx).markSent(quote.id, now.toISOString());
  await new BriefStore(trx).transition(stored.id, ['matching', 'needs_review', 'sent'], 'sent', { sentAt: now.toISOString() });
}

/** Space names of the quote's venues, keyed `supplier_id/space_id`: the snapshot stores only ids (SPEC §8). */
export async function spaceNameMap(suppliers: SupplierStore, quote: StoredQuote): Promise<Map<string, string>> {
  const venueIds = [...new Set(quote.options.map((o) => o.venue.supplier_id))];
  const spaces = await suppliers.spaceNames(venueIds);
  return new Map(spaces.map((s) => [`${s.supplierId}/${s.spaceId}`, s.name]));
}
