import type { Benchmark } from './run';
import { startBenchApp } from './support/app';
import { briefsByStatus, briefsPending, submitDemoBriefs } from './support/briefs';
import { startBenchRedis } from './support/redis';
import { mb, median, sleep, waitUntil } from './support/stats';
import { procMemory, spawnWorkerProcess } from './support/worker-process';
import { TABLES } from '../src/platform/tables';
import type { Services } from '../src/services';

/**
 * Issue 7 item 6: resident memory of a real worker process — `node dist/src/main.js worker`, the
 * product's own entry, spawned as a child with WORKER_CONCURRENCY left at its default — after
 * 1,000 briefs and after 10,000. This process only seeds the database (demo catalogue), stores
 * briefs through the intake use case in batches and relays their jobs (the child relays too:
 * adding a job is idempotent by job id); it runs no BullMQ worker. Each batch waits until no brief
 * is waiting or matching and no e-mail is waiting or sending, so the queue never holds more than
 * one batch and each mark is taken at rest. The child's RSS is read from /proc/<pid>/status
 * (VmRSS, median of five samples 100 ms apart); its peak is VmHWM.
 */
const FIRST = 1_000;
const TOTAL = 10_000;
const BATCH = 250;
const GOAL_MB = 50;

async function childRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (i > 0) await sleep(100);
    samples.push(procMemory(pid).rss);
  }
  return median(samples);
}

/** E-mails the worker has not delivered yet. A read for the benchmark, not product code. */
async function mailPending(services: Services): Promise<number> {
  const row = (await services.db(TABLES.mailLog).whereIn('status', ['pending', 'sending']).count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}

const n = (v: number) => v.toLocaleString('en-GB');

export const benchmark: Benchmark = {
  name: 'memory',
  async run(log) {
    // SQLite only: 10,000 briefs take minutes on a small machine, and the catalogue cache, the
    // matching and the queues whose memory this watches are the same code on both engines.
    const engine = 'sqlite' as const;
    const redis = await startBenchRedis();
    const app = await startBenchApp(engine, redis.url, {}, { http: false });
    // No SMTP_URL: the worker's mailer is the log transport (records e-mails as delivered, sends nothing).
    // LOG_LEVEL info, the product default: the child writes a few log lines per brief, drained and dropped.
    const worker = spawnWorkerProcess({
      DATABASE_URL: app.database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: app.services.queuePrefix,
      LOG_LEVEL: 'info',
    });
    try {
      await worker.ready();
      const atStart = await childRss(worker.pid);
      const peakAtStart = procMemory(worker.pid).hwm;
      log(`worker process ${worker.pid} started: RSS ${mb(atStart)} MB`);
      const atRest = async () => {
        worker.assertAlive();
        return (await briefsPending(app.services)) === 0 && (await mailPending(app.services)) === 0;
      };
      let after1k = 0;
      let peak1k = 0;
      let seconds1k = 0;
      // One VmRSS reading after every batch: shows a trend (or GC's saw-tooth) between the two marks.
      const trace: { briefs: number; rssMb: number; hwmMb: number }[] = [];
      const started = Date.now();
      for (let done = 0; done < TOTAL; done += BATCH) {
        await submitDemoBriefs(app.services, done + 1, BATCH);
        await waitUntil(atRest, 120_000, `briefs ${done + 1}–${done + BATCH} quoted and their e-mails delivered`, 100);
        const now = procMemory(worker.pid);
        trace.push({ briefs: done + BATCH, rssMb: mb(now.rss), hwmMb: mb(now.hwm) });
        if (done + BATCH === FIRST) {
          seconds1k = Math.round((Date.now() - started) / 1000);
          after1k = await childRss(worker.pid);
          peak1k = procMemory(worker.pid).hwm;
          log(`after ${n(FIRST)} briefs (${seconds1k} s): RSS ${mb(after1k)} MB, peak ${mb(peak1k)} MB`);
        }
      }
      const seconds = Math.round((Date.now() - started) / 1000);
      const after10k = await childRss(worker.pid);
      const peak = procMemory(worker.pid).hwm;
      const statuses = await briefsByStatus(app.services);
      const growth = mb(after10k - after1k);
      const laterRss = trace.filter((t) => t.briefs >= FIRST).map((t) => t.rssMb);
      log(`RSS after each batch from ${n(FIRST)} on: min ${Math.min(...laterRss)} MB, max ${Math.max(...laterRss)} MB`);
      log(`after ${n(TOTAL)} briefs (${seconds} s): RSS ${mb(after10k)} MB (growth ${growth} MB), peak ${mb(peak)} MB; briefs ${JSON.stringify(statuses)}`);
      return {
        name: 'memory',
        summary:
          `One worker process — \`node dist/src/main.js worker\`, spawned as its own process (WORKER_CONCURRENCY default, LOG_LEVEL info, no SMTP_URL so e-mails go through the log transport) — ` +
          `quoting ${n(TOTAL)} briefs against the demo catalogue on SQLite. The benchmark process stores the briefs through the intake use case in batches of ${BATCH}, ` +
          'waiting after each until no brief is waiting or matching and no e-mail is waiting or sending. ' +
          `The worker's RSS is read from /proc (VmRSS, median of 5 samples 100 ms apart) once it has started, after ${n(FIRST)} and after ${n(TOTAL)} briefs; peak is VmHWM; ` +
          'results.json also holds one VmRSS reading after every batch. ' +
          'SQLite only, for the run time; the code whose memory this watches is the same on PostgreSQL.',
        goals: [{ goal: `worker RSS growth from ${n(FIRST)} to ${n(TOTAL)} briefs < ${GOAL_MB} MB`, met: growth < GOAL_MB, detail: `${growth} MB (${mb(after1k)} → ${mb(after10k)} MB; peak ${mb(peak)} MB)` }],
        tables: [
          {
            title: 'Worker process resident memory',
            columns: ['database', 'briefs', 'RSS MB', 'growth from 1,000 MB', 'peak RSS so far MB', 'elapsed s'],
            rows: [
              [engine, 0, mb(atStart), '—', mb(peakAtStart), 0],
              [engine, FIRST, mb(after1k), '—', mb(peak1k), seconds1k],
              [engine, TOTAL, mb(after10k), growth, mb(peak), seconds],
            ],
          },
        ],
        data: { engine, batch: BATCH, atStartBytes: atStart, after1kBytes: after1k, after10kBytes: after10k, peak1kBytes: peak1k, peakBytes: peak, growthMb: growth, seconds1k, seconds, statuses, afterEachBatch: trace },
      };
    } catch (err) {
      log(`worker process output (last lines):\n${worker.tail().join('\n')}`);
      throw err;
    } finally {
      await worker.stop();
      await app.stop();
      await redis.stop();
    }
  },
};
