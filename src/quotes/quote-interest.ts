import type { Knex } from 'knex';
import { type StoredBrief } from '../briefs/brief-store';
import { queueEmail } from '../mail/mail-service';
import { composeInterestNotices } from './quote-emails';
import type { EmailRenderer } from '../mail/email-renderer';
import type { Config } from '../platform/config';
import { ConflictError, ForbiddenError, NotFoundError } from '../platform/errors';
import { isValidInterestFormToken } from './interest-token';
import { INTEREST_OPEN, moveBrief, ORGANISER } from '../briefs/brief-lifecycle';
import { storesFor } from '../stores';
import { openRound } from '../availability/availability-service';

export interface InterestDeps {
  db: Knex;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl' | 'hubEmail' | 'supplierResponseHours' | 'holdDays'> & Partial<Config>;
}

/**
 * The organiser says which option of their latest sent quote interests them: stored on the brief, and
 * the hub and that option's venue told by a `lead` e-mail, all in one transaction. Saying the same
 * option again sends nothing new (the dedupe key names the venue); another option tells its venue.
 * `formToken` is the page's hidden anti-forgery field (interest-token.ts).
 */
export async function recordInterest(
  deps: InterestDeps,
  token: string,
  rank: number,
  formToken: unknown,
  now: Date,
): Promise<{ brief: StoredBrief; venueName: string }> {
  return deps.db.transaction(async (trx) => {
    const brief = await storesFor(trx).briefs.findByPublicToken(token);
    if (!brief) throw new NotFoundError('quote');
    if (!isValidInterestFormToken(token, brief.ref, formToken)) throw new ForbiddenError('the interest form was not sent from the quote page');
    if (!INTEREST_OPEN.includes(brief.status)) throw new ConflictError('this quote can no longer be answered online');
    const quote = await storesFor(trx).quotes.findLatestSent(brief.id);
    const option = quote?.options.find((o) => o.rank === rank);
    if (!quote || !option) throw new NotFoundError(`option ${rank}`);
    const venue = await storesFor(trx).suppliers.findSupplier(option.venue.supplier_id);
    const venueLanguage = (await storesFor(trx).leadLanguages.forSuppliers([option.venue.supplier_id])).get(option.venue.supplier_id);
    await storesFor(trx).briefs.recordInterest(brief.id, rank, now.toISOString());
    await moveBrief(trx, brief.id, { to: 'interested', actor: ORGANISER, at: now, reason: `option_${rank}` });
    // SPEC §9.1–9.2: the earlier round (a re-pick) ends; the option's suppliers are asked for their availability.
    await openRound(trx, deps, brief, quote, option, now);
    for (const mail of composeInterestNotices(deps.renderer, deps.config, brief, quote, option, venue, venueLanguage)) await queueEmail(trx, mail, now);
    return { brief: (await storesFor(trx).briefs.findById(brief.id))!, venueName: option.venue.name };
  });
}
