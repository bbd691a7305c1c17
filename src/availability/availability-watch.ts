import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { errorFields } from '../platform/logger';
import type { EmailRenderer } from '../mail/email-renderer';
import { queueEmail, queueEmails } from '../mail/mail-service';
import { type AvailabilityRequest } from './availability-store';
import { composeAvailabilityRequest, composeSupplierOverdue } from './availability-emails';
import type { AvailabilityConfig } from './availability-service';
import { storesFor } from '../stores';

export interface AvailabilityWatchDeps {
  db: Knex;
  renderer: EmailRenderer;
  config: AvailabilityConfig;
  clock: Clock;
  logger: Logger;
}

export interface AvailabilityWatchOutcome {
  reminders: number;
  overdue: number;
  expiredHolds: number;
  releasedHolds: number;
  failed: number;
}

/**
 * One pass of SPEC §9.2–9.3's clock: a reminder at half of SUPPLIER_RESPONSE_HOURS, the hub's
 * `supplier_overdue` at the deadline, holds ended at HOLD_DAYS. Each is claimed by a
 * compare-and-set (reminded_at, overdue_at, the hold's status) in the transaction that queues its
 * e-mail, so any number of workers running the pass at once send each exactly once.
 */
export async function runAvailabilityWatch(deps: AvailabilityWatchDeps): Promise<AvailabilityWatchOutcome> {
  const now = deps.clock.now();
  const store = storesFor(deps.db).availability;
  const outcome: AvailabilityWatchOutcome = { reminders: 0, overdue: 0, expiredHolds: 0, releasedHolds: 0, failed: 0 };
  const guard = async (what: string, id: number, fn: () => Promise<boolean>) => {
    try {
      return await fn();
    } catch (err) {
      outcome.failed += 1;
      deps.logger.warn('availability watch step failed, will retry', { what, id, ...errorFields(err), stack: undefined });
      return false;
    }
  };
  for (const r of await store.overdueDue(now)) {
    if (await guard('overdue', r.id, () => deps.db.transaction((trx) => overdue(trx, deps, r, now)))) outcome.overdue += 1;
  }
  // A request already past its deadline is not reminded: the hub was alerted instead.
  for (const r of await store.remindersDue(now)) {
    if (await guard('reminder', r.id, () => deps.db.transaction((trx) => remind(trx, deps, r, now)))) outcome.reminders += 1;
  }
  for (const h of await store.expiredActiveHolds(now)) {
    if (await guard('hold', h.id, () => storesFor(deps.db).availability.expireHold(h.id, now))) outcome.expiredHolds += 1;
  }
  // A brief lost or cancelled (§9.6) releases its holds; whoever moved it told the suppliers.
  for (const c of await store.closedBriefsWithHolds()) {
    if (await guard('release', c.briefId, async () => (await storesFor(deps.db).availability.endHoldsOfBrief(c.briefId, 'released', c.status, now)).length > 0)) outcome.releasedHolds += 1;
  }
  if (outcome.reminders + outcome.overdue + outcome.expiredHolds + outcome.releasedHolds + outcome.failed > 0) deps.logger.info('availability watch', { ...outcome });
  return outcome;
}

async function remind(trx: Knex.Transaction, deps: AvailabilityWatchDeps, r: AvailabilityRequest, now: Date): Promise<boolean> {
  if (!(await storesFor(trx).availability.claimReminder(r.id, now))) return false;
  const brief = await storesFor(trx).briefs.findById(r.briefId);
  const option = (await storesFor(trx).quotes.findVersion(r.briefId, r.quoteVersion))?.options.find((o) => o.rank === r.optionRank);
  const supplier = await storesFor(trx).suppliers.findSupplier(r.supplierId);
  if (!brief || !option || !supplier) return true;
  const lang = (await storesFor(trx as unknown as Knex).leadLanguages.forSuppliers([r.supplierId])).get(r.supplierId) ?? 'fr';
  const names = new Map((await storesFor(trx).suppliers.spaceNames([option.venue.supplier_id])).map((s) => [`${s.supplierId}/${s.spaceId}`, s.name]));
  await queueEmails(trx, [composeAvailabilityRequest(deps.renderer, deps.config, brief, option, r, supplier, names, lang, 'reminder')], now);
  return true;
}

async function overdue(trx: Knex.Transaction, deps: AvailabilityWatchDeps, r: AvailabilityRequest, now: Date): Promise<boolean> {
  if (!(await storesFor(trx).availability.claimOverdue(r.id, now))) return false;
  const brief = await storesFor(trx).briefs.findById(r.briefId);
  if (!brief) return true;
  const supplier = await storesFor(trx).suppliers.findSupplier(r.supplierId);
  await queueEmail(trx, composeSupplierOverdue(deps.renderer, deps.config, brief, r, supplier), now);
  return true;
}
