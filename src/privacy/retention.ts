import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import { parisDate } from '../platform/clock';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { errorFields } from '../platform/logger';
import { anonymiseBrief } from './anonymise-brief';
import { eventEndDateOf, isPastRetention, retentionCutoff } from './retention-rules';
import { storesFor } from '../stores';

export interface RetentionDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'retentionMonths'>;
}

export interface RetentionOutcome {
  /** The first event end date still kept (YYYY-MM-DD). */
  cutoff: string;
  briefs: number;
  mails: number;
  mailsWithoutBrief: number;
  auditEntriesDeleted: number;
  failed: number;
}

const PAGE = 200;

/** `months` calendar months before an instant (UTC), for timestamps rather than event dates. */
function instantMonthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/**
 * The daily retention pass (SPEC §12). Briefs whose event ended more than RETENTION_MONTHS ago
 * are anonymised one per transaction, each claimed by a compare-and-set, so any number of
 * concurrent runs (several workers) anonymise each brief once and a second run finds nothing.
 * The same pass applies the other stated periods: e-mails that belong to no brief (sign-in links,
 * rate reminders) lose recipient and contents after RETENTION_MONTHS, and audit entries are
 * deleted after RETENTION_MONTHS. Expired staff sessions and sign-in links go with the hourly
 * purge (SPEC §11).
 */
export async function runRetention(deps: RetentionDeps): Promise<RetentionOutcome> {
  const now = deps.clock.now();
  const months = deps.config.retentionMonths;
  const cutoff = retentionCutoff(parisDate(now), months);
  const outcome: RetentionOutcome = { cutoff, briefs: 0, mails: 0, mailsWithoutBrief: 0, auditEntriesDeleted: 0, failed: 0 };
  const data = storesFor(deps.db).personalData;
  for (let afterId = 0; ; ) {
    const page = await data.retentionCandidates(cutoff, afterId, PAGE);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    for (const candidate of page) {
      const end = eventEndDateOf(candidate.payload);
      if (end === null || !isPastRetention(end, cutoff)) continue;
      try {
        const done = await deps.db.transaction((trx) => anonymiseBrief(trx, candidate.id, now, { cancelOpen: false }));
        if (!done.anonymised) continue;
        outcome.briefs += 1;
        outcome.mails += done.mails;
      } catch (err) {
        // One brief must not hold back the others; its claim rolled back, so tomorrow's run retries it.
        outcome.failed += 1;
        deps.logger.warn('retention: brief not anonymised, will retry', { briefId: candidate.id, ...errorFields(err), stack: undefined });
      }
    }
  }
  const before = instantMonthsBefore(now, months);
  await deps.db.transaction(async (trx) => {
    const store = storesFor(trx).personalData;
    // The delete first: on SQLite a transaction that reads before it writes must upgrade its read
    // snapshot, which fails at once (SQLITE_BUSY) while another process writes; a write first waits.
    outcome.auditEntriesDeleted = await store.deleteAuditBefore(before);
    outcome.mailsWithoutBrief = await store.scrubMailWithoutBriefBefore(before, now);
    if (outcome.briefs + outcome.mailsWithoutBrief + outcome.auditEntriesDeleted > 0) {
      await store.recordPrivacyAction(
        { actor: 'retention', subject: 'retention', action: 'anonymise', detail: { cutoff, briefs: outcome.briefs, mails: outcome.mails + outcome.mailsWithoutBrief, audit_entries_deleted: outcome.auditEntriesDeleted } },
        now,
      );
    }
  });
  deps.logger.info('retention', { ...outcome });
  return outcome;
}
