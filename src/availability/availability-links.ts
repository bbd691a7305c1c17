import type { Knex } from 'knex';
import type { Language } from '../core/brief-schema';
import { type StoredBrief } from '../briefs/brief-store';
import { ORGANISER, type Actor } from '../briefs/brief-lifecycle';
import type { Supplier } from '../core/catalogue-types';
import type { Clock } from '../platform/clock';
import type { QuoteOption } from '../core/quote-types';
import { ConflictError, ForbiddenError, NotFoundError } from '../platform/errors';
import { sha256Hex } from '../platform/secrets';
import { type AvailabilityRequest, type Hold } from './availability-store';
import { supplierLines, optionDates } from './availability-emails';
import { applyAnswer, bookBrief, isValidAnswerFormToken, isValidBookFormToken, parseAnswer, type AnswerInput, type AnswerOutcome, type AvailabilityDeps } from './availability-service';
import { storesFor } from '../stores';

export interface AvailabilityServiceDeps extends AvailabilityDeps {
  db: Knex;
  clock: Clock;
  /** Wakes the outbox relay once a transaction that queued e-mails or jobs committed. */
  afterCommit(): void;
}

export interface RequestPage {
  request: AvailabilityRequest;
  brief: StoredBrief;
  supplier: Supplier | null;
  option: QuoteOption | null;
  lang: Language;
  lines: ReturnType<typeof supplierLines>;
  dates: { start_date: string; end_date: string } | null;
}

/** Tokens look like what randomToken mints; anything else is not looked up at all. */
const PLAUSIBLE_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The public and portal faces of SPEC §9.2 and §9.5: opening and answering an availability
 * request from its one-click link or the portal, and booking from the organiser's quote page
 * or the hub desk. Each action is one transaction (see availability-service.ts).
 */
export class AvailabilityService {
  constructor(private readonly deps: AvailabilityServiceDeps) {}

  get publicUrl(): string {
    return this.deps.config.publicUrl;
  }

  private async pageFor(request: AvailabilityRequest): Promise<RequestPage | null> {
    const db = this.deps.db;
    const brief = await storesFor(db).briefs.findById(request.briefId);
    if (!brief) return null;
    const supplier = await storesFor(db).suppliers.findSupplier(request.supplierId);
    const lang = (await storesFor(db).leadLanguages.forSuppliers([request.supplierId])).get(request.supplierId) ?? 'fr';
    const quote = await storesFor(db).quotes.findVersion(brief.id, request.quoteVersion);
    const option = quote?.options.find((o) => o.rank === request.optionRank) ?? null;
    const names = option ? new Map((await storesFor(db).suppliers.spaceNames([option.venue.supplier_id])).map((s) => [`${s.supplierId}/${s.spaceId}`, s.name])) : new Map<string, string>();
    return {
      request,
      brief,
      supplier,
      option,
      lang,
      lines: option ? supplierLines(option, request.supplierId, names, lang) : [],
      dates: option ? optionDates(brief, option) : null,
    };
  }

  /** The request a link opens, or null (unknown, malformed): never a state change. */
  async openByToken(token: string): Promise<RequestPage | null> {
    if (!PLAUSIBLE_TOKEN.test(token)) return null;
    const request = await storesFor(this.deps.db).availability.findByTokenHash(sha256Hex(token));
    return request ? this.pageFor(request) : null;
  }

  /**
   * The answer posted from the link's page. NotFoundError for an unknown token, ForbiddenError
   * for a form not made by the page, ValidationError-like null from parseAnswer → ConflictError.
   */
  async answerByToken(token: string, input: AnswerInput & { form?: unknown }): Promise<{ outcome: AnswerOutcome; page: RequestPage }> {
    const page = await this.openByToken(token);
    if (!page) throw new NotFoundError('availability request');
    if (!isValidAnswerFormToken(token, page.request.id, input.form)) throw new ForbiddenError('the answer was not sent from the availability page');
    const answer = parseAnswer(input);
    if (!answer) throw new ConflictError('choose a reason for declining');
    return this.answer(page, answer, { kind: 'supplier', ref: page.request.supplierId });
  }

