import { Worker } from 'bullmq';
import type { Services } from '../src/services';
import { QUEUE_NAMES } from '../src/queue/queues';
import { redisConnection } from '../src/platform/redis';
import { matchAndQuoteProcessor } from './match-and-quote.processor';
import { sendEmailProcessor } from './send-email.processor';
import { reconcile } from '../src/queue/reconciler';
import { errorFields } from '../src/platform/logger';

export interface WorkerHost {
  close(): Promise<void>;
}

/** How long a brief or e-mail may wait before the reconciler assumes its job was lost. */
const RECONCILE_GRACE_MS = 60_000;

/** Starts the BullMQ workers and the reconciler of this process (the caller starts the relay). */
export async function startWorkers(services: Services, options: { reconcileEveryMs?: number; reconcileGraceMs?: number } = {}): Promise<WorkerHost> {
  const connection = redisConnection(services.redisUrl);
  const prefix = services.queuePrefix;
  const common = { connection, prefix, autorun: true };
  const workers = [
    new Worker(QUEUE_NAMES.matchAndQuote, matchAndQuoteProcessor(services), { ...common, concurrency: services.config.workerConcurrency }),
    new Worker(QUEUE_NAMES.sendEmail, sendEmailProcessor(services), { ...common, concurrency: services.config.workerConcurrency }),
  ];
  for (const w of workers) {
    w.on('error', (err) => services.logger.warn('worker connection error', { queue: w.name, ...errorFields(err), stack: undefined }));
    w.on('failed', (job, err) => services.logger.warn('job failed', { queue: w.name, jobId: job?.id, attemptsMade: job?.attemptsMade, error: err.message }));
  }
  // Reconciling is a timer in every worker process, not a BullMQ scheduler: it exists to recover
  // from Redis losing its data, schedulers included. It is idempotent, so N processes are fine.
  const every = options.reconcileEveryMs ?? 30_000;
  const timer = setInterval(() => {
    reconcile({ ...services.stores, queues: services.queues, logger: services.logger }, services.clock.now(), options.reconcileGraceMs ?? RECONCILE_GRACE_MS).catch((err) =>
      services.logger.warn('reconcile failed, will retry', { error: (err as Error).message }),
    );
  }, every);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
