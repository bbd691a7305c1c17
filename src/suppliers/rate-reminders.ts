import type { Knex } from 'knex';
import { errorFields } from '../platform/logger';
import type { Config } from '../platform/config';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { EmailRenderer } from '../mail/email-renderer';
import type { NewMail } from '../mail/mail-store';
import { dedupeKey, queueEmail } from '../mail/mail-service';
import { parisDate } from '../platform/clock';
import { formatDate } from '../platform/format';
import { type RateReminderBounds, type RateReminderCandidate } from './supplier-store';
import type { Supplier } from '../core/catalogue-types';
import { queueSignInEmail, type SignInLinkSpec } from '../auth/sign-in-links';
import { signInLinkUrl } from '../mail/redacted-links';
import { storesFor } from '../stores';

const DAY_MS = 86_400_000;
/** Remind suppliers whose rates go stale within this many days (issue 3). */
export const REMINDER_AHEAD_DAYS = 7;
/** At most one reminder per supplier in this many days. */
export const REMINDER_INTERVAL_DAYS = 7;
/** The reminder's sign-in link stays usable for the week until the next reminder (single use). */
export const REMINDER_LINK_TTL_MS = REMINDER_INTERVAL_DAYS * DAY_MS;

/**
 * Pure: the two cut-offs of the rule, shared by the SQL pre-selection and the claim.
 * Due when rates_confirmed_at + RATE_STALE_DAYS − 7 days ≤ now (or never confirmed), and
 * rate_reminder_sent_at + 7 days ≤ now (or never reminded).
 */
export function rateReminderBounds(now: Date, rateStaleDays: number): RateReminderBounds {
  return {
    confirmedOnOrBefore: new Date(now.getTime() - (rateStaleDays - REMINDER_AHEAD_DAYS) * DAY_MS),
    remindedOnOrBefore: new Date(now.getTime() - REMINDER_INTERVAL_DAYS * DAY_MS),
  };
}

/** Pure: whether one supplier is due a reminder now (the same rule the store applies in SQL). */
export function isRateReminderDue(
  supplier: Pick<Supplier, 'active' | 'ratesConfirmedAt'>,
  rateReminderSentAt: string | null,
  now: Date,
  rateStaleDays: number,
): boolean {
  const bounds = rateReminderBounds(now, rateStaleDays);
  if (!supplier.active) return false;
  if (supplier.ratesConfirmedAt !== null && Date.parse(supplier.ratesConfirmedAt) > bounds.confirmedOnOrBefore.getTime()) return false;
  return rateReminderSentAt === null || Date.parse(rateReminderSentAt) <= bounds.remindedOnOrBefore.getTime();
}

/** The venue portal's rates page (the portal asks for sign-in when there is no session). */
export function ratesPageUrl(config: Pick<Config, 'publicUrl'>, supplierId: string): string {
  return `${config.publicUrl}/venue/${encodeURIComponent(supplierId)}#rates`;
}

/** Who gets the reminder and where its link leads: a signed sign-in link, or the plain page. */
export interface ReminderAddressee {
  recipient: string;
  url: string;
  signsIn: boolean;
  /** The sign-in link the e-mail carries (its token is minted when it is sent). */
  link?: SignInLinkSpec;
}

