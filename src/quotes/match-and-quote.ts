import type { Knex } from 'knex';
import { buildQuoteDraft } from '../matching/build-quote-draft';
import { queueEmail } from '../mail/mail-service';
import { composeNeedsReview } from './quote-emails';
import { sendQuoteInTransaction } from './send-quote';
import { moveBrief, SYSTEM } from '../briefs/brief-lifecycle';
import { sendOrReview } from './send-or-review';
import { catalogueForBrief } from '../matching/holds';
import type { EmailRenderer } from '../mail/email-renderer';
import type { Config } from '../platform/config';
import type { Clock } from '../platform/clock';
import { CatalogueCache, databaseCatalogueSource } from './catalogue-cache';
import { storesFor } from '../stores';

export interface MatchAndQuoteDeps {
  db: Knex;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl' | 'hubEmail' | 'rateStaleDays' | 'quoteOptions' | 'autoSend'>;
  clock: Clock;
  /** The worker process's catalogue per version; without one, the catalogue is loaded for this brief. */
  catalogues?: CatalogueCache;
}

export type MatchOutcome = 'sent' | 'needs_review' | 'already_done' | 'missing';

/**
 * The match-and-quote use case for one brief id. Safe to run twice: the status moves
 * received → matching → sent | needs_review by compare-and-set, and the quote, the status
 * and the e-mails are written in one transaction, so a crash leaves either nothing or all.
 */
export async function matchAndQuote(deps: MatchAndQuoteDeps, briefId: number): Promise<MatchOutcome> {
  const briefs = storesFor(deps.db).briefs;
  const stored = await briefs.findById(briefId);
  if (!stored) return 'missing';
  if (stored.status !== 'received' && stored.status !== 'matching') return 'already_done';
  const now = deps.clock.now();
  if (stored.status === 'received') await deps.db.transaction((trx) => moveBrief(trx, briefId, { to: 'matching', actor: SYSTEM, at: now, from: ['received'] }));
  const cached = await (deps.catalogues ?? new CatalogueCache(databaseCatalogueSource(deps.db))).get();
  // SPEC §9.3–9.4: other briefs' holds block their spaces; venues that declined this brief are left out.
  const availability = storesFor(deps.db).availability;
  const catalogue = catalogueForBrief(cached, briefId, await availability.activeHolds(now), await availability.excludedVenues(briefId));
  const draft = buildQuoteDraft(stored.brief, catalogue, {
    now: now.toISOString(),
    rateStaleDays: deps.config.rateStaleDays,
    quoteOptions: deps.config.quoteOptions,
  });

  const decision = sendOrReview(draft, { autoSend: deps.config.autoSend });

  return deps.db.transaction(async (trx) => {
    // The update takes the row lock on PostgreSQL (SQLite serialises writers anyway): a second
    // run blocks here until the first commits, then finds the brief no longer 'matching'.
    if (!(await storesFor(trx).briefs.lockInStatus(briefId, ['matching']))) return 'already_done' as const;
    const current = (await storesFor(trx).briefs.findById(briefId))!;
    const quote =
      draft.options.length > 0
        ? await storesFor(trx).quotes.insertVersion({ briefId, createdAt: now, createdBy: 'machine', note: null, eliminated: draft.eliminated, options: draft.options })
        : null;
    if (decision.send) {
      await storesFor(trx).briefs.setQuotedAt(briefId, now.toISOString());
      // sendOrReview sends only a draft with options, so a version was just written.
      await sendQuoteInTransaction(trx, deps, current, quote!, now, SYSTEM);
      return 'sent' as const;
    }
    const reasons = decision.reasons;
    await moveBrief(trx, briefId, {
      to: 'needs_review',
      actor: SYSTEM,
      at: now,
      from: ['matching'],
      reason: reasons[0]?.code ?? null,
      columns: { ...(quote ? { quoted_at: now.toISOString() } : {}), review_reasons: JSON.stringify(reasons) },
    });
    await queueEmail(trx, composeNeedsReview(deps.renderer, deps.config, current, reasons, quote?.version ?? null), now);
    return 'needs_review' as const;
  });
}
