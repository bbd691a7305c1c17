import type { Knex } from 'knex';
import { createHmac } from 'node:crypto';
import { type StoredBrief } from '../briefs/brief-store';
import { moveBrief, SYSTEM, type Actor } from '../briefs/brief-lifecycle';
import { type StoredQuote } from '../quotes/quote-store';
import { queueEmail, queueEmails } from '../mail/mail-service';
import { QUEUE_NAMES } from '../queue/queues';
import { composeNeedsReview } from '../quotes/quote-emails';
import type { EmailRenderer } from '../mail/email-renderer';
import type { Config } from '../platform/config';
import type { QuoteOption, ReviewReason } from '../core/quote-types';
import { randomToken, sameSecret, sha256Hex } from '../platform/secrets';
import { TABLES } from '../platform/tables';
import { buildQuoteDraft } from '../matching/build-quote-draft';
import { prepareCatalogue } from '../matching/prepared-catalogue';
import { isVenueKind } from '../core/catalogue-types';
import { AvailabilityStore, DECLINE_REASONS, type AvailabilityRequest, type DeclineReason } from './availability-store';
import {
  composeAvailabilityConfirmed,
  composeAvailabilityRequest,
  composeBookingConfirmed,
  optionDates,
  type AvailabilityMailConfig,
} from './availability-emails';
import { storesFor } from '../stores';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type AvailabilityConfig = AvailabilityMailConfig & Pick<Config, 'supplierResponseHours' | 'holdDays' | 'publicUrl' | 'hubEmail'>;

export interface AvailabilityDeps {
  renderer: EmailRenderer;
  config: AvailabilityConfig;
}

/**
 * The one-click form's anti-forgery field: an HMAC keyed by the link's clear token over the
 * request id (like interest-token.ts). A page elsewhere cannot compute it without the link.
 */
export function answerFormToken(linkToken: string, requestId: number): string {
  return createHmac('sha256', linkToken).update(`availability\u0000${requestId}`).digest('base64url');
}

export function isValidAnswerFormToken(linkToken: string, requestId: number, sent: unknown): boolean {
  return typeof sent === 'string' && sent.length > 0 && sentLooksSane(sent) && sameSecret(sent, answerFormToken(linkToken, requestId));
}

/** The book form's anti-forgery field, bound to the organiser's quote link and the brief. */
export function bookFormToken(linkToken: string, ref: string): string {
  return createHmac('sha256', linkToken).update(`book\u0000${ref}`).digest('base64url');
}

export function isValidBookFormToken(linkToken: string, ref: string, sent: unknown): boolean {
  return typeof sent === 'string' && sent.length > 0 && sentLooksSane(sent) && sameSecret(sent, bookFormToken(linkToken, ref));
}

const sentLooksSane = (s: string) => s.length <= 200;

async function spaceNamesOf(trx: Knex | Knex.Transaction, venueIds: string[]): Promise<Map<string, string>> {
  const spaces = await storesFor(trx).suppliers.spaceNames(venueIds);
  return new Map(spaces.map((s) => [`${s.supplierId}/${s.spaceId}`, s.name]));
}

/** The venue first, then each other supplier of the option's lines in line order. */
function suppliersOfOption(option: QuoteOption): Array<{ supplierId: string; role: 'venue' | 'service' }> {
  const ids = [option.venue.supplier_id, ...option.lines.map((l) => l.supplier_id)];
  return [...new Set(ids)].map((supplierId) => ({ supplierId, role: supplierId === option.venue.supplier_id ? 'venue' : 'service' }));
}

/**
 * SPEC §9.1–9.3: ends the brief's current round: open requests withdrawn (their suppliers told,
 * unless `quiet`), active holds released. Part of the caller's transaction.
 */
export async function endRound(trx: Knex.Transaction, deps: AvailabilityDeps, brief: StoredBrief, now: Date, reason: string, options: { quiet?: boolean } = {}): Promise<void> {
  const store = storesFor(trx).availability;
  const withdrawn = await store.withdrawOpen(brief.id, now);
  await store.endHoldsOfBrief(brief.id, 'released', reason, now);
  if (options.quiet || withdrawn.length === 0) return;
  await queueEmails(trx, await requestMails(trx, deps, brief, withdrawn, 'withdrawn'), now);
}

