import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { createDb, migrateToLatest, type Db } from '../src/platform/db';
import { TABLES } from '../src/platform/tables';
import { PageRenderer } from '../src/i18n/views';
import { DashboardService } from '../src/hub/dashboard-service';
import { dashboardView } from '../src/hub/dashboard-view';
import { parsePeriod } from '../src/hub/dashboard-period';
import { MetricsReadModel } from '../src/hub/read-models/metrics-read-model';
import type { Benchmark, BenchResult } from './run';
import { percentile, round, seeded } from './support/stats';

/**
 * Issue 5: the hub dashboard (every read model, the view model and the Handlebars page) against
 * 100,000 briefs received over a year, with their quotes, options and mail log, on SQLite and,
 * when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, on PostgreSQL too.
 */

const BRIEFS = Number(process.env.BENCH_DASHBOARD_BRIEFS ?? 100_000);
const SUPPLIERS = 600;
const WARMUP_RUNS = 3;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 15_000);
const MAX_RUNS = 200;
const GOAL_MEDIAN_MS = 300;
const SLA_HOURS = 48;
const RATE_STALE_DAYS = 45;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CITIES = ['Marseille', 'Aix-en-Provence', 'Nice', 'Cannes', 'Toulon', 'Avignon', 'Antibes', 'Saint-Raphaël', 'Hyères', 'Arles', 'Menton', 'Gap', 'Fréjus', 'La Ciotat'];

/**
 * Optional richer brief fields for other benchmarks (the observatory's): called once per brief,
 * with its own generator, so the dashboard's data stays exactly what it was.
 */
export interface SeedExtras {
  brief(id: number, received: number, attendees: number): { payload?: Record<string, unknown>; row?: Record<string, unknown> };
}

export interface Seeded {
  briefs: number;
  quotes: number;
  options: number;
  mails: number;
  seedSeconds: number;
}

/** Bulk inserts in chunks within SQLite's limits (bound variables; knex's compound SELECT of at most 500 terms). */
async function bulk(db: Db | Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  const chunk = Math.max(1, Math.min(400, Math.floor(30_000 / columns)));
  for (let i = 0; i < rows.length; i += chunk) await db(table).insert(rows.slice(i, i + chunk));
}

/**
 * A year of briefs: about 88 % sent (most by the machine, a fifth after review, a few late),
 * 4 % accepted or declined, 2 % cancelled; the last two days hold the unsent ones. Each quoted
 * brief has one or two quote versions of 1 to 3 options, and 3 to 5 mail-log rows (0.4 % failed).
 */
