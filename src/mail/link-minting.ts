import type { Knex } from 'knex';
import { randomToken, sha256Hex } from '../platform/secrets';
import type { MailEntry } from './mail-store';
import { storesFor } from '../stores';
import { availabilityRequestIdsIn, linksIn, type MintedTokens } from './redacted-links';
import { TABLES } from '../platform/tables';

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
    if (!(await storesFor(db).staff.mintLoginTokenForMail(mail.id, sha256Hex(token), now))) return null;
    tokens.signIn = token;
  }
  if (carried.quote && mail.briefId !== null) {
    const token = randomToken();
    await db.transaction((trx) => storesFor(trx).quoteLinks.replaceForMail(mail.briefId!, mail.id, sha256Hex(token), now));
    tokens.quote = token;
  }
  // SPEC §9.2: each e-mail carrying a request's links gets its own token (hash only), for requests of the e-mail's brief.
  const requestIds = mail.briefId === null ? [] : availabilityRequestIdsIn(mail.html, mail.text);
  if (requestIds.length > 0) {
    tokens.availability = {};
    await db.transaction(async (trx) => {
      const own = (await trx(TABLES.availabilityRequests).whereIn('id', requestIds).where({ brief_id: mail.briefId }).select('id', 'token_hash')) as Array<{ id: number; token_hash: string }>;
      for (const r of own) {
        const token = randomToken();
        const hash = sha256Hex(token);
        await trx(TABLES.availabilityLinks).where({ request_id: r.id, mail_id: mail.id }).delete();
        await trx(TABLES.availabilityLinks).insert({ token_hash: hash, request_id: r.id, mail_id: mail.id, created_at: now.toISOString() });
        tokens.availability![Number(r.id)] = token;
      }
    });
  }
  if (carried.survey && mail.briefId !== null) {
    const token = randomToken();
    await db.transaction((trx) => storesFor(trx).surveyLinks.replaceForMail(mail.briefId!, mail.id, sha256Hex(token), now));
    tokens.survey = token;
  }
  return tokens;
}
