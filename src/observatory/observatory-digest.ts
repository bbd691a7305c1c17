import type { Knex } from 'knex';
import type { Config } from '../platform/config';
import type { Clock } from '../platform/clock';
import { errorFields, type Logger } from '../platform/logger';
import type { EmailRenderer } from '../mail/email-renderer';
import type { NewMail } from '../mail/mail-store';
import { dedupeKey, queueEmail } from '../mail/mail-service';
import { formatMoney } from '../platform/format';
import type { Language } from '../core/brief-schema';
import { assembleGrid, MIN_BRIEFS, REGION, type Grid } from './observatory-grid';
import { freshMonths } from './observatory-refresh';
import { addMonths, currentMonthKey, monthOf, type Month } from './observatory-months';
import { type DigestRecipient } from './digest-store';
import { causeLabel, digestText, eventTypeLabel, monthLabel, percent, placeLabel } from './observatory-words';
import { storesFor } from '../stores';

/** Destinations the digest names (the busiest published ones). */
const DIGEST_DESTINATIONS = 5;

/** The month a digest sent at `now` reports on: the Paris month before the current one. */
export function digestMonth(now: Date): Month {
  return monthOf(addMonths(currentMonthKey(now), -1));
}

/** Two runs for the same supplier and month build the same key, so the mail log keeps one. */
export function digestDedupeKey(recipient: DigestRecipient, month: string): string {
  return dedupeKey({ kind: 'observatory_digest', recipient: recipient.email, extra: `${recipient.supplierId}|${month}` });
}

export function composeDigest(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl'>,
  recipient: DigestRecipient,
  month: Month,
  grid: Grid,
  own: { leads: number; interested: number },
): NewMail {
  const lang: Language = recipient.language;
  const w = (key: Parameters<typeof digestText>[1], params?: Record<string, string | number>) => digestText(lang, key, params);
  const name = monthLabel(lang, month.key, true);
  const region = grid.cells[0]?.get(REGION) ?? null;
  const f = region?.figures ?? null;
  const money = (cents: number) => formatMoney(cents, lang);
  const figures = f
    ? [
        { label: w('briefs'), value: String(f.briefs) },
        { label: w('attendees'), value: String(f.attendees) },
        { label: w('eventTypes'), value: f.eventTypes.map((t) => `${eventTypeLabel(lang, t.type)} ${t.briefs}`).join(', ') },
        { label: w('leadTime'), value: w('days', { n: f.leadDays.median }) },
        {
          label: w('budget'),
          value: f.budgetPerAttendeeCents
            ? `${money(f.budgetPerAttendeeCents.median)} (${money(f.budgetPerAttendeeCents.q1)} – ${money(f.budgetPerAttendeeCents.q3)})`
            : w('budgetWithheld', { min: MIN_BRIEFS }),
        },
        { label: w('interest'), value: `${f.sent} / ${f.interested} (${percent(f.interested, f.sent) ?? 0} %)` },
      ]
    : [];
  const destinations = grid.destinations
    .filter((d) => d.key !== REGION)
    .flatMap((d) => {
      const cell = grid.cells[0]?.get(d.key);
      return cell?.figures ? [{ name: placeLabel(lang, d.key, d.label), briefs: cell.figures.briefs }] : [];
    })
    .sort((a, b) => b.briefs - a.briefs)
    .slice(0, DIGEST_DESTINATIONS);
  const subject = w('subject', { month: name });
  return {
    dedupeKey: digestDedupeKey(recipient, month.key),
    kind: 'observatory_digest',
    recipient: recipient.email,
    briefId: null,
    quoteVersion: null,
    supplierId: recipient.supplierId,
    ...renderer.render('observatory_digest', subject, {
      lang,
      colon: lang === 'fr' ? '\u00a0:' : ':',
      greeting: w('greeting', { name: recipient.name }),
      intro: w('intro', { month: name }),
      regionTitle: w('region'),
      figures,
      withheld: f ? null : w('withheld', { min: MIN_BRIEFS }),
      destinationsTitle: w('destinations'),
      destinations,
      unmetTitle: w('unmet'),
      unmet: f ? f.unmetByCriterion.map((u) => w('unmetLine', { criterion: causeLabel(lang, u.criterion), briefs: u.briefs })) : [],
      unmetNone: f && f.unmet === 0 ? w('unmetNone') : null,
      yoursTitle: w('yours', { name: recipient.name }),
      yours: w('yourLeads', { leads: own.leads, interested: own.interested }),
      linkText: w('link'),
      url: `${config.publicUrl}/observatory?from=${month.key}&to=${month.key}`,
      footer: w('optOut'),
    }),
  };
}

export interface DigestDeps {
  db: Knex;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl'>;
  clock: Clock;
  logger: Logger;
}

/**
 * One pass of the monthly digest (SPEC §10): every active supplier gets last month's figures
 * once. The scheduler runs it every few hours; each e-mail's dedupe key names the supplier and
 * the month, so any number of runs, concurrent or not, across any number of workers, logs
 * (and sends) one digest per supplier and month. A month without a brief sends nothing.
 */
export async function sendObservatoryDigests(deps: DigestDeps): Promise<{ month: string; queued: number; failed: number }> {
  const month = digestMonth(deps.clock.now());
  const [stored] = await freshMonths(deps.db, [month], deps.clock.now());
  const grid = assembleGrid([stored!.cells]);
  if (!grid.cells[0]?.has(REGION)) return { month: month.key, queued: 0, failed: 0 };
  const recipients = await storesFor(deps.db).digests.activeRecipients();
  let queued = 0;
  let failed = 0;
  for (const recipient of recipients) {
    try {
      const own = stored!.leads[recipient.supplierId] ?? { leads: 0, interested: 0 };
      const mail = composeDigest(deps.renderer, deps.config, recipient, month, grid, own);
      if (await deps.db.transaction((trx) => queueEmail(trx, mail, deps.clock.now()))) queued += 1;
    } catch (err) {
      failed += 1;
      deps.logger.warn('observatory digest failed, will retry', { supplierId: recipient.supplierId, ...errorFields(err), stack: undefined });
    }
  }
  if (queued > 0 || failed > 0) deps.logger.info('observatory digests', { month: month.key, queued, failed });
  return { month: month.key, queued, failed };
}
