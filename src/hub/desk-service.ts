import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import { ConflictError, NotFoundError, type FieldProblem } from '../platform/errors';
import type { EmailRenderer, RenderedEmail } from '../mail/email-renderer';
import { type StoredBrief } from '../briefs/brief-store';
import { type StoredQuote } from '../quotes/quote-store';
import { composeDraftQuote } from '../quotes/quote-emails';
import { QUOTE_EDITABLE, type BriefStatus } from '../briefs/brief-lifecycle';
import { sendQuoteInTransaction, spaceNameMap } from '../quotes/send-quote';
import { eurosToCents } from '../pricing/money';
import { applyQuoteEdit, type QuoteEdit } from './quote-editor';
import { DeskReadModel, type DeskData } from './desk-read-model';
import { buildQuoteDraft } from '../matching/build-quote-draft';
import { CatalogueCache, databaseCatalogueSource } from '../quotes/catalogue-cache';
import type { Criterion } from '../core/brief-schema';
import { createHash } from 'node:crypto';
import { dedupeKey, queueEmail } from '../mail/mail-service';
import { briefSummary } from '../quotes/quote-emails';
import { hubInfo } from '../i18n/hub-info';
import { t } from '../i18n/translate';
import { storesFor } from '../stores';
import { dateSets } from '../core/brief-schema';
import type { QuoteOption } from '../core/quote-types';
import { formatDateRange } from '../matching/date-range-text';
import { breakoutSpaces, dateSetValue, plenarySpace, searchVenues } from './option-shape';
import { resolveShapes, type ShapeContext } from './quote-shapes';
import { addedOption, MAX_ADDED_OPTIONS, type ShapeSupport } from './quote-editor-form';
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

/** `basis` and `edit`: the options and the edit as resolved (shapes priced), what the editor re-shows. */
export type EditResult =
  | { ok: true; quote: StoredQuote; email: RenderedEmail | null; basis: QuoteOption[]; edit: QuoteEdit }
  | { ok: false; errors: FieldProblem[]; basis: QuoteOption[]; edit: QuoteEdit };

/** What the editor page needs beside the edit: the selects' choices and every supplier's name. */
export interface EditorSupport {
  shapes: ShapeSupport;
  names: Map<string, string>;
}

/** Statuses whose quote a person may still change and send (as QuoteService.send). */
const EDITABLE: readonly BriefStatus[] = QUOTE_EDITABLE.filter((s) => s !== 'matching');

function editContext(brief: StoredBrief) {
  const budget = brief.brief.budget_eur;
  return { language: brief.language, budgetCents: budget === undefined ? null : eurosToCents(budget) };
}

function staleBase(edit: QuoteEdit, latest: StoredQuote | null): FieldProblem[] {
  if (!latest) return edit.baseVersion === 0 ? [] : [{ field: 'base_version', message: `version ${edit.baseVersion} no longer exists: reload the page` }];
  return edit.baseVersion === latest.version
    ? []
    : [{ field: 'base_version', message: `version ${latest.version} was saved by ${latest.createdBy} while you edited version ${edit.baseVersion}: reload the page to edit the latest` }];
}

/** The brief desk's use cases: read a brief for review, re-price or preview an edit, save and send it. */
export class DeskService {
  /** The catalogue the desk prices with, reloaded only when its version changes. */
  private readonly catalogue: CatalogueCache;

  constructor(private readonly deps: DeskServiceDeps) {
    this.catalogue = new CatalogueCache(databaseCatalogueSource(deps.db));
  }

  private async shapeContext(brief: StoredBrief): Promise<ShapeContext> {
    return { brief: brief.brief, prepared: await this.catalogue.get(), settings: { now: this.deps.clock.now().toISOString(), rateStaleDays: this.deps.config.rateStaleDays ?? 45 } };
  }