  /** The same answer from the venue portal (the route checked the staff member may act for `supplierId`). */
  async answerFromPortal(supplierId: string, requestId: number, input: AnswerInput, staffEmail: string): Promise<{ outcome: AnswerOutcome; page: RequestPage }> {
    const request = await storesFor(this.deps.db).availability.findRequest(requestId);
    if (!request || request.supplierId !== supplierId) throw new NotFoundError('availability request');
    const page = await this.pageFor(request);
    if (!page) throw new NotFoundError('availability request');
    const answer = parseAnswer(input);
    if (!answer) throw new ConflictError('choose a reason for declining');
    return this.answer(page, answer, { kind: 'supplier', ref: staffEmail });
  }

  private async answer(page: RequestPage, answer: NonNullable<ReturnType<typeof parseAnswer>>, actor: Actor) {
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction((trx) => applyAnswer(trx, this.deps, page.request.id, answer, actor, now));
    this.deps.afterCommit();
    return { outcome: result.outcome, page: { ...page, request: result.request } };
  }

  /** The organiser books from their quote page (SPEC §9.5). */
  async bookFromQuote(token: string, formToken: unknown): Promise<{ brief: StoredBrief; venueName: string }> {
    const now = this.deps.clock.now();
    const out = await this.deps.db.transaction(async (trx) => {
      const brief = await storesFor(trx).briefs.findByPublicToken(token);
      if (!brief) throw new NotFoundError('quote');
      if (!isValidBookFormToken(token, brief.ref, formToken)) throw new ForbiddenError('the booking was not sent from the quote page');
      if (brief.status === 'booked') return { brief, venueName: await this.venueNameOf(trx, brief) };
      if (brief.status !== 'confirmed') throw new ConflictError('this quote can no longer be booked online');
      if (!(await bookBrief(trx, this.deps, brief, ORGANISER, now))) throw new ConflictError('this quote can no longer be booked online');
      const after = (await storesFor(trx).briefs.findById(brief.id))!;
      return { brief: after, venueName: await this.venueNameOf(trx, after) };
    });
    this.deps.afterCommit();
    return out;
  }

  /** Hub staff record a booking agreed by telephone (SPEC §9.5); `rank` when the organiser picked none online. */
  async bookByHub(ref: string, staffEmail: string, rank?: number): Promise<boolean> {
    const now = this.deps.clock.now();
    const booked = await this.deps.db.transaction(async (trx) => {
      const brief = await storesFor(trx).briefs.findByRef(ref);
      if (!brief) throw new NotFoundError(`brief ${ref}`);
      if (!['sent', 'interested', 'confirmed'].includes(brief.status)) throw new ConflictError(`brief ${ref} is ${brief.status}`);
      return bookBrief(trx, this.deps, brief, { kind: 'hub', ref: staffEmail }, now, rank);
    });
    this.deps.afterCommit();
    return booked;
  }

  private async venueNameOf(trx: Knex.Transaction, brief: StoredBrief): Promise<string> {
    const quote = await storesFor(trx).quotes.findLatestSent(brief.id);
    return quote?.options.find((o) => o.rank === brief.interestRank)?.venue.name ?? '';
  }

  /** What the portal lists for one supplier: requests awaiting an answer and active holds. */
  async portalView(supplierId: string): Promise<{ requests: RequestPage[]; holds: Array<Hold & { ref: string }> }> {
    const store = storesFor(this.deps.db).availability;
    const requests = (await Promise.all((await store.openRequestsOfSuppliers([supplierId])).map((r) => this.pageFor(r)))).filter((p): p is RequestPage => p !== null);
    const holds = await store.activeHoldsOfSuppliers([supplierId]);
    const refs = new Map<number, string>();
    for (const h of holds) if (!refs.has(h.briefId)) refs.set(h.briefId, (await storesFor(this.deps.db).briefs.findById(h.briefId))?.ref ?? '');
    return { requests, holds: holds.map((h) => ({ ...h, ref: refs.get(h.briefId) ?? '' })) };
  }

  async holdsOfBrief(briefId: number): Promise<Hold[]> {
    return storesFor(this.deps.db).availability.holdsOfBrief(briefId);
  }

  async requestsOfBrief(briefId: number): Promise<AvailabilityRequest[]> {
    return storesFor(this.deps.db).availability.requestsOfBrief(briefId);
  }
}
