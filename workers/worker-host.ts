import { Worker } from 'bullmq';
import type { Services } from '../src/services';
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES, type Queues } from '../src/queue/queues';
import { redisConnection } from '../src/platform/redis';
import { matchAndQuoteProcessor } from './match-and-quote.processor';
import { sendEmailProcessor } from './send-email.processor';
import { maintenanceProcessor } from './maintenance.processor';
import { reconcile } from './reconciler';
import { errorFields } from '../src/platform/logger';

export interface WorkerHost {
  close(): Promise<void>;
}

/** How long a brief or e-mail may wait before the reconciler assumes its job was lost. */
const RECONCILE_GRACE_MS = 60_000;

export interface WorkerHostOptions {
  reconcileEveryMs?: number;
  reconcileGraceMs?: number;
  /** How often the SLA watch runs (SPEC §7). Default 60 s. */
  slaWatchEveryMs?: number;
  /** How often suppliers are checked for a rate reminder (issue 3). Default daily. */
  rateRemindersEveryMs?: number;
  /** How often the retention job anonymises briefs past RETENTION_MONTHS (SPEC §12). Default daily. */
  retentionEveryMs?: number;
  /** How often the observatory's months are refreshed and the monthly digest checked (issue 16). Default 10 min. */
  observatoryEveryMs?: number;
  /** How often sent or interested briefs past QUOTE_VALID_DAYS become lost/no_response (SPEC §9.6). Default hourly. */
  quoteExpiryEveryMs?: number;
  /** How often booked events that ended are checked for their satisfaction survey (SPEC §9.7). Default hourly. */
  satisfactionSurveyEveryMs?: number;
  /** How often this process re-registers the schedulers, in case Redis lost them. Default 5 min. */
  schedulerRefreshEveryMs?: number;
}

const SCHEDULER_REGISTER_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Fixed ids: every worker process upserts the same two schedulers, so there is one of each. */
export const SCHEDULER_IDS = { slaWatch: 'sla-watch', rateReminders: 'rate-reminders', purgeExpired: 'purge-expired', retention: 'retention', observatory: 'observatory', availabilityWatch: 'availability-watch', quoteExpiry: 'quote-expiry', satisfactionSurvey: 'satisfaction-survey' } as const;

/** SPEC §11: expired sessions and sign-in links are deleted every hour. */
const PURGE_EVERY_MS = 3_600_000;

/**
 * Creates or refreshes the maintenance schedulers. Upserting with an unchanged interval keeps
 * the pending run where it is, so N processes doing it every few minutes change nothing.
 */
export async function upsertMaintenanceSchedulers(
  queues: Queues,
  every: { slaWatchEveryMs: number; rateRemindersEveryMs: number; retentionEveryMs?: number; observatoryEveryMs?: number; quoteExpiryEveryMs?: number; satisfactionSurveyEveryMs?: number },
): Promise<void> {
  const opts = DEFAULT_JOB_OPTIONS[QUEUE_NAMES.maintenance];
  await queues.maintenance.upsertJobScheduler(SCHEDULER_IDS.slaWatch, { every: every.slaWatchEveryMs }, { name: 'sla-watch', data: { task: 'sla-watch' }, opts });
  await queues.maintenance.upsertJobScheduler(
    SCHEDULER_IDS.rateReminders,
    { every: every.rateRemindersEveryMs },
    { name: 'rate-reminders', data: { task: 'rate-reminders' }, opts },
  );
  await queues.maintenance.upsertJobScheduler(SCHEDULER_IDS.purgeExpired, { every: PURGE_EVERY_MS }, { name: 'purge-expired', data: { task: 'purge-expired' }, opts });
  await queues.maintenance.upsertJobScheduler(SCHEDULER_IDS.retention, { every: every.retentionEveryMs ?? 86_400_000 }, { name: 'retention', data: { task: 'retention' }, opts });
  // SPEC §9.2–9.3: supplier reminders, overdue alerts and hold expiry, on the SLA watch's cadence.
  await queues.maintenance.upsertJobScheduler(SCHEDULER_IDS.availabilityWatch, { every: every.slaWatchEveryMs }, { name: 'availability-watch', data: { task: 'availability-watch' }, opts });
  if (every.observatoryEveryMs !== undefined) {
    await queues.maintenance.upsertJobScheduler(SCHEDULER_IDS.observatory, { every: every.observatoryEveryMs }, { name: 'observatory', data: { task: 'observatory' }, opts });
  }
  // SPEC §9.6–9.7: both passes are compare-and-sets or dedupe-keyed, so an overlap across processes changes nothing.
  await queues.maintenance.upsertJobScheduler(SCHEDULER_IDS.quoteExpiry, { every: every.quoteExpiryEveryMs ?? 3_600_000 }, { name: 'quote-expiry', data: { task: 'quote-expiry' }, opts });
  await queues.maintenance.upsertJobScheduler(
    SCHEDULER_IDS.satisfactionSurvey,
    { every: every.satisfactionSurveyEveryMs ?? 3_600_000 },
    { name: 'satisfaction-survey', data: { task: 'satisfaction-survey' }, opts },
  );
}