  /** Shapes priced, then lines edited: the next version's options, or every problem and nothing else. */
  private edited(brief: StoredBrief, latest: StoredQuote | null, edit: QuoteEdit, ctx: ShapeContext): ({ ok: true; options: QuoteOption[]; note: string | null; basis: QuoteOption[]; edit: QuoteEdit } | { ok: false; errors: FieldProblem[]; basis: QuoteOption[]; edit: QuoteEdit }) {
    const resolved = resolveShapes(latest?.options ?? [], edit, { ...ctx, brief: brief.brief });
    const stale = staleBase(edit, latest);
    if (stale.length) return { ok: false, errors: stale, basis: resolved.basis, edit: resolved.edit };
    const outcome = applyQuoteEdit(resolved.basis, resolved.edit, editContext(brief));
    const errors = [...resolved.errors, ...(outcome.ok ? [] : outcome.errors)];
    if (resolved.basis.length === 0) errors.push({ field: 'options', message: 'there is no option to send: build one by hand from the catalogue first' });
    if (errors.length || !outcome.ok) return { ok: false, errors, basis: resolved.basis, edit: resolved.edit };
    return { ok: true, options: outcome.options, note: outcome.note, basis: resolved.basis, edit: resolved.edit };
  }

  /** The editor's selects (date sets, spaces of each option's venue) and the names of every supplier in the options. */
  async editorSupport(data: DeskData, basis: readonly QuoteOption[]): Promise<EditorSupport> {
    const { prepared } = await this.shapeContext(data.brief);
    const b = data.brief.brief;
    const sets = dateSets(b).map((set, i) => ({ value: dateSetValue(set), label: `${formatDateRange(set, 'en')} (${i === 0 ? 'main dates' : `alternative ${i}`})` }));
    const spaces = new Map(basis.map((o) => [o.venue.supplier_id, prepared.spaces.get(o.venue.supplier_id) ?? []] as const));
    const ids = new Set(basis.flatMap((o) => [o.venue.supplier_id, ...o.lines.map((l) => l.supplier_id)]));
    const names = new Map(data.supplierNames);
    for (const s of prepared.catalogue.suppliers) if (ids.has(s.supplierId) && !names.has(s.supplierId)) names.set(s.supplierId, s.name);
    return {
      shapes: { sets, breakouts: b.breakouts ?? null, layout: b.event.layout, attendees: b.event.attendees, spaces, baseCount: data.quote?.options.length ?? 0 },
      names,
    };
  }

  /** Issue 15: active venues of the catalogue by name or city, for building an option by hand. */
  async findVenues(query: string): Promise<ReturnType<typeof searchVenues>> {
    return searchVenues(await this.catalogue.get(), query.slice(0, 100));
  }

  /**
   * A venue added to the edit as a new option, shaped as the matcher would shape it (its smallest
   * plenary room seating everyone, the smallest fitting breakouts, the main dates), for staff to change
   * and re-price. Null when it is not an active venue.
   */
  async addOption(data: DeskData, edit: QuoteEdit, supplierId: string): Promise<{ ok: true; edit: QuoteEdit } | { ok: false; error: string }> {
    const prepared = await this.catalogue.get();
    const venue = prepared.venues.find((v) => v.venue.supplierId === supplierId);
    if (!venue) return { ok: false, error: `"${supplierId.slice(0, 100)}" is not an active venue of the catalogue` };
    const added = edit.options.filter((o) => o.rank > (data.quote?.options.length ?? 0) && !o.drop).length;
    if (added >= MAX_ADDED_OPTIONS) return { ok: false, error: `at most ${MAX_ADDED_OPTIONS} options built by hand at a time: send these first` };
    const b = data.brief.brief;
    const plenary = plenarySpace(venue.spaces, b.event.layout, b.event.attendees);
    const breakouts = b.breakouts && plenary ? (breakoutSpaces(venue.spaces, plenary, b.breakouts) ?? []) : [];
    const rank = Math.max(data.quote?.options.length ?? 0, ...edit.options.map((o) => o.rank)) + 1;
    const shape = {
      supplierId,
      spaceId: plenary?.spaceId ?? '',
      dates: dateSetValue(dateSets(b)[0]!),
      breakoutSpaceIds: b.breakouts ? Array.from({ length: b.breakouts.rooms }, (_, i) => breakouts[i]?.spaceId ?? '') : [],
    };
    return { ok: true, edit: { ...edit, options: [...edit.options, addedOption(rank, shape)] } };
  }

