import type { BriefStore } from '../src/briefs/brief-store';
import type { MailStore } from '../src/mail/mail-store';
import type { Queues } from '../src/queue/queues';
import { briefJobId, emailJobId, QUEUE_NAMES } from '../src/queue/queues';
import type { Logger } from '../src/platform/logger';

/**
 * The database is the truth; Redis only carries work. If Redis lost its data (restart without
 * persistence, failover) jobs already relayed from the outbox are gone: this sweep re-adds a
 * job for every brief still waiting and every e-mail still unsent after `graceMs`. Job ids are
 * deterministic, so a job that still exists is not duplicated.
 */
export async function reconcile(deps: { briefs: BriefStore; mail: MailStore; queues: Queues; logger: Logger }, now: Date, graceMs: number): Promise<number> {
  const before = new Date(now.getTime() - graceMs);
  const briefIds = await deps.briefs.idsWaitingSince(before);
  const emailIds = await deps.mail.idsStuckSince(before);
  for (const briefId of briefIds) {
    await deps.queues.matchAndQuote.add(QUEUE_NAMES.matchAndQuote, { briefId }, { jobId: briefJobId(briefId) });
  }
  for (const emailId of emailIds) {
    await deps.queues.sendEmail.add(QUEUE_NAMES.sendEmail, { emailId }, { jobId: emailJobId(emailId) });
  }
  const total = briefIds.length + emailIds.length;
  if (total > 0) deps.logger.info('reconciler re-added jobs', { briefs: briefIds.length, emails: emailIds.length });
  return total;
}