export function composeRateReminder(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl' | 'rateStaleDays'>,
  candidate: RateReminderCandidate,
  now: Date,
  to: ReminderAddressee = { recipient: candidate.supplier.email, url: ratesPageUrl(config, candidate.supplier.supplierId), signsIn: false },
): NewMail {
  const { supplier } = candidate;
  const confirmed = supplier.ratesConfirmedAt ? Date.parse(supplier.ratesConfirmedAt) : null;
  const staleAt = confirmed === null ? null : confirmed + config.rateStaleDays * DAY_MS;
  const subject =
    staleAt === null
      ? `Please confirm the rates of ${supplier.name}`
      : staleAt <= now.getTime()
        ? `The rates of ${supplier.name} are stale: please confirm them`
        : `The rates of ${supplier.name} go stale on ${formatDate(parisDate(new Date(staleAt)), 'en')}`;
  return {
    // The previous reminder's time is part of the key: two workers racing for the same reminder
    // build the same key (the second insert is refused), while next week's reminder gets a new one.
    dedupeKey: dedupeKey({ kind: 'rate_reminder', recipient: to.recipient, extra: `${supplier.supplierId}|${candidate.rateReminderSentAt ?? 'never'}` }),
    kind: 'rate_reminder',
    recipient: to.recipient,
    briefId: null,
    quoteVersion: null,
    supplierId: supplier.supplierId,
    ...renderer.render('rate_reminder', subject, {
      lang: 'en',
      supplierName: supplier.name,
      confirmedText: confirmed === null ? null : formatDate(parisDate(new Date(confirmed)), 'en'),
      staleText: staleAt === null ? null : formatDate(parisDate(new Date(staleAt)), 'en'),
      isStale: staleAt !== null && staleAt <= now.getTime(),
      staleDays: config.rateStaleDays,
      ratesUrl: to.url,
      signsIn: to.signsIn,
    }),
  };
}

/**
 * Each active venue staff member of the supplier gets the reminder with their own single-use
 * link that signs them straight into the rates page; with no staff account yet, the supplier's
 * address gets the plain link (the portal asks them to sign in).
 */
async function reminderAddressees(trx: Knex.Transaction, config: Pick<Config, 'publicUrl'>, supplier: Supplier, now: Date): Promise<ReminderAddressee[]> {
  const staff = storesFor(trx).staff;
  const users = await staff.activeVenueStaffFor(supplier.supplierId);
  if (users.length === 0) return [{ recipient: supplier.email, url: ratesPageUrl(config, supplier.supplierId), signsIn: false }];
  const addressees: ReminderAddressee[] = [];
  for (const user of users) {
    addressees.push({
      recipient: user.email,
      url: signInLinkUrl(config.publicUrl),
      signsIn: true,
      link: { userId: user.id, nextPath: `/venue/${encodeURIComponent(supplier.supplierId)}#rates`, expiresAt: new Date(now.getTime() + REMINDER_LINK_TTL_MS) },
    });
  }
  return addressees;
}

export interface RateReminderDeps {
  db: Knex;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl' | 'rateStaleDays'>;
  clock: Clock;
  logger: Logger;
}

/**
 * One pass of the monthly refresh. Each reminder is claimed by a compare-and-set on
 * suppliers.rate_reminder_sent_at in the transaction that logs the e-mail, so concurrent runs
 * (several workers) send it once, and a supplier hears from us at most once a week.
 */
export async function sendRateReminders(deps: RateReminderDeps): Promise<{ sent: number; failed: number }> {
  const now = deps.clock.now();
  const bounds = rateReminderBounds(now, deps.config.rateStaleDays);
  const candidates = (await storesFor(deps.db).suppliers.rateReminderCandidates(bounds)).filter((c) =>
    isRateReminderDue(c.supplier, c.rateReminderSentAt, now, deps.config.rateStaleDays),
  );
  let sent = 0;
  let failed = 0;
  for (const candidate of candidates) {
    try {
      const queued = await deps.db.transaction(async (trx) => {
        // First statement of the transaction: see sla-watch for why the claim comes before any read.
        if (!(await storesFor(trx).suppliers.claimRateReminder(candidate.supplier.supplierId, bounds, now))) return false;
        const addressees = await reminderAddressees(trx, deps.config, candidate.supplier, now);
        let queuedAny = false;
        for (const to of addressees) {
          const mail = composeRateReminder(deps.renderer, deps.config, candidate, now, to);
          queuedAny = (to.link ? await queueSignInEmail(trx, mail, to.link, now) : await queueEmail(trx, mail, now)) || queuedAny;
        }
        return queuedAny;
      });
      if (queued) sent += 1;
    } catch (err) {
      failed += 1;
      deps.logger.warn('rate reminder failed, will retry', { supplierId: candidate.supplier.supplierId, ...errorFields(err), stack: undefined });
    }
  }
  if (candidates.length > 0) deps.logger.info('rate reminders', { due: candidates.length, sent, failed });
  return { sent, failed };
}
