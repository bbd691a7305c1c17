import { TABLES } from '../platform/tables';
import type { Knex } from 'knex';
import { moveBrief, SYSTEM } from '../briefs/brief-lifecycle';
import { anonymisePayload } from './retention-rules';
import { storesFor } from '../stores';

export interface BriefAnonymisation {
  /** False when the brief was anonymised before (by another worker, an earlier run or an erasure). */
  anonymised: boolean;
  mails: number;
  cancelled: boolean;
}

/**
 * SPEC §12, one brief, inside the caller's transaction: organiser, title and notes replaced in
 * the brief, its e-mails emptied of recipients and contents, staff notes on its quotes cleared,
 * its quote link voided. Dates, attendees, budget, destinations, statuses, quotes and totals stay,
 * so dashboards and the observatory count exactly what they counted before.
 * The claim is the first statement: a second run (or a concurrent worker) changes nothing.
 */
export async function anonymiseBrief(trx: Knex.Transaction, briefId: number, at: Date, options: { cancelOpen: boolean }): Promise<BriefAnonymisation> {
  const data = storesFor(trx).personalData;
  if (!(await data.claimBrief(briefId, at))) return { anonymised: false, mails: 0, cancelled: false };
  const row = await data.briefPayload(briefId);
  if (!row) return { anonymised: false, mails: 0, cancelled: false };
  await data.writeBriefPayload(briefId, anonymisePayload(row.payload, briefId));
  // A brief still being worked on can no longer be answered: it is cancelled (the lifecycle says from which statuses).
  const cancelled = options.cancelOpen ? await moveBrief(trx, briefId, { to: 'cancelled', actor: SYSTEM, at, reason: 'personal_data_erased' }) : false;
  const mails = await data.scrubMailOfBriefs([briefId], at);
  await data.clearQuoteNotes([briefId]);
  await storesFor(trx).quotes.voidTokens([briefId]);
  // SPEC §9.7: the survey's comment is the organiser's own words; the score stays for the funnel.
  await trx(TABLES.satisfactionResponses).where({ brief_id: briefId }).whereNotNull('comment').update({ comment: null });
  return { anonymised: true, mails, cancelled };
}
