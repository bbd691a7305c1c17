import type { Knex } from 'knex';
import { type StoredBrief } from '../briefs/brief-store';
import { type StoredQuote } from './quote-store';
import { SupplierStore } from '../suppliers/supplier-store';
import { queueEmails } from '../mail/mail-service';
import { composeDraftQuote, composeLeads } from './quote-emails';
import type { EmailRenderer } from '../mail/email-renderer';
import type { Config } from '../platform/config';
import { hubInfo } from '../i18n/hub-info';
import { moveBriefOrThrow, type Actor } from '../briefs/brief-lifecycle';
import { storesFor } from '../stores';
import { endRound } from '../availability/availability-service';

export interface SendQuoteDeps {
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl'> & Partial<Config>;
}

/**
 * Sends `quote` (the brief's latest version) inside the caller's transaction: the organiser's
 * draft_quote e-mail, one lead per supplier in its lines, and the status change. Dedupe keys
 * carry the quote version, so sending the same version twice sends nothing new. `actor` is the
 * machine (auto-send) or hub staff (desk, API); the lifecycle refuses a brief that may no longer be sent.
 */
export async function sendQuoteInTransaction(
  trx: Knex.Transaction,
  deps: SendQuoteDeps,
  stored: StoredBrief,
  quote: StoredQuote,
  now: Date,
  actor: Actor,
): Promise<void> {
  const suppliers = storesFor(trx).suppliers;
  const supplierIdsOf = (q: StoredQuote) => [...new Set(q.options.flatMap((o) => o.lines.map((l) => l.supplier_id)))];
  const supplierIds = supplierIdsOf(quote);
  // The version the organiser was last sent (this one is not marked sent yet): leads go only to what changed.
  const previous = await storesFor(trx).quotes.findLatestSent(stored.id);
  const droppedIds = previous && previous.version !== quote.version ? supplierIdsOf(previous).filter((id) => !supplierIds.includes(id)) : [];
  const spaceNames = await spaceNameMap(suppliers, quote);
  const languages = await storesFor(trx).leadLanguages.forSuppliers([...supplierIds, ...droppedIds]);
  const leads = composeLeads(deps.renderer, stored, quote, await suppliers.findSuppliers(supplierIds), {
    previous,
    dropped: droppedIds.length ? await suppliers.findSuppliers(droppedIds) : [],
    languages,
    hub: hubInfo(deps.config),
  });
  // SPEC §9: a new version sent to an organiser who had picked an option ends that round (requests withdrawn, holds released).
  if (stored.status === 'interested') await endRound(trx, deps as Parameters<typeof endRound>[1], stored, now, 'new_version');
  const issued = { ...quote, sentAt: now.toISOString() };
  await queueEmails(trx, [composeDraftQuote(deps.renderer, deps.config, stored, issued, spaceNames), ...leads], now);
  await storesFor(trx).quotes.markSent(quote.id, now.toISOString());
  await moveBriefOrThrow(trx, stored.id, { to: 'sent', actor, at: now, columns: { sent_at: now.toISOString() } }, `sending the quote of ${stored.ref}`);
  // The quote promises that an advisor answers the organiser's notes personally: the hub board keeps it in sight.
  if (stored.brief.notes?.trim()) await storesFor(trx).briefs.openFollowUp(stored.id);
}

/** Space names of the quote's venues, keyed `supplier_id/space_id`: the snapshot stores only ids (SPEC §8). */
export async function spaceNameMap(suppliers: SupplierStore, quote: StoredQuote): Promise<Map<string, string>> {
  const venueIds = [...new Set(quote.options.map((o) => o.venue.supplier_id))];
  const spaces = await suppliers.spaceNames(venueIds);
  return new Map(spaces.map((s) => [`${s.supplierId}/${s.spaceId}`, s.name]));
}
