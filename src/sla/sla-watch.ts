import type { Knex } from 'knex';
import { errorFields } from '../platform/logger';
import type { Config } from '../platform/config';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { EmailRenderer } from '../mail/email-renderer';
import { queueEmail } from '../mail/mail-service';
import { slaAlertsDue, UNSENT_STATUSES, type SlaAlert } from './sla-rules';
import { composeSlaAlert } from './sla-emails';
import { storesFor } from '../stores';

export interface SlaWatchDeps {
  db: Knex;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl' | 'hubEmail'>;
  clock: Clock;
  logger: Logger;
}

export interface SlaWatchOutcome {
  /** Alerts this run queued (another worker may have queued the rest). */
  warnings: number;
  breaches: number;
  failed: number;
}

/**
 * One pass of the SLA watch (SPEC §7). Safe with any number of concurrent runs: each alert is
 * claimed by a compare-and-set on the brief, in the same transaction that logs the e-mail and
 * its send job, so exactly one run commits it; the mail log's dedupe key is a second guard.
 */
export async function runSlaWatch(deps: SlaWatchDeps): Promise<SlaWatchOutcome> {
  const now = deps.clock.now();
  const briefs = storesFor(deps.db).briefs;
  const alerts = slaAlertsDue(await briefs.slaWatchCandidates(now, UNSENT_STATUSES), now);
  const outcome: SlaWatchOutcome = { warnings: 0, breaches: 0, failed: 0 };
  for (const alert of alerts) {
    try {
      if (!(await queueSlaAlert(deps, alert, now))) continue;
      if (alert.kind === 'sla_warning') outcome.warnings += 1;
      else outcome.breaches += 1;
    } catch (err) {
      // One bad brief must not hold back the others; its claim rolled back, so the next run retries it.
      outcome.failed += 1;
      deps.logger.warn('sla alert failed, will retry', { briefId: alert.briefId, kind: alert.kind, ...errorFields(err), stack: undefined });
    }
  }
  if (alerts.length > 0) deps.logger.info('sla watch', { due: alerts.length, ...outcome });
  return outcome;
}

async function queueSlaAlert(deps: SlaWatchDeps, alert: SlaAlert, now: Date): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    const briefs = storesFor(trx).briefs;
    // The claim is the transaction's first statement: on SQLite it takes the write lock before
    // any read, and on PostgreSQL a concurrent claimer waits on the row and then sees it taken.
    if (!(await briefs.claimSlaAlert(alert.briefId, alert.kind, now, UNSENT_STATUSES))) return false;
    const stored = await briefs.findById(alert.briefId);
    if (!stored) return false;
    return queueEmail(trx, composeSlaAlert(deps.renderer, deps.config, stored, alert.kind, now), now);
  });
}
