import { migrateToLatest, type Db } from '../src/platform/db';
import { PageRenderer } from '../src/i18n/views';
import { BriefListReadModel } from '../src/hub/read-models/brief-list-read-model';
import { briefListView } from '../src/hub/briefs-list-routes';
import type { Benchmark, BenchResult } from './run';
import { seed, time, withPostgres, withSqlite, type Seeded } from './dashboard.bench';
import { seeded } from './support/stats';

/**
 * Issue 15: the hub's "All briefs" page (/hub/briefs: read model, view model and Handlebars page)
 * over the dashboard benchmark's 100,000 briefs, given notes of their own, for the searches and
 * filters staff use. Goal: every case's median < 300 ms on SQLite and PostgreSQL.
 */

const GOAL_MEDIAN_MS = 300;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 6_000);
const NOTES = ['Quiet rooms for workshops please.', 'Vegetarian menu for most guests.', 'Step-free access needed.', 'Sea view if possible.', 'Late checkout on the last day.', ''];

const CASES: { name: string; query: Record<string, string> }[] = [
  { name: 'first page, no filter', query: {} },
  { name: 'search in notes ("step-free")', query: { q: 'step-free' } },
  { name: 'search a ref ("PCE-B-04242")', query: { q: 'PCE-B-04242' } },
  { name: 'search an organisation ("Org 42"), status sent', query: { q: 'Org 42', status: 'sent' } },
  { name: 'search with no match', query: { q: 'zzz-nothing' } },
  { name: 'destination Nice, received in one month', query: { destination: 'Nice', from: '', to: '' } },
  { name: 'SLA breached', query: { sla: 'breached' } },
  { name: 'sent late, oldest first', query: { sla: 'late', sort: 'received_asc' } },
  { name: 'follow-up open', query: { follow_up: 'open' } },
  { name: 'page 2,000 (deep offset)', query: { page: '2000' } },
];

interface EngineResult {
  engine: string;
  seeded: Seeded;
  cases: { name: string; runs: number; median: number; p99: number; total: number }[];
}

async function benchEngine(engine: string, db: Db, log: (line: string) => void): Promise<EngineResult> {
  await migrateToLatest(db);
  const now = new Date();
  const rnd = seeded(15);
  const seededRows = await seed(db, now, {
    brief: () => ({ payload: { notes: NOTES[Math.floor(rnd() * NOTES.length)] }, row: { follow_up_open: rnd() < 0.01 } }),
  });
  log(`${engine}: seeded ${seededRows.briefs} briefs in ${seededRows.seedSeconds} s`);
  const model = new BriefListReadModel(db);
  const pages = new PageRenderer();
  const staff = { id: 1, email: 'hub@example.org', name: 'Hub', role: 'hub_staff', active: true, supplierIds: [] };
  const monthAgo = new Date(now.getTime() - 60 * 86_400_000).toISOString().slice(0, 10);
  const monthLater = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const cases: EngineResult['cases'] = [];
  for (const c of CASES) {
    const query = 'from' in c.query ? { ...c.query, from: monthAgo, to: monthLater } : c.query;
    let total = 0;
    const timed = await time(async () => {
      const view = await briefListView(model, query, now);
      total = view.total;
      pages.render('hub/briefs', { staff, csrfToken: 'x', ...view });
    }, BUDGET_MS);
    cases.push({ name: c.name, total, ...timed });
    log(`${engine}: ${c.name}: ${total} matches, median ${timed.median} ms, p99 ${timed.p99} ms`);
  }
  return { engine, seeded: seededRows, cases };
}

export async function run(log: (line: string) => void = () => undefined): Promise<BenchResult> {
  const results: EngineResult[] = [await withSqlite((db) => benchEngine('SQLite', db, log))];
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) results.push(await withPostgres(pgUrl, (db) => benchEngine('PostgreSQL', db, log)));
  else log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it');
  const n = results[0]!.seeded.briefs.toLocaleString('en');
  return {
    name: 'brief-list',
    summary:
      `Render the hub's All briefs page (/hub/briefs: read model, view model, Handlebars page; 25 a page with the total count) over the dashboard benchmark's ${n} briefs, ` +
      `each given one of ${NOTES.length} notes and 1 % an open follow-up. Text search is one LIKE over brief_search, the searched fields' text, lower-cased and kept by triggers (migration 20261129160000); the page's 25 ids are found before their JSON fields are read.`,
    goals: results.flatMap((r) =>
      r.cases.map((c) => ({ goal: `${r.engine}, ${n} briefs, ${c.name}: median < ${GOAL_MEDIAN_MS} ms`, met: c.median < GOAL_MEDIAN_MS, detail: `${c.median} ms (p99 ${c.p99} ms)` })),
    ),
    tables: [
      {
        title: 'All briefs page',
        columns: ['engine', 'case', 'matches', 'runs', 'median ms', 'p99 ms'],
        rows: results.flatMap((r) => r.cases.map((c) => [r.engine, c.name, c.total, c.runs, c.median, c.p99])),
      },
    ],
    data: results,
  };
}

export const benchmark: Benchmark = { name: 'brief-list', run };
