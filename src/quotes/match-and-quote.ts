import type { Knex } from 'knex';
import { BriefStore } from '../briefs/brief-store';
import { QuoteStore } from './quote-store';
import { buildQuoteDraft } from '../matching/build-quote-draft';
import { queueEmail } from '../mail/mail-service';
import { composeNeedsReview } from './quote-emails';
import { sendQuoteInTransaction } from './send-quote';
import { moveBrief, SYSTEM } from '../briefs/brief-lifecycle';
import { catalogueForBrief } from '../matching/holds';
import { AvailabilityStore } from '../availability/availability-store';
import type { EmailRenderer } from '../mail/email-renderer';
import type { Config } from '../platform/config';
import type { Clock } from '../platform/clock';
import { parisDate } from '../platform/clock';
import type { ReviewReason } from './quote-types';
import { CatalogueCache, databaseCatalogueSource } from './catalogue-cache';

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
  const briefs = new BriefStore(deps.db);
  const stored = await briefs.findById(briefId);
  if (!stored) return 'missing';
  if (stored.status !== 'received' && stored.status !== 'matching') return 'already_done';
  const now = deps.clock.now();
  if (stored.status === 'received') await deps.db.transaction((trx) => moveBrief(trx, briefId, { to: 'matching', actor: SYSTEM, at: now, from: ['received'] }));
  const cached = await (deps.catalogues ?? new CatalogueCache(databaseCatalogueSource(deps.db))).get();
  // SPEC §9.3–9.4: other briefs' holds block their spaces; venues that declined this brief are left out.
  const availability = new AvailabilityStore(deps.db);
  const catalogue = catalogueForBrief(cached, briefId, await availability.activeHolds(now), await availability.excludedVenues(briefId));
  const draft = buildQuoteDraft(stored.brief, catalogue, {
    today: parisDate(now),
    now: now.toISOString(),
    rateStaleDays: deps.config.rateStaleDays,
    quoteOptions: deps.config.quoteOptions,
  });

  const reasons: ReviewReason[] = [...draft.review_reasons];
  const stale = draft.options.filter((o) => o.stale_rates);
  if (stale.length > 0) {
    reasons.push({ code: 'stale_rates', detail: `rates not confirmed for ${stale.length} option(s): ${stale.map((o) => o.venue.name).join(', ')}` });
  }
  if (draft.options.length > 0 && reasons.length === 0 && !deps.config.autoSend) {
    reasons.push({ code: 'auto_send_off', detail: 'AUTO_SEND is off: a person sends every quote' });
  }

  return deps.db.transaction(async (trx) => {
    // The update takes the row lock on PostgreSQL (SQLite serialises writers anyway): a second
    // run blocks here until the first commits, then finds the brief no longer 'matching'.
    if (!(await new BriefStore(trx).lockInStatus(briefId, ['matching']))) return 'already_done' as const;
    const current = (await new BriefStore(trx).findById(briefId))!;
    const quote =
      draft.options.length > 0
        ? await new QuoteStore(trx).insertVersion({ briefId, createdAt: now, createdBy: 'machine', note: null, eliminated: draft.eliminated, options: draft.options })
        : null;
    if (reasons.length === 0 && quote) {
      await new BriefStore(trx).setQuotedAt(briefId, now.toISOString());
      await sendQuoteInTransaction(trx, deps, current, quote, now, SYSTEM);
      return 'sent' as const;
    }
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