export async function seed(db: Db, now: Date, extras?: SeedExtras): Promise<Seeded> {
  const started = Date.now();
  const rnd = seeded(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString();
  let briefRows: Record<string, unknown>[] = [];
  let quoteRows: Record<string, unknown>[] = [];
  let optionRows: Record<string, unknown>[] = [];
  let mailRows: Record<string, unknown>[] = [];
  let quoteId = 0;
  let optionId = 0;
  let mailId = 0;
  const totals = { quotes: 0, options: 0, mails: 0 };
  const flush = async () => {
    await db.transaction(async (trx) => {
      await bulk(trx, TABLES.briefs, briefRows);
      if (quoteRows.length) await bulk(trx, TABLES.quotes, quoteRows);
      if (optionRows.length) await bulk(trx, TABLES.quoteOptions, optionRows);
      if (mailRows.length) await bulk(trx, TABLES.mailLog, mailRows);
    });
    totals.quotes += quoteRows.length;
    totals.options += optionRows.length;
    totals.mails += mailRows.length;
    briefRows = [];
    quoteRows = [];
    optionRows = [];
    mailRows = [];
  };

  for (let id = 1; id <= BRIEFS; id++) {
    // Spread evenly over the year so that the newest briefs are the last inserted, as in life.
    const received = now.getTime() - 365 * DAY + (id / BRIEFS) * 365 * DAY - rnd() * HOUR;
    const ageHours = (now.getTime() - received) / HOUR;
    const destinations = rnd() < 0.15 ? [] : rnd() < 0.7 ? [pick(CITIES)] : [pick(CITIES), pick(CITIES)];
    const roll = rnd();
    let status: string;
    let reviewed = false;
    if (ageHours < 0.05) status = 'received';
    else if (ageHours < 0.1) status = 'matching';
    else if (ageHours < 60 && roll < 0.15) status = 'needs_review';
    else if (roll < 0.02) status = 'cancelled';
    else {
      status = roll < 0.04 ? 'accepted' : roll < 0.06 ? 'declined' : 'sent';
      reviewed = rnd() < 0.22;
    }
    const quotedAfter = status === 'received' || status === 'matching' || status === 'cancelled' ? null : reviewed || status === 'needs_review' ? 0.02 + rnd() * 0.2 : 0.005 + rnd() * 0.05;
    const sentAfter = ['sent', 'accepted', 'declined'].includes(status) ? (reviewed ? 1 + rnd() * (rnd() < 0.1 ? 70 : 40) : quotedAfter!) : null;
    const attendees = 20 + Math.floor(rnd() * 800);
    const extra = extras?.brief(id, received, attendees) ?? {};
    briefRows.push({
      id, ref: `PCE-B-${String(id).padStart(6, '0')}`, public_token: `bench-${id}-${Math.floor(rnd() * 1e9)}`, status,
      payload: JSON.stringify({
        organiser: { name: 'Bench Organiser', organisation: `Org ${id % 997}`, email: `org${id}@example.org`, phone: '+33 6 00 00 00 00', language: rnd() < 0.5 ? 'fr' : 'en' },
        event: { title: `Event ${id}`, type: 'seminar', start_date: '2027-09-01', end_date: '2027-09-02', attendees, layout: 'theatre' },
        destinations, venue_types: [], catering: { lunches: true, coffee_breaks_per_day: 2, dinners: 1 }, av: true, non_negotiable: [], notes: 'Bench brief.',
        ...extra.payload,
      }),
      language: 'en', start_date: '2027-09-01', attendees,
      received_at: iso(received), sla_due_at: iso(received + SLA_HOURS * HOUR),
      quoted_at: quotedAfter === null ? null : iso(received + quotedAfter * HOUR),
      sent_at: sentAfter === null ? null : iso(received + sentAfter * HOUR),
      review_reasons: reviewed || status === 'needs_review' ? JSON.stringify([{ code: 'stale_rates', detail: 'rates not confirmed' }]) : '[]',
      interest_rank: sentAfter !== null && rnd() < 0.35 ? 1 + Math.floor(rnd() * 3) : null,
      ...extra.row,
    });
    if (quotedAfter !== null) {
      const versions = reviewed && rnd() < 0.3 ? 2 : 1;
      for (let v = 1; v <= versions; v++) {
        quoteId++;
        quoteRows.push({
          id: quoteId, brief_id: id, version: v, created_at: iso(received + quotedAfter * HOUR), created_by: v === 1 ? 'machine' : 'hub@example.org',
          eliminated: '[]', sent_at: sentAfter !== null && v === versions ? iso(received + sentAfter * HOUR) : null,
        });
        const options = 1 + Math.floor(rnd() * 3);
        for (let rank = 1; rank <= options; rank++) {
          optionId++;
          optionRows.push({
            id: optionId, quote_id: quoteId, rank, score: 0.8, stale_rates: false, venue_supplier_id: `S${rank}`, venue_name: `Venue ${rank}`,
            venue_city: pick(CITIES), space_id: 'A', reasons: '[]', net_cents: 1_000_000, vat_cents: 200_000, gross_cents: 1_200_000,
          });
        }
      }
    }
    const kinds = sentAfter !== null ? ['brief_received', 'draft_quote', 'lead', 'lead', ...(rnd() < 0.5 ? ['lead'] : [])] : ['brief_received', ...(status === 'needs_review' ? ['needs_review'] : [])];
    for (const kind of kinds) {
      mailId++;
      const failed = rnd() < 0.004;
      mailRows.push({
        id: mailId, dedupe_key: `bench-${mailId}`, kind, recipient: kind === 'lead' ? `venue${mailId % 300}@example.org` : `org${id}@example.org`, brief_id: id,
        quote_version: kind === 'lead' || kind === 'draft_quote' ? 1 : null, subject: `${kind} ${id}`, html: '<p>bench</p>', text: 'bench',
        status: failed ? 'failed' : 'delivered', transport: 'smtp', attempts: failed ? 10 : 1, last_error: failed ? '550 mailbox unavailable' : null,
        created_at: iso(received), updated_at: iso(received + HOUR), sent_at: failed ? null : iso(received + HOUR),
      });
    }
    if (id % 5000 === 0) await flush();
  }
  await flush();

  const suppliers: Record<string, unknown>[] = [];
  for (let i = 0; i < SUPPLIERS; i++) {
    const confirmedDaysAgo = rnd() < 0.05 ? null : rnd() * 90;
    suppliers.push({
      supplier_id: `SUP${i}`, name: `Supplier ${i}`, kind: pick(['hotel', 'convention_centre', 'caterer', 'av']), city: pick(CITIES), email: `s${i}@example.org`,
      accessible: true, active: rnd() < 0.95, rates_confirmed_at: confirmedDaysAgo === null ? null : iso(now.getTime() - confirmedDaysAgo * DAY),
    });
  }
  await bulk(db, TABLES.suppliers, suppliers);
  if (db.client.config.client === 'pg') {
    for (const t of [TABLES.briefs, TABLES.quotes, TABLES.quoteOptions, TABLES.mailLog]) await db.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    await db.raw('analyze');
  } else {
    await db.raw('analyze');
  }
  return { briefs: BRIEFS, ...totals, seedSeconds: Math.round((Date.now() - started) / 100) / 10 };
}


export async function time(fn: () => Promise<unknown>, budgetMs = BUDGET_MS): Promise<{ runs: number; median: number; p99: number }> {
  for (let i = 0; i < WARMUP_RUNS; i++) await fn();
  const times: number[] = [];
  const until = Date.now() + budgetMs;
  while (times.length < MAX_RUNS && (Date.now() < until || times.length < 10)) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { runs: times.length, median: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1) };
}

