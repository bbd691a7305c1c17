import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso, toIsoOrNull } from '../platform/db';
import { parisDate, type Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { errorFields } from '../platform/logger';
import type { EmailRenderer } from '../mail/email-renderer';
import { dedupeKey, queueEmail } from '../mail/mail-service';
import { surveyLinkUrl } from '../mail/redacted-links';
import { sha256Hex } from '../platform/secrets';
import { type StoredBrief } from './brief-store';
import { briefSummary } from '../quotes/quote-emails';
import { hubInfo } from '../i18n/hub-info';
import { t } from '../i18n/translate';
import { storesFor } from '../stores';

/** SPEC §9.7: scores run 0 to 10, one link each. */
export const SURVEY_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export const SURVEY_COMMENT_MAX = 2000;
/** A survey is sent from the day after the event ends; a worker down for a while still sends it within this many days, never for older events. */
export const SURVEY_WINDOW_DAYS = 14;

export interface SurveyDeps {
  db: Knex;
  clock: Clock;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl'> & Partial<Config>;
  logger?: Logger;
}

export interface SatisfactionResponse {
  score: number;
  comment: string | null;
  answeredAt: string;
  commentedAt: string | null;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The scheduled job: one `satisfaction_survey` e-mail to the organiser of each booked brief whose
 * event ended before today (Europe/Paris), within SURVEY_WINDOW_DAYS. The mail log's dedupe key
 * (kind, brief, recipient) is the once-only guard: with any number of workers one insert wins,
 * the others insert nothing, and the e-mail's link is minted only when it is sent.
 */
export async function sendSatisfactionSurveys(deps: SurveyDeps): Promise<{ queued: number; failed: number }> {
  const now = deps.clock.now();
  const today = parisDate(now);
  const earliest = addDays(today, -(SURVEY_WINDOW_DAYS + 60));
  // start_date is a column; the end date is in the payload (at most a few weeks later): narrow in SQL, decide in code.
  const rows = (await deps.db(`${TABLES.briefs} as b`)
    .where('b.status', 'booked')
    .whereNull('b.anonymised_at')
    .where('b.start_date', '<', today)
    .where('b.start_date', '>=', earliest)
    .whereNotExists((q) => q.select(deps.db.raw('1')).from(`${TABLES.mailLog} as m`).whereRaw('m.brief_id = b.id').andWhere('m.kind', 'satisfaction_survey'))
    .orderBy('b.id')
    .limit(500)
    .select('b.id')) as { id: number }[];
  const outcome = { queued: 0, failed: 0 };
  const briefs = storesFor(deps.db).briefs;
  for (const { id } of rows) {
    try {
      const brief = await briefs.findById(id);
      if (!brief) continue;
      const end = brief.brief.event.end_date;
      if (!(end < today && end >= addDays(today, -SURVEY_WINDOW_DAYS))) continue;
      const queued = await deps.db.transaction(async (trx) => queueEmail(trx, composeSurvey(deps, brief), now));
      if (queued) outcome.queued += 1;
    } catch (err) {
      outcome.failed += 1;
      deps.logger?.warn('satisfaction survey failed, will retry', { briefId: id, ...errorFields(err), stack: undefined });
    }
  }
  if (outcome.queued || outcome.failed) deps.logger?.info('satisfaction surveys', outcome);
  return outcome;
}

export function composeSurvey(deps: Pick<SurveyDeps, 'renderer' | 'config'>, brief: StoredBrief) {
  const summary = briefSummary(brief);
  const hub = hubInfo(deps.config);
  const base = surveyLinkUrl(deps.config.publicUrl);
  return {
    dedupeKey: dedupeKey({ kind: 'satisfaction_survey', recipient: brief.brief.organiser.email, briefId: brief.id }),
    kind: 'satisfaction_survey' as const,
    recipient: brief.brief.organiser.email,
    briefId: brief.id,
    quoteVersion: null,
    supplierId: null,
    ...deps.renderer.render('satisfaction_survey', t(summary.lang, 'survey_subject', { ref: brief.ref }), {
      ...summary,
      hub,
      scores: SURVEY_SCORES.map((score) => ({ score, url: `${base}/${score}` })),
    }),
  };
}

/** The brief a survey token opens, or null (unknown, voided, or not a survey token). */
export async function briefForSurveyToken(db: Knex, token: string): Promise<StoredBrief | null> {
  if (typeof token !== 'string' || token.length < 16 || token.length > 128 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const briefId = await storesFor(db).surveyLinks.briefIdFor(sha256Hex(token));
  if (briefId === null) return null;
  const brief = await storesFor(db).briefs.findById(briefId);
  return brief;
}

export async function surveyResponse(db: Knex | Knex.Transaction, briefId: number): Promise<SatisfactionResponse | null> {
  const row = (await db(TABLES.satisfactionResponses).where({ brief_id: briefId }).first()) as Record<string, unknown> | undefined;
  return row
    ? { score: Number(row.score), comment: (row.comment as string | null) ?? null, answeredAt: toIso(row.answered_at), commentedAt: toIsoOrNull(row.commented_at) }
    : null;
}

/** Records the score once: a second post (double click, another of the 11 links) changes nothing. Returns the response as stored. */
export async function recordScore(db: Knex, briefId: number, score: number, at: Date): Promise<SatisfactionResponse> {
  await db(TABLES.satisfactionResponses).insert({ brief_id: briefId, score, comment: null, answered_at: at.toISOString(), commented_at: null }).onConflict('brief_id').ignore();
  return (await surveyResponse(db, briefId))!;
}

/** Records the optional comment once, after the score. False when there is no score yet or a comment already. */
export async function recordComment(db: Knex, briefId: number, comment: string, at: Date): Promise<boolean> {
  const n = await db(TABLES.satisfactionResponses).where({ brief_id: briefId }).whereNull('comment').update({ comment, commented_at: at.toISOString() });
  return n === 1;
}
