import type { Benchmark } from './run';
import { startBenchApp } from './support/app';
import { briefsPending, submitDemoBriefs } from './support/briefs';
import { startBenchRedis } from './support/redis';
import { mb, median, sleep, waitUntil } from './support/stats';

/**
 * Issue 7 item 6: resident memory of a worker process (this one: services, relay, BullMQ
 * workers; no HTTP) after 1,000 briefs and after 10,000, fed in batches so the queue never
 * holds more than one batch. RSS is the median of five samples 100 ms apart after each mark.
 */
const FIRST = 1_000;
const TOTAL = 10_000;
const BATCH = 250;
const GOAL_MB = 50;

async function rss(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(process.memoryUsage().rss);
    await sleep(100);
  }
  return median(samples);
}

export const benchmark: Benchmark = {
  name: 'memory',
  async run(log) {
    // SQLite only: 10,000 briefs take minutes on a small machine, and the catalogue cache, the
    // matching and the queues whose memory this watches are the same code on both engines.
    const engine = 'sqlite' as const;
    const redis = await startBenchRedis();
    const app = await startBenchApp(engine, redis.url, {}, { http: false });
    try {
      await app.startWorkers();
      let after1k = 0;
      const started = Date.now();
      for (let done = 0; done < TOTAL; done += BATCH) {
        await submitDemoBriefs(app.services, done + 1, BATCH);
        await waitUntil(async () => (await briefsPending(app.services)) === 0, 300_000, 'batch quoted', 100);
        if (done + BATCH === FIRST) {
          after1k = await rss();
          log(`after ${FIRST} briefs: RSS ${mb(after1k)} MB`);
        }
      }
      const after10k = await rss();
      const growth = mb(after10k - after1k);
      const seconds = Math.round((Date.now() - started) / 1000);
      log(`after ${TOTAL} briefs: RSS ${mb(after10k)} MB (growth ${growth} MB) in ${seconds} s`);
      return {
        name: 'memory',
        summary:
          `One worker process (services, outbox relay, BullMQ workers, WORKER_CONCURRENCY default; no HTTP) quoting ${TOTAL.toLocaleString('en-GB')} briefs against the demo catalogue on SQLite, ` +
          `stored in batches of ${BATCH} through the intake use case; RSS (median of 5 samples) after ${FIRST.toLocaleString('en-GB')} and after ${TOTAL.toLocaleString('en-GB')}. ` +
          'SQLite only, for the run time; the code whose memory this watches is the same on PostgreSQL.',
        goals: [{ goal: `RSS growth from ${FIRST.toLocaleString('en-GB')} to ${TOTAL.toLocaleString('en-GB')} briefs < ${GOAL_MB} MB`, met: growth < GOAL_MB, detail: `${growth} MB (${mb(after1k)} → ${mb(after10k)} MB)` }],
        tables: [{ title: 'Worker resident memory', columns: ['database', 'briefs', 'RSS MB', 'growth MB', 'run s'], rows: [[engine, FIRST, mb(after1k), '—', '—'], [engine, TOTAL, mb(after10k), growth, seconds]] }],
        data: { engine, after1kBytes: after1k, after10kBytes: after10k, growthMb: growth, seconds },
      };
    } finally {
      await app.stop();
      await redis.stop();
    }
  },
};
