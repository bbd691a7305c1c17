import type { Knex } from 'knex';
import { isPermanentSmtpError, type MailAttachment, type Mailer } from './mailer';
import type { MailEntry } from './mail-store';
import { mintLinks } from './link-minting';
import { fillLinks } from './redacted-links';
import type { Logger } from '../platform/logger';
import type { Clock } from '../platform/clock';
import { storesFor } from '../stores';

/** SPEC §11: acknowledgements to one address in 24 hours; the briefs themselves are all kept and quoted. */
export const ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY = 5;
const DAY_MS = 86_400_000;

export type DeliveryOutcome = 'delivered' | 'already_done' | 'missing' | 'retry' | 'failed';

export interface DeliverDeps {
  db: Knex;
  mailer: Mailer;
  mailFrom: string;
  clock: Clock;
  logger: Logger;
  /** Called once when an e-mail fails for good (to alert the hub, flag the brief). */
  onPermanentFailure(emailId: number, trx: Knex.Transaction): Promise<void>;
  /** Files made at delivery for this e-mail (the draft quote's PDF); none when absent. */
  attachmentsFor?(mail: MailEntry): Promise<MailAttachment[]>;
}

/**
 * Sends one logged e-mail. Re-reads and claims the row first, so a job that runs twice (a
 * retry after a crash, two workers) finds it delivered and does nothing. A crash between the
 * SMTP answer and the status update can still cause one duplicate: SMTP has no exactly-once.
 */
export async function deliverEmail(deps: DeliverDeps, emailId: number, attempt: { isLast: boolean }): Promise<DeliveryOutcome> {
  const store = storesFor(deps.db).mail;
  const mail = await store.findById(emailId);
  if (!mail) return 'missing';
  if (mail.status === 'delivered' || mail.status === 'failed' || mail.status === 'suppressed') return 'already_done';
  if (!(await store.claim(emailId, deps.clock.now()))) return 'already_done';

  const now = deps.clock.now();
  // The acknowledgement goes to whatever address a brief names: a public form must not become a
  // way to flood someone's inbox. Past a few a day to one address, the rest are not sent.
  if (mail.kind === 'brief_received' && (await store.countEarlierTo('brief_received', mail.recipient, new Date(now.getTime() - DAY_MS), mail.id)) >= ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY) {
    await store.markSuppressed(emailId, `not sent: already ${ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY} acknowledgements to this address in 24 hours`, now);
    deps.logger.info('email suppressed: acknowledgement limit', { emailId, kind: mail.kind });
    return 'already_done';
  }
  const tokens = await mintLinks(deps.db, mail, now);
  if (tokens === null) {
    // Its sign-in link was voided (a newer one was asked for) or expired before it could leave:
    // sending a dead link would only confuse. Not a delivery failure, so the hub is not alerted.
    await store.markSuppressed(emailId, 'not sent: its sign-in link was replaced or expired before sending', now);
    deps.logger.info('email suppressed: link no longer valid', { emailId, kind: mail.kind });
    return 'already_done';
  }
  const ref = mail.briefId ? (await storesFor(deps.db).briefs.findById(mail.briefId))?.ref : undefined;
  const domain = /@([^>\s]+)/.exec(deps.mailFrom)?.[1] ?? 'localhost';
  try {
    // Made only for a message that leaves the machine: the mail log keeps text, not files.
    const attachments = deps.attachmentsFor && deps.mailer.transport === 'smtp' ? await deps.attachmentsFor(mail) : [];
    const { messageId } = await deps.mailer.send({
      // A stable Message-ID lets a receiving system spot the rare duplicate resend.
      messageId: `<pce-mail-${mail.id}@${domain}>`,
      from: deps.mailFrom,
      to: mail.recipient,
      subject: mail.subject,
      html: fillLinks(mail.html, tokens),
      text: fillLinks(mail.text, tokens),
      headers: { 'X-PCE-Kind': mail.kind, ...(ref ? { 'X-PCE-Ref': ref } : {}) },
      ...(attachments.length ? { attachments } : {}),
    });
    await store.markDelivered(emailId, deps.mailer.transport, messageId, deps.clock.now());
    deps.logger.info('email delivered', { emailId, kind: mail.kind, transport: deps.mailer.transport });
    return 'delivered';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const permanent = isPermanentSmtpError(err);
    if (permanent || attempt.isLast) {
      await deps.db.transaction(async (trx) => {
        await storesFor(trx).mail.markFailed(emailId, message, deps.clock.now());
        await deps.onPermanentFailure(emailId, trx);
      });
      deps.logger.warn('email failed for good', { emailId, kind: mail.kind, permanent, responseCode: (err as { responseCode?: number }).responseCode });
      return 'failed';
    }
    await store.markRetrying(emailId, message, deps.clock.now());
    deps.logger.warn('email send failed, will retry', { emailId, kind: mail.kind, responseCode: (err as { responseCode?: number }).responseCode });
    return 'retry';
  }
}
