import { MAX_MONTHS, addMonths, currentMonthKey, monthRange } from './observatory-months';
import { refreshObservatory } from './observatory-refresh';
import { sendObservatoryDigests, type DigestDeps } from './observatory-digest';

/**
 * The observatory's scheduled task (every 10 minutes by default, one BullMQ job scheduler shared
 * by every worker): refresh the stale months of the last MAX_MONTHS, then send last month's
 * digest to suppliers that have not had it (the mail log's dedupe key makes that once a month).
 */
export async function runObservatory(deps: DigestDeps): Promise<{ refreshed: number; digestMonth: string; digestsQueued: number; digestsFailed: number }> {
  const now = deps.clock.now();
  const current = currentMonthKey(now);
  const { refreshed } = await refreshObservatory(deps.db, monthRange(addMonths(current, -(MAX_MONTHS - 1)), current), now);
  const digests = await sendObservatoryDigests(deps);
  return { refreshed, digestMonth: digests.month, digestsQueued: digests.queued, digestsFailed: digests.failed };
}
