import type { Knex } from 'knex';
import type { NewMail } from '../mail/mail-store';
import { queueEmailReturningId } from '../mail/mail-service';
import { storesFor } from '../stores';

export interface SignInLinkSpec {
  userId: number;
  /** Where the link lands after signing in (a local path), or null for the role's home. */
  nextPath: string | null;
  expiresAt: Date;
}

/**
 * Logs an e-mail that carries a sign-in link (login, invitation, rate reminder), rendered with
 * signInLinkUrl(): the mail log keeps the redacted copy, and the link's token is minted only
 * when the e-mail is sent. Returns false when the same e-mail was logged before.
 */
export async function queueSignInEmail(trx: Knex.Transaction, mail: NewMail, link: SignInLinkSpec, now: Date): Promise<boolean> {
  const mailId = await queueEmailReturningId(trx, mail, now);
  if (mailId === null) return false;
  await storesFor(trx).staff.addLoginTokenForMail(mailId, link.userId, link.nextPath, link.expiresAt);
  return true;
}
