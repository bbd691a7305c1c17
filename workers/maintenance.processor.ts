import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Services } from '../src/services';
import type { MaintenanceJob } from '../src/queue/queues';
import { runSlaWatch } from '../src/sla/sla-watch';
import { sendRateReminders } from '../src/suppliers/rate-reminders';
import { runRetention } from '../src/privacy/retention';
import { runObservatory } from '../src/observatory/observatory-job';
import { runAvailabilityWatch } from '../src/availability/availability-watch';
import { expireUnanswered } from '../src/briefs/brief-outcomes';
import { sendSatisfactionSurveys } from '../src/briefs/satisfaction-survey';

const jobData = z.object({ task: z.enum(['sla-watch', 'rate-reminders', 'purge-expired', 'retention', 'observatory', 'availability-watch', 'quote-expiry', 'satisfaction-survey']) });

/** Thin consumer of the maintenance queue: one use case per task, then wake the relay for the e-mails. */
export function maintenanceProcessor(services: Services) {
  const deps = { db: services.db, renderer: services.renderer, config: services.config, clock: services.clock, logger: services.logger };
  return async (job: Job<MaintenanceJob>) => {
    const data = jobData.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError('maintenance job without a known task');
    let outcome: unknown;
    switch (data.data.task) {
      case 'sla-watch':
        outcome = await runSlaWatch(deps);
        break;
      case 'rate-reminders':
        outcome = await sendRateReminders(deps);
        break;
      case 'purge-expired':
        outcome = await services.stores.staff.deleteExpired(services.clock.now());
        break;
      case 'observatory':
        outcome = await runObservatory(deps);
        break;
      case 'availability-watch':
        outcome = await runAvailabilityWatch(deps);
        break;
      case 'quote-expiry':
        outcome = await expireUnanswered(deps);
        break;
      case 'satisfaction-survey':
        outcome = await sendSatisfactionSurveys(deps);
        break;
      case 'retention':
        outcome = await runRetention({ db: services.db, clock: services.clock, logger: services.logger, config: services.config });
        break;
    }
    void services.relay.kick().catch(() => undefined);
    return outcome;
  };
}
