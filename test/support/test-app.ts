import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type net from 'node:net';
import { loadConfig } from '../../src/platform/config';
import { createServices, type Services } from '../../src/services';
import { createApp } from '../../src/app';
import { startWorkers, type WorkerHost } from '../../workers/worker-host';
import { createLogger, type Logger } from '../../src/platform/logger';
import type { Clock } from '../../src/platform/clock';
import { createTestDatabase, type TestDatabase } from './test-database';
import { SmtpSink } from './smtp-sink';
import { testClock } from './clock';
import { TABLES } from '../../src/platform/tables';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestApp {
  baseUrl: string;
  services: Services;
  smtp: SmtpSink;
  database: TestDatabase;
  /** Bearer-authenticated JSON fetch. */
  api(path: string, init?: RequestInit): Promise<Response>;
  waitForStatus(ref: string, statuses: string[], timeoutMs?: number): Promise<Record<string, unknown>>;
  /**
   * Waits until nothing is left to run: no brief or e-mail job waiting, running or retrying, no
   * outbox row unrelayed, no e-mail pending or sending, twice in a row. Only then can a test say
   * "exactly one copy": a late duplicate would still be in one of those places.
   */
  settled(timeoutMs?: number): Promise<void>;
  stopWorkers(): Promise<void>;
  startWorkers(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real app on port 0: a fresh database, the run's private Redis under a unique queue
 * prefix, a real SMTP server, the real workers. Nothing is mocked. The clock is `testClock()`
 * (real time + TEST_CLOCK_OFFSET_DAYS) unless the test gives one.
 */
export async function startTestApp(options: { env?: Record<string, string>; clock?: Clock; redisUrl?: string; workers?: boolean; logger?: Logger } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const smtp = new SmtpSink();
  const smtpUrl = await smtp.start();
  const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL!;
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    SMTP_URL: smtpUrl,
    HUB_API_TOKEN: TEST_TOKEN,
    HUB_EMAIL: 'hub@example.org',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const services = await createServices(config, redisUrl, {
    clock: options.clock ?? testClock(),
    logger: options.logger ?? createLogger(config.logLevel),
    queuePrefix: `test-${randomBytes(6).toString('hex')}`,
  });
  const server: Server = await new Promise((resolve) => {
    const s = createApp(services).listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  services.relay.start(100);
  let workers: WorkerHost | null = options.workers === false ? null : await startWorkers(services, { reconcileEveryMs: 500, reconcileGraceMs: 2000 });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(baseUrl + path, { ...init, headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  return {
    baseUrl,
    services,
    smtp,
    database,
    api,
    async waitForStatus(ref, statuses, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const body = (await (await api(`/api/briefs/${ref}`)).json()) as Record<string, unknown>;
        if (statuses.includes(body.status as string)) return body;
        if (Date.now() > deadline) throw new Error(`brief ${ref} stayed ${String(body.status)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async settled(timeoutMs = 30_000) {
      const { db, queues, stores } = services;
      const busy = async () => {
        const jobs = await Promise.all([queues.matchAndQuote, queues.sendEmail].map((q) => q.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children')));
        const queued = jobs.reduce((n, counts) => n + Object.values(counts).reduce((a, b) => a + b, 0), 0);
        const unrelayed = (await stores.outbox.pending(1)).length;
        const [{ n: mail }] = (await db(TABLES.mailLog).whereIn('status', ['pending', 'sending']).count({ n: '*' })) as [{ n: number | string }];
        return queued + unrelayed + Number(mail);
      };
      const deadline = Date.now() + timeoutMs;
      for (let quiet = 0; quiet < 2; ) {
        quiet = (await busy()) === 0 ? quiet + 1 : 0;
        if (Date.now() > deadline) throw new Error('the app did not settle: jobs, outbox rows or e-mails are still pending');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stopWorkers() {
      await workers?.close();
      workers = null;
    },
    async startWorkers() {
      workers = await startWorkers(services, { reconcileEveryMs: 500, reconcileGraceMs: 2000 });
    },
    async stop() {
      await workers?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
      await smtp.stop();
      await database.drop();
    },
  };
}

export function postBrief(app: TestApp, body: unknown): Promise<Response> {
  return fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