interface EngineResult {
  engine: string;
  seeded: Seeded;
  dashboard: { runs: number; median: number; p99: number };
  live: { runs: number; median: number; p99: number };
  metrics: { runs: number; median: number; p99: number };
  pageBytes: number;
}

async function benchEngine(engine: string, db: Db, log: (line: string) => void): Promise<EngineResult> {
  await migrateToLatest(db);
  const now = new Date();
  log(`${engine}: seeding ${BRIEFS.toLocaleString('en')} briefs…`);
  const seeded = await seed(db, now);
  log(`${engine}: seeded ${seeded.briefs} briefs, ${seeded.quotes} quotes, ${seeded.options} options, ${seeded.mails} e-mails in ${seeded.seedSeconds} s`);
  const clock = { now: () => now };
  const service = new DashboardService({ db, clock, rateStaleDays: RATE_STALE_DAYS });
  const pages = new PageRenderer();
  const period = parsePeriod({}, now);
  const options = { rateStaleDays: RATE_STALE_DAYS, slaHours: SLA_HOURS, refreshSeconds: 30 };
  const staff = { id: 1, email: 'hub@example.org', name: 'Hub', role: 'hub_staff', active: true, supplierIds: [] };
  let pageBytes = 0;
  const render = async (live: boolean) => {
    const data = live ? await service.live(period) : await service.load(period);
    const html = pages.render('hub/dashboard', { staff, csrfToken: 'x', ...dashboardView(data, options), live });
    pageBytes = html.length;
  };
  const dashboard = await time(() => render(false));
  const bytes = pageBytes;
  log(`${engine}: dashboard ${dashboard.runs} runs, median ${dashboard.median} ms, p99 ${dashboard.p99} ms (${Math.round(bytes / 1024)} KiB page)`);
  const live = await time(() => render(true));
  log(`${engine}: live board ${live.runs} runs, median ${live.median} ms, p99 ${live.p99} ms`);
  if (process.env.BENCH_PROFILE) {
    const started = new Map<string, number>();
    const spent: [number, string][] = [];
    db.on('query', (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now()));
    db.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => spent.push([performance.now() - started.get(q.__knexQueryUid)!, q.sql.replace(/\s+/g, ' ').slice(0, 140)]));
    await render(false);
    db.removeAllListeners('query');
    db.removeAllListeners('query-response');
    for (const [ms, sql] of spent.sort((a, b) => b[0] - a[0]).slice(0, 6)) log(`${engine}: ${round(ms, 1)} ms  ${sql}`);
  }
  const metricsModel = new MetricsReadModel(db);
  const metrics = await time(() => metricsModel.load(now));
  log(`${engine}: /metrics read model ${metrics.runs} runs, median ${metrics.median} ms, p99 ${metrics.p99} ms`);
  return { engine, seeded, dashboard, live, metrics, pageBytes: bytes };
}

