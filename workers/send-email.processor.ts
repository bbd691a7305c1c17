import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Knex } from 'knex';
import type { Services } from '../src/services';
import { deliverEmail } from '../src/mail/deliver-email';
import { recordDeliveryFailure } from '../src/mail/delivery-failure';
import type { SendEmailJob } from '../src/queue/queues';
import { draftQuoteAttachments } from '../src/quotes/quote-attachment';
import { hubInfo } from '../src/i18n/hub-info';

const jobData = z.object({ emailId: z.number().int().positive() });

export function sendEmailProcessor(services: Services) {
  const onPermanentFailure = (emailId: number, trx: Knex.Transaction) => recordDeliveryFailure(services, trx, emailId, services.clock.now());

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