/** Starts the BullMQ workers, the maintenance schedulers and the reconciler of this process (the caller starts the relay). */
export async function startWorkers(services: Services, options: WorkerHostOptions = {}): Promise<WorkerHost> {
  const connection = redisConnection(services.redisUrl);
  const prefix = services.queuePrefix;
  const common = {
    connection,
    prefix,
    autorun: true,
    // Our jobs take milliseconds to seconds. A 15 s lock (renewed every 7.5 s) and a stalled
    // check every 5 s bring the jobs of a crashed worker back within ~20 s instead of ~60 s.
    lockDuration: 15_000,
    stalledInterval: 5_000,
  };
  const workers = [
    new Worker(QUEUE_NAMES.matchAndQuote, matchAndQuoteProcessor(services), { ...common, concurrency: services.config.workerConcurrency }),
    new Worker(QUEUE_NAMES.sendEmail, sendEmailProcessor(services), { ...common, concurrency: services.config.workerConcurrency }),
    // One maintenance job at a time per process: the passes are short and safe to overlap across processes.
    new Worker(QUEUE_NAMES.maintenance, maintenanceProcessor(services), { ...common, concurrency: 1 }),
  ];
  for (const w of workers) {
    w.on('error', (err) => services.logger.warn('worker connection error', { queue: w.name, ...errorFields(err), stack: undefined }));
    w.on('failed', (job, err) => services.logger.warn('job failed', { queue: w.name, jobId: job?.id, attemptsMade: job?.attemptsMade, ...errorFields(err), stack: undefined }));
  }
  // Reconciling is a timer in every worker process, not a BullMQ scheduler: it exists to recover
  // from Redis losing its data, schedulers included. It is idempotent, so N processes are fine.
  const every = options.reconcileEveryMs ?? 30_000;
  const timer = setInterval(() => {
    reconcile({ ...services.stores, queues: services.queues, logger: services.logger }, services.clock.now(), options.reconcileGraceMs ?? RECONCILE_GRACE_MS).catch((err) =>
      services.logger.warn('reconcile failed, will retry', { ...errorFields(err), stack: undefined }),
    );
  }, every);
  timer.unref();
  // Schedulers live in Redis, which may lose them (restart without persistence, failover): every
  // worker process registers them at start and again periodically. A failure (Redis down) is
  // only logged; the next refresh tries again.
  const schedules = {
    slaWatchEveryMs: options.slaWatchEveryMs ?? 60_000,
    rateRemindersEveryMs: options.rateRemindersEveryMs ?? 86_400_000,
    retentionEveryMs: options.retentionEveryMs ?? 86_400_000,
    observatoryEveryMs: options.observatoryEveryMs ?? 600_000,
    quoteExpiryEveryMs: options.quoteExpiryEveryMs ?? 3_600_000,
    satisfactionSurveyEveryMs: options.satisfactionSurveyEveryMs ?? 3_600_000,
  };
  let registering: Promise<void> | null = null;
  const registerSchedulers = () => {
    // Bounded, so a worker starting while Redis is unreachable still starts; never two at once.
    registering ??= withTimeout(upsertMaintenanceSchedulers(services.queues, schedules), SCHEDULER_REGISTER_TIMEOUT_MS)
      .catch((err) => services.logger.warn('scheduler registration failed, will retry', { ...errorFields(err), stack: undefined }))
      .finally(() => (registering = null));
    return registering;
  };
  await registerSchedulers();
  const schedulerTimer = setInterval(() => void registerSchedulers(), options.schedulerRefreshEveryMs ?? 300_000);
  schedulerTimer.unref();
  return {
    async close() {
      clearInterval(timer);
      clearInterval(schedulerTimer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
