import type { Config } from './platform/config';
import { createDb, migrateToLatest, type Db } from './platform/db';
import { createLogger, type Logger, errorFields } from './platform/logger';
import { systemClock, type Clock } from './platform/clock';
import IORedis from 'ioredis';
import { redisConnection } from './platform/redis';
import { createQueues, type Queues } from './queue/queues';
import { OutboxRelay } from './queue/outbox-relay';
import { EmailRenderer } from './mail/email-renderer';
import { createMailer, type Mailer } from './mail/mailer';
import { storesFor, type Stores } from './stores';

export interface ServiceOverrides {
  clock?: Clock;
  logger?: Logger;
  /** BullMQ key prefix; tests give each suite its own. */
  queuePrefix?: string;
  mailer?: Mailer;
}

export interface Services {
  config: Readonly<Config>;
  db: Db;
  logger: Logger;
  clock: Clock;
  queues: Queues;
  queuePrefix: string;
  redisUrl: string;
  /** A plain client for health checks; its commands time out while Redis is down. */
  redis: IORedis;
  relay: OutboxRelay;
  renderer: EmailRenderer;
  mailer: Mailer;
  /** Keys that sign the pre-sign-in CSRF values (the same in every web process). */
  keys: { preSignIn: string };
  /** Every store over the connection pool; a use case that writes takes its own from storesFor(trx). */
  stores: Stores;
  close(): Promise<void>;
}

/** The one wiring point: builds every store, queue and service from config. No singletons. */
export async function createServices(config: Readonly<Config>, redisUrl: string, overrides: ServiceOverrides = {}): Promise<Services> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  const queuePrefix = overrides.queuePrefix ?? config.queuePrefix;
  let lastQueueError = 0;
  const queues = createQueues(redisConnection(redisUrl), queuePrefix, (err) => {
    // Redis outages produce an error per reconnect attempt; one line a minute is enough.
    if (Date.now() - lastQueueError < 60_000) return;
    lastQueueError = Date.now();
    logger.warn('queue connection error (retrying)', { ...errorFields(err), stack: undefined });
  });
  const stores = storesFor(db);
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', () => undefined); // reported by /healthz, not as an unhandled event
  const keys = { preSignIn: await stores.appSecrets.getOrCreate('pre_sign_in_csrf') };
  const relay = new OutboxRelay(stores.outbox, queues, logger);
  const mailer = overrides.mailer ?? createMailer(config.smtpUrl);
  return {
    config,
    db,
    logger,
    clock: overrides.clock ?? systemClock,
    queues,
    queuePrefix,
    redisUrl,
    redis,
    relay,
    renderer: new EmailRenderer(),
    mailer,
    keys,
    stores,
    async close() {
      await relay.stop();
      await queues.close();
      redis.disconnect();
      mailer.close();
      await db.destroy();
    },
  };
}
