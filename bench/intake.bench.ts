import express from 'express';
import type { Server } from 'node:http';
import type net from 'node:net';
import autocannon from 'autocannon';
import type { Benchmark } from './run';
import { startBenchApp, demoBrief } from './support/app';
import { benchEngines } from './support/databases';
import { startBenchRedis } from './support/redis';
import { round } from './support/stats';

/**
 * Issue 7 item 1: POST /api/briefs under 50 connections for 20 s (after a warm-up), next to a
 * bare express route in the same process that parses the same JSON body and answers the same
 * shape without validating or storing anything. The ratio is what validation, the one
 * transaction (brief + outbox + acknowledgement e-mail) and the relay cost.
 */
const CONNECTIONS = 50;
const DURATION_S = 20;
const WARMUP_S = 3;
const GOAL = 0.3;

interface Load { reqPerSec: number; p50: number; p99: number; non2xx: number; errors: number }

async function load(url: string, body: string, duration: number): Promise<Load> {
  const r = await autocannon({ url, method: 'POST', connections: CONNECTIONS, duration, headers: { 'content-type': 'application/json' }, body });
  return { reqPerSec: round(r.requests.average, 0), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(express.json({ limit: '100kb' }));
  app.post('/bare', (req, res) => {
    res.status(201).json({ ref: 'PCE-BARE', status: 'received', sla_due_at: new Date().toISOString(), n: Object.keys(req.body as object).length });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/bare`,
    close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

export const benchmark: Benchmark = {
  name: 'intake',
  async run(log) {
    const rows: (string | number)[][] = [];
    const goals = [];
    const data: Record<string, unknown> = {};
    const body = JSON.stringify(demoBrief(1));
    for (const engine of benchEngines()) {
      const redis = await startBenchRedis();
      const app = await startBenchApp(engine, redis.url);
      const bare = await bareServer();
      try {
        await load(bare.url, body, WARMUP_S);
        await load(`${app.baseUrl}/api/briefs`, body, WARMUP_S);
        const b = await load(bare.url, body, DURATION_S);
        log(`${engine} bare: ${b.reqPerSec} req/s, p50 ${b.p50} ms, p99 ${b.p99} ms`);
        const i = await load(`${app.baseUrl}/api/briefs`, body, DURATION_S);
        log(`${engine} intake: ${i.reqPerSec} req/s, p50 ${i.p50} ms, p99 ${i.p99} ms, non-2xx ${i.non2xx}`);
        const ratio = round(i.reqPerSec / b.reqPerSec, 3);
        rows.push([engine, 'bare express route', b.reqPerSec, b.p50, b.p99, '—'], [engine, 'POST /api/briefs', i.reqPerSec, i.p50, i.p99, ratio]);
        goals.push({ goal: `${engine}: intake ≥ ${GOAL} × bare`, met: ratio >= GOAL && i.non2xx === 0, detail: `${ratio} × (${i.reqPerSec} vs ${b.reqPerSec} req/s; ${i.non2xx} non-2xx)` });
        data[engine] = { bare: b, intake: i, ratio };
      } finally {
        await bare.close();
        await app.stop();
        await redis.stop();
      }
    }
    return {
      name: 'intake',
      summary:
        `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per target after a ${WARMUP_S} s warm-up of each, client and server in one process on the same cores. ` +
        'The bare route parses the same JSON body and answers the same shape without validating or storing it. INTAKE_RATE_LIMIT raised so no request is refused. ' +
        'Each brief is stored with its outbox jobs and acknowledgement e-mail row all or nothing; the outbox relay pushes the jobs to a private redis-server (AOF everysec, noeviction). ' +
        'Issue 7 changes, from --cpu-prof: intake went through knex (query building and a fresh prepared statement per query, 7 statements and a commit per brief); it now group-commits, ' +
        'the briefs that arrive while a write is pending sharing the next one: on SQLite prepared statements in one IMMEDIATE transaction, ids assigned under its lock; on PostgreSQL one ' +
        'query for the ids and one multi-row statement per batch. What stands in the way on PostgreSQL: the database server shares the 2 cores with the load generator and the app, ' +
        'and the app process then waits on it about a fifth of the time (idle in the profile); what remains in the app is HTTP, JSON, validation and rendering the acknowledgement, as on SQLite.',
      goals,
      tables: [{ title: 'POST /api/briefs against a bare express route', columns: ['database', 'target', 'req/s', 'p50 ms', 'p99 ms', 'ratio to bare'], rows }],
      data,
    };
  },
};