export async function withSqlite<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pce-bench-'));
  const db = createDb(`sqlite:${path.join(dir, 'bench.sqlite')}`);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function withPostgres<T>(adminUrl: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const name = `pce_bench_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  try {
    return await fn(db);
  } finally {
    await db.destroy();
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  }
}

export async function run(log: (line: string) => void = () => undefined): Promise<BenchResult> {
  const results: EngineResult[] = [await withSqlite((db) => benchEngine('SQLite', db, log))];
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) results.push(await withPostgres(pgUrl, (db) => benchEngine('PostgreSQL', db, log)));
  else log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it');
  const n = BRIEFS.toLocaleString('en');
  return {
    name: 'dashboard',
    summary:
      `Render the hub dashboard (/hub: SLA board, KPIs and charts for the default 30 days, rate freshness, failed e-mails; every read model, the view model and the Handlebars page) ` +
      `over ${n} briefs received across a year, with their quotes, options and mail log (seeded, ${SUPPLIERS} suppliers). Warm-up ${WARMUP_RUNS} runs, then up to ${MAX_RUNS} runs or about ${BUDGET_MS / 1000} s per measure. ` +
      `"Live board" is the page's own refresh (?live=1); "/metrics" is its read model over all rows.`,
    goals: results.map((r) => ({
      goal: `${r.engine}, ${n} briefs: dashboard median < ${GOAL_MEDIAN_MS} ms`,
      met: r.dashboard.median < GOAL_MEDIAN_MS,
      detail: `${r.dashboard.median} ms (p99 ${r.dashboard.p99} ms)`,
    })),
    tables: [
      {
        title: 'Dashboard render',
        columns: ['engine', 'briefs', 'quotes', 'options', 'e-mails', 'seed s', 'runs', 'median ms', 'p99 ms', 'live board median ms', 'live p99 ms', '/metrics median ms', '/metrics p99 ms'],
        rows: results.map((r) => [
          r.engine, r.seeded.briefs.toLocaleString('en'), r.seeded.quotes.toLocaleString('en'), r.seeded.options.toLocaleString('en'), r.seeded.mails.toLocaleString('en'),
          r.seeded.seedSeconds, r.dashboard.runs, r.dashboard.median, r.dashboard.p99, r.live.median, r.live.p99, r.metrics.median, r.metrics.p99,
        ]),
      },
    ],
    data: results,
  };
}

export const benchmark: Benchmark = { name: 'dashboard', run };

if (require.main === module) {
  run((line) => process.stdout.write(`${line}\n`))
    .then((r) => process.stdout.write(`${JSON.stringify(r.goals, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message.slice(0, 500) : String(err)}\n`);
      process.exit(1);
    });
}
