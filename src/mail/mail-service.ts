import type { Knex } from 'knex';
import { type NewMail } from './mail-store';
import { emailJobId, QUEUE_NAMES } from '../queue/queues';
import { storesFor } from '../stores';


/** SPEC §7: one send per (brief, kind, recipient, quote version). */
export function dedupeKey(parts: { kind: string; recipient: string; briefId?: number | null; quoteVersion?: number | null; extra?: string }): string {
  return [parts.kind, parts.briefId ?? '-', parts.recipient.toLowerCase(), parts.quoteVersion ?? '-', parts.extra ?? ''].join('|');
}

/**
 * Logs an e-mail and its send job in the caller's transaction. Returns false when the same
 * e-mail was logged before (the dedupe key exists), so a job run twice sends nothing new.
 */
export async function queueEmail(trx: Knex.Transaction, mail: NewMail, now: Date): Promise<boolean> {
  return (await queueEmails(trx, [mail], now)) === 1;
}

/** queueEmail that answers the new mail-log id (null when the e-mail was logged before). */
export async function queueEmailReturningId(trx: Knex.Transaction, mail: NewMail, now: Date): Promise<number | null> {
  const [id] = await storesFor(trx).mail.insertManyOnce([mail], now);
  if (id == null) return null;
  await storesFor(trx).outbox.addMany([{ queue: QUEUE_NAMES.sendEmail, jobId: emailJobId(id), data: { emailId: id } }], now);
  return id;
}

/** queueEmail for several e-mails, in two statements whatever their number. Returns how many were new. */
export async function queueEmails(trx: Knex.Transaction, mails: NewMail[], now: Date): Promise<number> {
  const ids = (await storesFor(trx).mail.insertManyOnce(mails, now)).filter((id): id is number => id !== null);
  await storesFor(trx).outbox.addMany(ids.map((id) => ({ queue: QUEUE_NAMES.sendEmail, jobId: emailJobId(id), data: { emailId: id } })), now);
  return ids.length;
}