/** The request e-mails (first, reminder or withdrawn) of these requests, each in its supplier's language. */
async function requestMails(trx: Knex.Transaction | Knex, deps: AvailabilityDeps, brief: StoredBrief, requests: AvailabilityRequest[], variant: 'request' | 'reminder' | 'withdrawn') {
  const quotes = storesFor(trx).quotes;
  const supplierIds = [...new Set(requests.map((r) => r.supplierId))];
  const suppliers = new Map((await storesFor(trx).suppliers.findSuppliers(supplierIds)).map((s) => [s.supplierId, s]));
  const languages = await storesFor(trx as Knex).leadLanguages.forSuppliers(supplierIds);
  const mails = [];
  const versions = new Map<number, StoredQuote | null>();
  for (const r of requests) {
    if (!versions.has(r.quoteVersion)) versions.set(r.quoteVersion, await quotes.findVersion(brief.id, r.quoteVersion));
    const option = versions.get(r.quoteVersion)?.options.find((o) => o.rank === r.optionRank);
    const supplier = suppliers.get(r.supplierId);
    if (!option || !supplier) continue;
    const names = await spaceNamesOf(trx, [option.venue.supplier_id]);
    mails.push(composeAvailabilityRequest(deps.renderer, deps.config, brief, option, r, supplier, names, languages.get(r.supplierId) ?? 'fr', variant));
  }
  return mails;
}

/**
 * SPEC §9.1–9.2, called in the transaction that records the organiser's pick: the earlier round
 * ends (re-pick) and the venue and every other supplier of the option get an availability
 * request. Picking the option of the current round again changes nothing.
 */
export async function openRound(trx: Knex.Transaction, deps: AvailabilityDeps, brief: StoredBrief, quote: StoredQuote, option: QuoteOption, now: Date): Promise<void> {
  const store = storesFor(trx).availability;
  const current = await store.currentRound(brief.id);
  if (current.length > 0 && current[0]!.quoteVersion === quote.version && current[0]!.optionRank === option.rank && current.every((r) => r.status === 'open' || r.status === 'confirmed')) return;
  await endRound(trx, deps, brief, now, 're_pick');
  const created: AvailabilityRequest[] = [];
  for (const { supplierId, role } of suppliersOfOption(option)) {
    created.push(await newRequest(store, brief.id, quote.version, option.rank, supplierId, role, now, deps.config.supplierResponseHours));
  }
  await queueEmails(trx, await requestMails(trx, deps, brief, created, 'request'), now);
}

async function newRequest(store: AvailabilityStore, briefId: number, version: number, rank: number, supplierId: string, role: 'venue' | 'service', now: Date, hours: number): Promise<AvailabilityRequest> {
  const id = await store.insertRequest({
    briefId,
    quoteVersion: version,
    optionRank: rank,
    supplierId,
    role,
    // Nobody holds the token of this hash: the links are minted per e-mail when it is sent (availability_links).
    tokenHash: sha256Hex(randomToken()),
    createdAt: now,
    remindAt: new Date(now.getTime() + (hours * HOUR_MS) / 2),
    dueAt: new Date(now.getTime() + hours * HOUR_MS),
  });
  return (await store.findRequest(id))!;
}

export type AnswerAction = 'confirm' | 'decline';
export type AnswerOutcome = 'confirmed' | 'declined' | 'already_confirmed' | 'already_declined' | 'withdrawn';

export interface AnswerInput {
  action: AnswerAction;
  reason?: unknown;
  comment?: unknown;
}

/** Zod-free but strict: a known reason for a decline, a comment of at most 2,000 characters. */
export function parseAnswer(input: AnswerInput): { action: AnswerAction; reason: DeclineReason | null; comment: string | null } | null {
  if (input.action !== 'confirm' && input.action !== 'decline') return null;
  const comment = typeof input.comment === 'string' && input.comment.trim() !== '' ? input.comment.trim().slice(0, 2000) : null;
  if (input.action === 'confirm') return { action: 'confirm', reason: null, comment };
  if (typeof input.reason !== 'string' || !(DECLINE_REASONS as readonly string[]).includes(input.reason)) return null;
  return { action: 'decline', reason: input.reason as DeclineReason, comment };
}

