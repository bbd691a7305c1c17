import { loadOutcome, type BriefOutcome } from '../briefs/brief-outcome';
import type { Knex } from 'knex';
import { type StoredBrief } from '../briefs/brief-store';
import { type StoredQuote } from './quote-store';
import { QUOTE_EDITABLE } from '../briefs/brief-lifecycle';
import { sendQuoteInTransaction, spaceNameMap, type SendQuoteDeps } from './send-quote';
import { recordInterest } from './quote-interest';
import type { Config } from '../platform/config';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Brief } from '../core/brief-schema';
import type { QuoteOption } from '../core/quote-types';
import { storesFor } from '../stores';

export interface QuoteServiceDeps extends SendQuoteDeps {
  config: Pick<Config, 'publicUrl' | 'hubEmail' | 'supplierResponseHours' | 'holdDays'> & Partial<Config>;
  db: Knex;
  clock: Clock;
  afterCommit(): void;
}

/** SPEC §8 JSON of one brief and its latest quote. */
export function briefToApi(stored: StoredBrief, quote: StoredQuote | null) {
  return {
    ref: stored.ref,
    status: stored.status,
    received_at: stored.receivedAt,
    sla_due_at: stored.slaDueAt,
    quoted_at: stored.quotedAt,
    sent_at: stored.sentAt,
    review_reasons: stored.reviewReasons,
    // SPEC §8: the brief as submitted (defaults applied), with its alternative dates, breakouts and rooms night by night.
    brief: stored.brief,
    quote: quote ? { version: quote.version, currency: 'EUR', options: quote.options.map((o) => optionToApi(o, stored.brief)) } : null,
  };
}

/**
 * SPEC §8: every option names its date set and its breakout spaces. Options of a brief with only its main
 * dates (and quotes stored before these fields existed) carry neither: they use the main dates, no breakout.
 */
export function optionToApi(option: QuoteOption, brief: Brief): QuoteOption {
  const { rank, score, stale_rates, venue, dates, ...rest } = option;
  return {
    rank,
    score,
    stale_rates,
    venue: { ...venue, breakout_space_ids: venue.breakout_space_ids ?? [] },
    dates: dates ?? { start_date: brief.event.start_date, end_date: brief.event.end_date },
    ...rest,
  };
}

export class QuoteService {
  constructor(private readonly deps: QuoteServiceDeps) {}

  /** Where the organiser's links point (PUBLIC_URL), for the online quote's same-origin check. */
  get publicUrl(): string {
    return this.deps.config.publicUrl;
  }

  async getByRef(ref: string): Promise<{ brief: StoredBrief; quote: StoredQuote | null }> {
    const brief = await storesFor(this.deps.db).briefs.findByRef(ref);
    if (!brief) throw new NotFoundError(`brief ${ref}`);
    return { brief, quote: await storesFor(this.deps.db).quotes.findLatest(brief.id) };
  }

  /** SPEC §9.8: the brief's `outcome` for GET /api/briefs/:ref. */
  async outcomeOf(brief: StoredBrief, quote: StoredQuote | null): Promise<BriefOutcome> {
    return loadOutcome(this.deps.db, brief, quote);
  }

  async getByToken(token: string): Promise<{ brief: StoredBrief; quote: StoredQuote | null }> {
    const brief = await storesFor(this.deps.db).briefs.findByPublicToken(token);
    if (!brief) throw new NotFoundError('quote');
    return { brief, quote: await storesFor(this.deps.db).quotes.findLatest(brief.id) };
  }

  /** What the organiser's link shows: the latest version they were sent, and its venues' space names. */
  async getOnline(token: string): Promise<{ brief: StoredBrief; quote: StoredQuote | null; spaceNames: ReadonlyMap<string, string> }> {
    const brief = await storesFor(this.deps.db).briefs.findByPublicToken(token);
    if (!brief) throw new NotFoundError('quote');
    const quote = await storesFor(this.deps.db).quotes.findLatestSent(brief.id);
    const spaceNames = quote ? await spaceNameMap(storesFor(this.deps.db).suppliers, quote) : new Map<string, string>();
    return { brief, quote, spaceNames };
  }

  /** The organiser's "this option interests me". */
  async recordInterest(token: string, rank: number, formToken: unknown): Promise<{ brief: StoredBrief; venueName: string }> {
    const result = await recordInterest(this.deps, token, rank, formToken, this.deps.clock.now());
    this.deps.afterCommit();
    return result;
  }

  /** Hub action: send the current draft. Sending an already-sent version again is a no-op. */
  async send(ref: string): Promise<StoredBrief> {
    const result = await this.deps.db.transaction(async (trx) => {
      const brief = await storesFor(trx).briefs.findByRef(ref);
      if (!brief) throw new NotFoundError(`brief ${ref}`);
      if (['received', 'matching'].includes(brief.status)) throw new ConflictError(`brief ${ref} is still being matched`);
      if (!QUOTE_EDITABLE.includes(brief.status)) throw new ConflictError(`brief ${ref} is ${brief.status}`);
      const quote = await storesFor(trx).quotes.findLatest(brief.id);
      if (!quote || quote.options.length === 0) throw new ConflictError(`brief ${ref} has no quote with options to send`);
      await sendQuoteInTransaction(trx, this.deps, brief, quote, this.deps.clock.now(), { kind: 'hub', ref: 'api' });
      return (await storesFor(trx).briefs.findById(brief.id))!;
    });
    this.deps.afterCommit();
    return result;
  }
}
