import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import { ConflictError, NotFoundError, type FieldProblem } from '../platform/errors';
import type { EmailRenderer, RenderedEmail } from '../mail/email-renderer';
import { BriefStore, type StoredBrief } from '../briefs/brief-store';
import { QuoteStore, type StoredQuote } from '../quotes/quote-store';
import { SupplierStore } from '../suppliers/supplier-store';
import { composeDraftQuote } from '../quotes/quote-emails';
import { QUOTE_EDITABLE, type BriefStatus } from '../briefs/brief-lifecycle';
import { sendQuoteInTransaction, spaceNameMap } from '../quotes/send-quote';
import { eurosToCents } from '../pricing/money';
import { applyQuoteEdit, type QuoteEdit } from './quote-editor';
import { DeskReadModel, type DeskData } from './desk-read-model';
import { buildQuoteDraft } from '../matching/build-quote-draft';
import { CatalogueCache, databaseCatalogueSource } from '../quotes/catalogue-cache';
import { parisDate } from '../platform/clock';
import type { Criterion } from '../briefs/brief-schema';
import { createHash } from 'node:crypto';
import { dedupeKey, queueEmail } from '../mail/mail-service';
import { briefSummary } from '../quotes/quote-emails';
import { hubInfo } from '../i18n/hub-info';
import { t } from '../i18n/translate';
import { loadOutcome, type BriefOutcome } from '../briefs/brief-outcome';
import { cancelBrief, markLost, type OutcomeResult } from '../briefs/brief-outcomes';

export const MESSAGE_MAX = 5000;

/** One way out of `no_feasible_venue`: drop this non-negotiable (or all of them) and so many venues become options. */
export interface Relaxation {
  criterion: Criterion | 'all';
  venues: number;
}

/** Enough to count every venue a relaxation frees, not only the QUOTE_OPTIONS that would be quoted. */
const COUNT_ALL_VENUES = 10_000;

export interface DeskServiceDeps {
  db: Knex;
  clock: Clock;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl'> & Partial<Config>;
  /** Wakes the outbox relay once the e-mails are committed. */
  afterCommit(): void;
}

export type EditResult =
  | { ok: true; quote: StoredQuote; email: RenderedEmail | null }
  | { ok: false; errors: FieldProblem[] };

/** Statuses whose quote a person may still change and send (as QuoteService.send). */
const EDITABLE: readonly BriefStatus[] = QUOTE_EDITABLE.filter((s) => s !== 'matching');

function editContext(brief: StoredBrief) {
  const budget = brief.brief.budget_eur;
  return { language: brief.language, budgetCents: budget === undefined ? null : eurosToCents(budget) };
}

function staleBase(edit: QuoteEdit, latest: StoredQuote): FieldProblem[] {
  return edit.baseVersion === latest.version
    ? []
    : [{ field: 'base_version', message: `version ${latest.version} was saved by ${latest.createdBy} while you edited version ${edit.baseVersion}: reload the page to edit the latest` }];
}

/** The brief desk's use cases: read a brief for review, re-price or preview an edit, save and send it. */
export class DeskService {
  constructor(private readonly deps: DeskServiceDeps) {}

  async load(ref: string): Promise<DeskData> {
    const data = await new DeskReadModel(this.deps.db).load(ref);
    if (!data) throw new NotFoundError(`brief ${ref}`);
    return data;
  }

  /** Validates and re-prices without saving anything; with `preview`, also renders the organiser's e-mail as it would go. */
  async tryEdit(data: DeskData, edit: QuoteEdit, preview: boolean): Promise<EditResult> {
    const { brief, quote } = data;
    if (!quote || quote.options.length === 0) throw new ConflictError(`brief ${brief.ref} has no quote with options to edit`);
    const stale = staleBase(edit, quote);
    if (stale.length) return { ok: false, errors: stale };
    const outcome = applyQuoteEdit(quote.options, edit, editContext(brief));
    if (!outcome.ok) return outcome;
    const draft: StoredQuote = { ...quote, version: quote.version + 1, createdAt: this.deps.clock.now().toISOString(), note: outcome.note, sentAt: null, options: outcome.options };
    const email = preview ? await this.renderDraftQuote(brief, draft) : null;
    return { ok: true, quote: draft, email };
  }

  private async renderDraftQuote(brief: StoredBrief, quote: StoredQuote): Promise<RenderedEmail> {
    const spaceNames = await spaceNameMap(new SupplierStore(this.deps.db), quote);
    const { subject, html, text } = composeDraftQuote(this.deps.renderer, this.deps.config, brief, quote, spaceNames);
    return { subject, html, text };
  }