const statusOutcome = (r: AvailabilityRequest): AnswerOutcome =>
  r.status === 'confirmed' ? 'already_confirmed' : r.status === 'declined' ? 'already_declined' : 'withdrawn';

/**
 * One supplier's answer, inside the caller's transaction (SPEC §9.2–9.5). The brief's row is
 * locked first, so two suppliers answering at the same instant are serialised and the second
 * sees the first's answer (exactly one of them moves the brief to confirmed).
 */
export async function applyAnswer(
  trx: Knex.Transaction,
  deps: AvailabilityDeps,
  requestId: number,
  answer: { action: AnswerAction; reason: DeclineReason | null; comment: string | null },
  actor: Actor,
  now: Date,
): Promise<{ outcome: AnswerOutcome; request: AvailabilityRequest }> {
  const store = storesFor(trx).availability;
  const before = (await store.findRequest(requestId))!;
  await storesFor(trx).briefs.lockInStatus(before.briefId, ['sent', 'interested', 'confirmed', 'booked', 'lost', 'cancelled', 'matching', 'needs_review', 'received']);
  const status = answer.action === 'confirm' ? 'confirmed' : 'declined';
  if (!(await store.answer(requestId, status, now, actor.ref ?? actor.kind, answer.reason, answer.comment))) {
    const request = (await store.findRequest(requestId))!;
    return { outcome: statusOutcome(request), request };
  }
  const request = (await store.findRequest(requestId))!;
  const brief = (await storesFor(trx).briefs.findById(request.briefId))!;
  const quote = await storesFor(trx).quotes.findVersion(brief.id, request.quoteVersion);
  const option = quote?.options.find((o) => o.rank === request.optionRank);
  if (!quote || !option) return { outcome: status, request };
  if (status === 'confirmed') {
    if (request.role === 'venue') await holdVenueSpaces(store, brief, option, request, now, deps.config.holdDays);
    await confirmIfComplete(trx, deps, brief, quote, option, now);
    return { outcome: 'confirmed', request };
  }
  if (request.role === 'venue') await venueDeclined(trx, deps, brief, request, now);
  else await serviceDeclined(trx, deps, brief, request, now);
  return { outcome: 'declined', request };
}

async function holdVenueSpaces(store: AvailabilityStore, brief: StoredBrief, option: QuoteOption, request: AvailabilityRequest, now: Date, holdDays: number): Promise<void> {
  const dates = optionDates(brief, option);
  const spaces = [option.venue.space_id, ...(option.venue.breakout_space_ids ?? [])];
  const expiresAt = new Date(now.getTime() + holdDays * DAY_MS).toISOString();
  for (const spaceId of new Set(spaces)) {
    await store.insertHold({ briefId: brief.id, requestId: request.id, supplierId: request.supplierId, spaceId, startDate: dates.start_date, endDate: dates.end_date, createdAt: now.toISOString(), expiresAt });
  }
}

async function confirmIfComplete(trx: Knex.Transaction, deps: AvailabilityDeps, brief: StoredBrief, quote: StoredQuote, option: QuoteOption, now: Date): Promise<void> {
  const store = storesFor(trx).availability;
  const round = (await store.requestsOfBrief(brief.id)).filter((r) => r.quoteVersion === quote.version && r.optionRank === option.rank && r.status !== 'withdrawn' && r.status !== 'declined');
  if (round.length === 0 || !round.every((r) => r.status === 'confirmed')) return;
  if (!(await moveBrief(trx, brief.id, { to: 'confirmed', actor: SYSTEM, at: now, from: ['interested'], reason: `option_${option.rank}` }))) return;
  const holds = (await store.holdsOfBrief(brief.id)).filter((h) => h.status === 'active');
  const heldUntil = holds.length > 0 ? holds.map((h) => h.expiresAt).sort()[0]! : new Date(now.getTime() + deps.config.holdDays * DAY_MS).toISOString();
  await queueEmail(trx, composeAvailabilityConfirmed(deps.renderer, deps.config, brief, option, quote.version, heldUntil), now);
}

