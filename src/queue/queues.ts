import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** Queue names and job payloads. Jobs carry ids only; processors re-read the rows. */
export const QUEUE_NAMES = {
  matchAndQuote: 'match-and-quote',
  sendEmail: 'send-email',
  maintenance: 'maintenance',
} as const;

/** One job per brief and per e-mail: BullMQ ignores a second add with the same id, so re-adding is harmless. */
export const briefJobId = (briefId: number) => `brief-${briefId}`;
export const emailJobId = (emailId: number) => `email-${emailId}`;

export interface MatchAndQuoteJob { briefId: number }
export interface SendEmailJob { emailId: number }
export interface MaintenanceJob { task: 'sla-watch' | 'rate-reminders' | 'purge-expired' | 'retention' | 'observatory' | 'availability-watch' | 'quote-expiry' | 'satisfaction-survey' }

export const DEFAULT_JOB_OPTIONS: Record<string, JobsOptions> = {
  // A brief is retried a few times (database hiccups); the processor is idempotent.
  [QUEUE_NAMES.matchAndQuote]: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 },
  // SMTP 4xx and network errors are temporary: retry with backoff for roughly an hour in all.
  [QUEUE_NAMES.sendEmail]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QUEUE_NAMES.maintenance]: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
};

export interface Queues {
  matchAndQuote: Queue<MatchAndQuoteJob>;
  sendEmail: Queue<SendEmailJob>;
  maintenance: Queue<MaintenanceJob>;
  byName(name: string): Queue;
  close(): Promise<void>;
}

/**
 * `prefix` isolates tests (and deployments sharing one Redis). The producer connection fails
 * fast when Redis is down (no offline queue): the outbox keeps the job and retries later.
 */
export function createQueues(connection: ConnectionOptions, prefix: string, onError: (err: Error) => void = () => undefined): Queues {
  const make = <T>(name: string) => {
    const queue = new Queue<T>(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS[name] });
    // Without a listener BullMQ prints every reconnection failure to the console.
    queue.on('error', onError);
    return queue;
  };
  const matchAndQuote = make<MatchAndQuoteJob>(QUEUE_NAMES.matchAndQuote);
  const sendEmail = make<SendEmailJob>(QUEUE_NAMES.sendEmail);
  const maintenance = make<MaintenanceJob>(QUEUE_NAMES.maintenance);
  const all: Record<string, Queue> = {
    [QUEUE_NAMES.matchAndQuote]: matchAndQuote as Queue,
    [QUEUE_NAMES.sendEmail]: sendEmail as Queue,
    [QUEUE_NAMES.maintenance]: maintenance as Queue,
  };
  return {
    matchAndQuote,
    sendEmail,
    maintenance,
    byName(name) {
      const q = all[name];
      if (!q) throw new Error(`unknown queue ${name}`);
      return q;
    },
    async close() {
      await Promise.all(Object.values(all).map((q) => q.close()));
    },
  };
}
