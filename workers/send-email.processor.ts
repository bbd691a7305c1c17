import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Knex } from 'knex';
import type { Services } from '../src/services';
import { moveBrief, SYSTEM } from '../src/briefs/brief-lifecycle';
import { deliverEmail } from '../src/mail/deliver-email';
import type { SendEmailJob } from '../src/queue/queues';
import { MailStore } from '../src/mail/mail-store';
import { BriefStore } from '../src/briefs/brief-store';
import { queueEmail, dedupeKey } from '../src/mail/mail-service';
import { draftQuoteAttachments } from '../src/quotes/quote-attachment';
import { hubInfo } from '../src/i18n/hub-info';

const jobData = z.object({ emailId: z.number().int().positive() });

export function sendEmailProcessor(services: Services) {
  const onPermanentFailure = async (emailId: number, trx: Knex.Transaction) => {
    const mail = await new MailStore(trx).findById(emailId);
    if (!mail || mail.recipient === services.config.hubEmail) return;
    const now = services.clock.now();
    if (mail.briefId && mail.kind === 'draft_quote') {
      const briefs = new BriefStore(trx);
      const brief = await briefs.findById(mail.briefId);
      if (brief) {
        const reasons = [...brief.reviewReasons, { code: 'email_failed' as const, detail: `the draft quote e-mail could not be delivered: ${mail.lastError ?? 'rejected'}` }];
        await moveBrief(trx, brief.id, { to: 'needs_review', actor: SYSTEM, at: now, from: ['sent'], reason: 'email_failed', columns: { review_reasons: JSON.stringify(reasons) } });
      }
    }
    const text = `E-mail #${mail.id} (${mail.kind}) to ${mail.recipient} failed for good: ${mail.lastError ?? 'rejected'}.\nSee the mail log in the hub dashboard.\n`;
    await queueEmail(
      trx,
      {
        dedupeKey: dedupeKey({ kind: 'needs_review', recipient: services.config.hubEmail, briefId: mail.briefId, extra: String(mail.id) }),
        // A failed e-mail is something for a person to review, so it travels as needs_review.
        kind: 'needs_review',
        recipient: services.config.hubEmail,
        briefId: mail.briefId,
        quoteVersion: mail.quoteVersion,
        supplierId: null,
        subject: `E-mail failed: ${mail.kind} #${mail.id}`,
        html: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')}</p>`,
        text,
      },
      now,
    );
  };

  return async (job: Job<SendEmailJob>) => {
    const data = jobData.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError('send-email job without a valid emailId');
    const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await deliverEmail(
      {
        db: services.db,
        mailer: services.mailer,
        mailFrom: services.config.mailFrom,
        clock: services.clock,
        logger: services.logger,
        onPermanentFailure,
        attachmentsFor: (mail) => draftQuoteAttachments(services.db, hubInfo(services.config), mail),
      },
      data.data.emailId,
      { isLast },
    );
    if (outcome === 'missing') throw new UnrecoverableError(`e-mail ${data.data.emailId} does not exist`);
    if (outcome === 'retry') throw new Error(`e-mail ${data.data.emailId}: temporary failure, retrying`);
    if (outcome === 'failed') void services.relay.kick().catch(() => undefined);
    return outcome;
  };
}