/** SPEC §9.4: the venue is excluded from this brief and the worker re-matches it into a new version. */
async function venueDeclined(trx: Knex.Transaction, deps: AvailabilityDeps, brief: StoredBrief, request: AvailabilityRequest, now: Date): Promise<void> {
  const store = storesFor(trx).availability;
  await store.excludeVenue(brief.id, request.supplierId);
  await endRound(trx, deps, brief, now, 'venue_declined');
  if (!(await moveBrief(trx, brief.id, { to: 'matching', actor: SYSTEM, at: now, from: ['interested'], reason: 'venue_declined' }))) return;
  await storesFor(trx).outbox.add({ queue: QUEUE_NAMES.matchAndQuote, jobId: `brief-${brief.id}-rematch-${request.id}`, data: { briefId: brief.id } }, now);
}

/**
 * SPEC §9.4: a service supplier declined. The next supplier in §6's order (the option re-priced
 * for its venue and dates without every supplier that declined it) replaces it in that option,
 * and only the new supplier gets a request; when none is left, the option goes to the hub
 * (`needs_review`, `supplier_declined`).
 */
async function serviceDeclined(trx: Knex.Transaction, deps: AvailabilityDeps, brief: StoredBrief, request: AvailabilityRequest, now: Date): Promise<void> {
  const replacement = await replaceSupplier(trx, deps, brief, request, now);
  if (replacement) return;
  await endRound(trx, deps, brief, now, 'supplier_declined');
  const reasons: ReviewReason[] = [
    ...brief.reviewReasons.filter((r) => r.code !== 'supplier_declined'),
    { code: 'supplier_declined', detail: `${request.supplierId} declined option ${request.optionRank} (${request.declineReason ?? 'other'}) and no other supplier is left` },
  ];
  const moved = await moveBrief(trx, brief.id, { to: 'needs_review', actor: SYSTEM, at: now, from: ['interested'], reason: 'supplier_declined', columns: { review_reasons: JSON.stringify(reasons) } });
  if (moved) await queueEmail(trx, composeNeedsReview(deps.renderer, deps.config, brief, reasons, request.quoteVersion), now);
}

/** The declined supplier's lines re-priced with the next supplier in §6's order, written into the option; false when none is left. */
async function replaceSupplier(trx: Knex.Transaction, deps: AvailabilityDeps, brief: StoredBrief, request: AvailabilityRequest, now: Date): Promise<boolean> {
  const store = storesFor(trx).availability;
  const quote = await storesFor(trx).quotes.findVersion(brief.id, request.quoteVersion);
  const option = quote?.options.find((o) => o.rank === request.optionRank);
  if (!quote || !option) return false;
  const declined = new Set(
    (await store.requestsOfBrief(brief.id)).filter((r) => r.quoteVersion === request.quoteVersion && r.optionRank === request.optionRank && r.status === 'declined').map((r) => r.supplierId),
  );
  const items = new Set(option.lines.filter((l) => l.supplier_id === request.supplierId).map((l) => l.item));
  const full = await storesFor(trx).suppliers.loadCatalogue();
  const venueId = option.venue.supplier_id;
  const catalogue = {
    ...full,
    suppliers: full.suppliers.filter((s) => s.supplierId === venueId || (!isVenueKind(s.kind) && !declined.has(s.supplierId))),
  };
  const dates = optionDates(brief, option);
  const single = { ...brief.brief, event: { ...brief.brief.event, start_date: dates.start_date, end_date: dates.end_date, alternative_dates: undefined } } as StoredBrief['brief'];
  const draft = buildQuoteDraft(single, prepareCatalogue(catalogue), {
    now: now.toISOString(),
    rateStaleDays: deps.config.rateStaleDays ?? 45,
    quoteOptions: 1,
  });
  const priced = draft.options.find((o) => o.venue.supplier_id === venueId);
  const newLines = priced?.lines.filter((l) => items.has(l.item)) ?? [];
  const replacements = [...new Set(newLines.map((l) => l.supplier_id))];
  if (newLines.length === 0 || replacements.length !== 1 || declined.has(replacements[0]!) || replacements[0] === request.supplierId) return false;
  const replacementId = replacements[0]!;
  // The option's lines: the declined supplier's replaced; the totals summed again.
  const lines = [...option.lines.filter((l) => l.supplier_id !== request.supplierId), ...newLines];
  const optionRow = (await trx(TABLES.quoteOptions).where({ quote_id: quote.id, rank: option.rank }).first('id')) as { id: number } | undefined;
  if (!optionRow) return false;
  await trx(TABLES.quoteLines).where({ option_id: optionRow.id }).delete();
  await trx(TABLES.quoteLines).insert(lines.map((l, position) => ({ option_id: optionRow.id, position, ...l })));
  await trx(TABLES.quoteOptions)
    .where({ id: optionRow.id })
    .update({
      net_cents: lines.reduce((n, l) => n + l.net_cents, 0),
      vat_cents: lines.reduce((n, l) => n + l.vat_cents, 0),
      gross_cents: lines.reduce((n, l) => n + l.gross_cents, 0),
    });
  const created = await newRequest(store, brief.id, quote.version, option.rank, replacementId, 'service', now, deps.config.supplierResponseHours);
  await queueEmails(trx, await requestMails(trx, deps, brief, [created], 'request'), now);
  return true;
}