  /**
   * Saves the edit as a new quote version and sends it, in one transaction: the organiser's link
   * and draft_quote e-mail show the new version, or nothing changed at all. The latest version is
   * re-read under the transaction, so two people saving at once cannot both build on version n.
   */
  async saveAndSend(ref: string, edit: QuoteEdit, staffEmail: string): Promise<EditResult> {
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction(async (trx): Promise<EditResult> => {
      const briefs = new BriefStore(trx);
      const brief = await briefs.findByRef(ref);
      if (!brief) throw new NotFoundError(`brief ${ref}`);
      if (!EDITABLE.includes(brief.status)) throw new ConflictError(`brief ${ref} is ${brief.status}: its quote can no longer be sent`);
      // Taking the row lock first (a no-op update) serialises concurrent saves on PostgreSQL.
      await briefs.lockInStatus(brief.id, [brief.status]);
      const quotes = new QuoteStore(trx);
      const latest = await quotes.findLatest(brief.id);
      if (!latest || latest.options.length === 0) throw new ConflictError(`brief ${ref} has no quote with options to edit`);
      const stale = staleBase(edit, latest);
      if (stale.length) return { ok: false, errors: stale };
      const outcome = applyQuoteEdit(latest.options, edit, editContext(brief));
      if (!outcome.ok) return outcome;
      const saved = await quotes.insertVersion({ briefId: brief.id, createdAt: now, createdBy: staffEmail, note: outcome.note, eliminated: latest.eliminated, options: outcome.options });
      await sendQuoteInTransaction(trx, this.deps, brief, saved, now, { kind: 'hub', ref: staffEmail });
      return { ok: true, quote: saved, email: null };
    });
    if (result.ok) this.deps.afterCommit();
    return result;
  }

  /**
   * For a brief with no feasible venue: how many venues dropping each non-negotiable (then all of
   * them) would turn into priced options, by matching it again against today's catalogue with that
   * criterion made soft. Pure matching, nothing saved. Empty when the brief is not in that state.
   */
  async relaxations(data: DeskData): Promise<Relaxation[]> {
    const { brief } = data;
    if (!brief.reviewReasons.some((r) => r.code === 'no_feasible_venue')) return [];
    const hard = brief.brief.non_negotiable ?? [];
    if (hard.length === 0) return [];
    const catalogue = await new CatalogueCache(databaseCatalogueSource(this.deps.db)).get();
    const now = this.deps.clock.now();
    const settings = { today: parisDate(now), now: now.toISOString(), rateStaleDays: this.deps.config.rateStaleDays ?? 45, quoteOptions: COUNT_ALL_VENUES };
    const freed = (keep: Criterion[]) => buildQuoteDraft({ ...brief.brief, non_negotiable: keep }, catalogue, settings).options.length;
    const each: Relaxation[] = hard.map((criterion) => ({ criterion, venues: freed(hard.filter((c) => c !== criterion)) }));
    if (hard.length > 1) each.push({ criterion: 'all', venues: freed([]) });
    return each;
  }

  /**
   * A message from staff to the organiser, in the organiser's language, logged in the mail log.
   * SPEC §7 names every X-PCE-Kind and none is for this, so it travels as `brief_received` (the
   * organiser's correspondence about their brief, with its ref); the dedupe key carries a hash of
   * the text, so pressing Send twice sends one e-mail.
   */
  async sendMessage(ref: string, message: string, staffEmail: string): Promise<{ ok: true; queued: boolean } | { ok: false; errors: FieldProblem[] }> {
    const text = message.replace(/\r\n/g, '\n').trim();
    if (text === '' || text.length > MESSAGE_MAX) return { ok: false, errors: [{ field: 'message', message: `write a message of 1 to ${MESSAGE_MAX} characters` }] };
    const now = this.deps.clock.now();
    const queued = await this.deps.db.transaction(async (trx) => {
      const brief = await new BriefStore(trx).findByRef(ref);
      if (!brief) throw new NotFoundError(`brief ${ref}`);
      const summary = briefSummary(brief);
      const hub = hubInfo(this.deps.config);
      const to = brief.brief.organiser.email;
      const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
      return queueEmail(
        trx,
        {
          dedupeKey: dedupeKey({ kind: 'brief_received', recipient: to, briefId: brief.id, extra: `staff-message:${hash}` }),
          kind: 'brief_received',
          recipient: to,
          briefId: brief.id,
          quoteVersion: null,
          supplierId: null,
          ...this.deps.renderer.render('staff_message', t(summary.lang, 'staff_message_subject', { ref: brief.ref }), { ...summary, hub, message: text, sentBy: staffEmail }),
        },
        now,
      );
    });
    if (queued) this.deps.afterCommit();
    return { ok: true, queued };
  }

  /** SPEC §9.8: the brief's outcome (history, pick, requests, holds, lost reason, satisfaction) for the desk. */
  async outcome(data: DeskData): Promise<BriefOutcome> {
    return loadOutcome(this.deps.db, data.brief, data.quote);
  }

  /** SPEC §9.6: lost with a reason, by hub staff; open requests and holds end and their suppliers are told. */
  async markLost(ref: string, input: { reason?: unknown; comment?: unknown }, staffEmail: string): Promise<OutcomeResult> {
    const result = await markLost(this.deps, ref, input, staffEmail);
    if (result.ok) this.deps.afterCommit();
    return result;
  }

  async cancel(ref: string, input: { comment?: unknown }, staffEmail: string): Promise<OutcomeResult> {
    const result = await cancelBrief(this.deps, ref, input, staffEmail);
    if (result.ok) this.deps.afterCommit();
    return result;
  }

  /** Marks the brief's follow_up task done (SPEC §7); doing it twice is harmless. */
  async closeFollowUp(ref: string, staffEmail: string): Promise<void> {
    const briefs = new BriefStore(this.deps.db);
    const brief = await briefs.findByRef(ref);
    if (!brief) throw new NotFoundError(`brief ${ref}`);
    await briefs.closeFollowUp(brief.id, staffEmail, this.deps.clock.now().toISOString());
  }
}
