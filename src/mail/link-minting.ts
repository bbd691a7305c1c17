import type { Knex } from 'knex';
import { StaffStore } from '../auth/staff-store';
import { QuoteLinkStore } from '../quotes/quote-link-store';
import { SurveyLinkStore } from '../briefs/survey-link-store';
import { randomToken, sha256Hex } from '../platform/secrets';
import type { MailEntry } from './mail-store';
import { linksIn, type MintedTokens } from './redacted-links';

/**
 * Mints the tokens of the links a logged e-mail carries, at the moment it is sent: the clear
 * tokens exist only in the message handed to SMTP (and, with SMTP_URL unset, in what
 * `npm run mail-log` prints for a sign-in link still unused). Returns null when the e-mail's
 * sign-in link can no longer be used (a newer link voided it, or it expired before sending).
 */
export async function mintLinks(db: Knex, mail: Pick<MailEntry, 'id' | 'briefId' | 'html' | 'text'>, now: Date): Promise<MintedTokens | null> {
  const carried = linksIn(mail.html, mail.text);
  const tokens: MintedTokens = {};
  if (carried.signIn) {
    const token = randomToken();
    if (!(await new StaffStore(db).mintLoginTokenForMail(mail.id, sha256Hex(token), now))) return null;
    tokens.signIn = token;
  }
  if (carried.quote && mail.briefId !== null) {
    const token = randomToken();
    await db.transaction((trx) => new QuoteLinkStore(trx).replaceForMail(mail.briefId!, mail.id, sha256Hex(token), now));
    tokens.quote = token;
  }
  if (carried.survey && mail.briefId !== null) {
    const token = randomToken();
    await db.transaction((trx) => new SurveyLinkStore(trx).replaceForMail(mail.briefId!, mail.id, sha256Hex(token), now));
    tokens.survey = token;
  }
  return tokens;
}