/**
 * SPEC §9.5: the brief becomes booked (the organiser from a confirmed brief, or hub staff by
 * telephone); holds become blackouts of the catalogue; every supplier of the option is told.
 * Returns false when the brief was not in a status this actor books from (already booked: a double click).
 */
export async function bookBrief(trx: Knex.Transaction, deps: AvailabilityDeps, brief: StoredBrief, actor: Actor, now: Date, rankFallback?: number): Promise<boolean> {
  const store = storesFor(trx).availability;
  const round = await store.currentRound(brief.id);
  const quote = round[0] ? await storesFor(trx).quotes.findVersion(brief.id, round[0].quoteVersion) : await storesFor(trx).quotes.findLatestSent(brief.id);
  const rank = round[0]?.optionRank ?? brief.interestRank ?? rankFallback ?? null;
  const option = quote?.options.find((o) => o.rank === rank);
  if (!quote || !option) return false;
  if (!(await moveBrief(trx, brief.id, { to: 'booked', actor, at: now, reason: `option_${option.rank}`, columns: rank !== brief.interestRank ? { interest_rank: option.rank } : {} }))) return false;
  await store.withdrawOpen(brief.id, now);
  await store.endHoldsOfBrief(brief.id, 'booked', 'booked', now);
  // The booked spaces become blocked dates of the catalogue (one row per space; an existing one on the same first day is kept).
  const dates = optionDates(brief, option);
  const spaces = new Set([option.venue.space_id, ...(option.venue.breakout_space_ids ?? [])]);
  for (const spaceId of spaces) {
    await trx(TABLES.blackouts)
      .insert({ supplier_id: option.venue.supplier_id, space_id: spaceId, from_date: dates.start_date, to_date: dates.end_date, reason: `booked ${brief.ref}` })
      .onConflict(['supplier_id', 'space_id', 'from_date'])
      .ignore();
  }
  await storesFor(trx).catalogueVersion.bump();
  const supplierIds = suppliersOfOption(option).map((s) => s.supplierId);
  const suppliers = await storesFor(trx).suppliers.findSuppliers(supplierIds);
  const languages = await storesFor(trx as unknown as Knex).leadLanguages.forSuppliers(supplierIds);
  const names = await spaceNamesOf(trx, [option.venue.supplier_id]);
  await queueEmails(trx, suppliers.map((s) => composeBookingConfirmed(deps.renderer, deps.config, brief, option, quote.version, s, names, languages.get(s.supplierId) ?? 'fr')), now);
  return true;
}

/** Active holds of a brief, for the desk. */
export async function holdsOfBrief(db: Knex, briefId: number) {
  return storesFor(db).availability.holdsOfBrief(briefId);
}