  async load(ref: string): Promise<DeskData> {
    const data = await new DeskReadModel(this.deps.db).load(ref);
    if (!data) throw new NotFoundError(`brief ${ref}`);
    return data;
  }

  /** Validates and re-prices without saving anything; with `preview`, also renders the organiser's e-mail as it would go. */
  async tryEdit(data: DeskData, edit: QuoteEdit, preview: boolean): Promise<EditResult> {
    const { brief, quote } = data;
    const outcome = this.edited(brief, quote, edit, await this.shapeContext(brief));
    if (!outcome.ok) return outcome;
    const base = quote ?? { id: 0, briefId: brief.id, version: 0, createdBy: '', eliminated: [] };
    const draft = { ...base, version: base.version + 1, createdAt: this.deps.clock.now().toISOString(), note: outcome.note, sentAt: null, options: outcome.options } as StoredQuote;
    const email = preview ? await this.renderDraftQuote(brief, draft) : null;
    return { ok: true, quote: draft, email, basis: outcome.basis, edit: outcome.edit };
  }

  private async renderDraftQuote(brief: StoredBrief, quote: StoredQuote): Promise<RenderedEmail> {
    const spaceNames = await spaceNameMap(storesFor(this.deps.db).suppliers, quote);
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
    // Read before the transaction (SQLite has one connection): the catalogue is not part of what it locks.
    const shapes = await this.shapeContext((await this.load(ref)).brief);
    const result = await this.deps.db.transaction(async (trx): Promise<EditResult> => {
      const briefs = storesFor(trx).briefs;
      const brief = await briefs.findByRef(ref);
      if (!brief) throw new NotFoundError(`brief ${ref}`);
      if (!EDITABLE.includes(brief.status)) throw new ConflictError(`brief ${ref} is ${brief.status}: its quote can no longer be sent`);
      // Taking the row lock first (a no-op update) serialises concurrent saves on PostgreSQL.
      await briefs.lockInStatus(brief.id, [brief.status]);
      const quotes = storesFor(trx).quotes;
      const latest = await quotes.findLatest(brief.id);
      // Re-priced shapes and hand-built options are priced here again, under the lock: what is saved is what was checked.
      const outcome = this.edited(brief, latest, edit, shapes);
      if (!outcome.ok) return outcome;
      const saved = await quotes.insertVersion({ briefId: brief.id, createdAt: now, createdBy: staffEmail, note: outcome.note, eliminated: latest?.eliminated ?? [], options: outcome.options });
      // The first quote of a brief no venue fitted, built by hand: it is priced now.
      if (!latest) await briefs.setQuotedAt(brief.id, now.toISOString());
      await sendQuoteInTransaction(trx, this.deps, brief, saved, now, { kind: 'hub', ref: staffEmail });
      return { ok: true, quote: saved, email: null, basis: outcome.basis, edit: outcome.edit };
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
    const catalogue = await this.catalogue.get();
    const now = this.deps.clock.now();
    const settings = { now: now.toISOString(), rateStaleDays: this.deps.config.rateStaleDays ?? 45, quoteOptions: COUNT_ALL_VENUES };
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
      const brief = await storesFor(trx).briefs.findByRef(ref);
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
    const briefs = storesFor(this.deps.db).briefs;
    const brief = await briefs.findByRef(ref);
    if (!brief) throw new NotFoundError(`brief ${ref}`);
    await briefs.closeFollowUp(brief.id, staffEmail, this.deps.clock.now().toISOString());
  }
}
