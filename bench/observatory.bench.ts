import { migrateToLatest, type Db } from '../src/platform/db';
import { EVENT_TYPES } from '../src/core/brief-schema';
import { PageRenderer } from '../src/i18n/views';
import { ObservatoryService } from '../src/observatory/observatory-service';
import { observatoryView } from '../src/observatory/observatory-view';
import { parseMonths } from '../src/observatory/observatory-months';
import { refreshMonth } from '../src/observatory/observatory-refresh';
import { TABLES } from '../src/platform/tables';
import { observatoryCsv } from '../src/observatory/observatory-csv';
import type { StaffUser } from '../src/auth/staff-store';
import type { Benchmark, BenchResult } from './run';
import { seed, time, withPostgres, withSqlite, type Seeded, type SeedExtras } from './dashboard.bench';
import { seeded } from './support/stats';

/**
 * Issue 16: the market observatory (/observatory: read models, grid with disclosure control,
 * view model and page) over the dashboard benchmark's 100,000 briefs received across a year,
 * given event types, budgets, event dates and some unmet demand, on SQLite and (when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names a server) PostgreSQL.
 */

const GOAL_MEDIAN_MS = 300;
/** The cold measures take seconds each: a few runs are enough. */
const COLD_BUDGET_MS = 4_000;
const DAY = 86_400_000;
const UNMET_CAUSES = ['capacity', 'dates', 'budget', 'destinations'];

/** Richer briefs from their own generator, so the dashboard benchmark's data is unchanged. */
export function observatoryExtras(): SeedExtras {
  const rnd = seeded(16);
  return {
    brief(id, received, attendees) {
      const start = new Date(received + (7 + Math.floor(rnd() * 400)) * DAY).toISOString().slice(0, 10);
      const type = EVENT_TYPES[Math.floor(rnd() * EVENT_TYPES.length)]!;
      const budget = rnd() < 0.8 ? attendees * (60 + Math.floor(rnd() * 400)) : undefined;
      const unmet = rnd() < 0.03;
      const eliminated = Object.fromEntries(UNMET_CAUSES.map((c) => [c, Math.floor(rnd() * 20)]));
      return {
        payload: {
          event: { title: `Event ${id}`, type, start_date: start, end_date: start, attendees, layout: 'theatre' },
          ...(budget === undefined ? {} : { budget_eur: budget }),
        },
        row: {
          start_date: start,
          ...(unmet ? { review_reasons: JSON.stringify([{ code: 'no_feasible_venue', detail: 'No venue meets every requirement.', data: { eliminated_by: eliminated } }]) } : {}),
        },
      };
    },
  };
}

interface EngineResult {
  engine: string;
  seeded: Seeded;
  hub: { runs: number; median: number; p99: number };
  venue: { runs: number; median: number; p99: number };
  csv: { runs: number; median: number; p99: number };
  cold: { runs: number; median: number; p99: number };
  month: { runs: number; median: number; p99: number };
  pageBytes: number;
}

async function benchEngine(engine: string, db: Db, log: (line: string) => void): Promise<EngineResult> {
  await migrateToLatest(db);
  const now = new Date();
  log(`${engine}: seeding…`);
  const seededData = await seed(db, now, observatoryExtras());
  // One line per option, its venue one of 50 (the dashboard's data has options but no lines): the venue's leads to read.
  await db.raw(
    `insert into ${TABLES.quoteLines} (option_id, position, supplier_id, item, space_id, description, quantity, unit_price_cents, vat_pct, net_cents, vat_cents, gross_cents)
     select id, 0, 'SUP' || (id % 50), 'day_delegate', null, 'Day delegate', 100, 6500, 20, 650000, 130000, 780000 from ${TABLES.quoteOptions}`,
  );
  await db.raw('analyze');
  log(`${engine}: seeded ${seededData.briefs} briefs in ${seededData.seedSeconds} s, and a quote line per option`);
  const service = new ObservatoryService({ db, clock: { now: () => now } });
  const pages = new PageRenderer();
  const selection = parseMonths({}, now);
  const hubStaff: StaffUser = { id: 1, email: 'hub@example.org', name: 'Hub', role: 'hub_staff', active: true, supplierIds: [] };
  const venueStaff: StaffUser = { id: 2, email: 'venue@example.org', name: 'Venue', role: 'venue_staff', active: true, supplierIds: ['SUP7'] };
  let pageBytes = 0;
  const render = async (staff: StaffUser) => {
    const report = await service.load({ selection, destination: null, staff });
    const html = pages.render('observatory/index', { staff, csrfToken: 'x', ...observatoryView(report) });
    pageBytes = html.length;
  };
  const hub = await time(() => render(hubStaff));
  log(`${engine}: /observatory as hub staff ${hub.runs} runs, median ${hub.median} ms, p99 ${hub.p99} ms (${Math.round(pageBytes / 1024)} KiB)`);
  const bytes = pageBytes;
  const venue = await time(() => render(venueStaff));
  log(`${engine}: /observatory as venue staff ${venue.runs} runs, median ${venue.median} ms, p99 ${venue.p99} ms`);
  const csv = await time(async () => observatoryCsv(await service.load({ selection, destination: null, staff: hubStaff })));
  log(`${engine}: /observatory.csv ${csv.runs} runs, median ${csv.median} ms, p99 ${csv.p99} ms`);
  const cold = await time(async () => {
    await db(TABLES.observatoryMonths).delete();
    await render(hubStaff);
  }, COLD_BUDGET_MS);
  log(`${engine}: first view, nothing materialised (12 months computed) ${cold.runs} runs, median ${cold.median} ms, p99 ${cold.p99} ms`);
  const current = selection.months[selection.months.length - 1]!;
  const month = await time(() => refreshMonth(db, current, now), COLD_BUDGET_MS);
  log(`${engine}: refresh of one month ${month.runs} runs, median ${month.median} ms, p99 ${month.p99} ms`);
  return { engine, seeded: seededData, hub, venue, csv, cold, month, pageBytes: bytes };
}

export async function run(log: (line: string) => void = () => undefined): Promise<BenchResult> {
  const results: EngineResult[] = [await withSqlite((db) => benchEngine('SQLite', db, log))];
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) results.push(await withPostgres(pgUrl, (db) => benchEngine('PostgreSQL', db, log)));
  else log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it');
  const n = (results[0]?.seeded.briefs ?? 0).toLocaleString('en');
  return {
    name: 'observatory',
    summary:
      `Render the market observatory (/observatory for the default 12 months: the materialised months, the grid, the view model and the Handlebars page; ` +
      `as venue staff also their own leads, kept with each month) and build /observatory.csv, over the dashboard benchmark's ${n} briefs received across a year, given event types, budgets, event dates and 3 % unmet demand. ` +
      `"First view" is a page view with nothing materialised yet (every month computed from the briefs, as after a deployment); "one month refresh" is what the scheduled refresh, or a view finding a month stale, pays per month.`,
    goals: results.flatMap((r) => [
      { goal: `${r.engine}, ${n} briefs: /observatory median < ${GOAL_MEDIAN_MS} ms (hub staff)`, met: r.hub.median < GOAL_MEDIAN_MS, detail: `${r.hub.median} ms (p99 ${r.hub.p99} ms)` },
      { goal: `${r.engine}, ${n} briefs: /observatory median < ${GOAL_MEDIAN_MS} ms (venue staff)`, met: r.venue.median < GOAL_MEDIAN_MS, detail: `${r.venue.median} ms (p99 ${r.venue.p99} ms)` },
    ]),
    tables: [
      {
        title: 'Observatory render',
        columns: ['engine', 'briefs', 'hub runs', 'hub median ms', 'hub p99 ms', 'venue median ms', 'venue p99 ms', 'CSV median ms', 'first view median ms', 'one month refresh median ms', 'page KiB'],
        rows: results.map((r) => [
          r.engine, r.seeded.briefs.toLocaleString('en'), r.hub.runs, r.hub.median, r.hub.p99, r.venue.median, r.venue.p99, r.csv.median, r.cold.median, r.month.median, Math.round(r.pageBytes / 1024),
        ]),
      },
    ],
    data: results,
  };
}

export const benchmark: Benchmark = { name: 'observatory', run };

if (require.main === module) {
  run((line) => process.stdout.write(`${line}\n`))
    .then((r) => process.stdout.write(`${JSON.stringify(r.goals, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message.slice(0, 500) : String(err)}\n`);
      process.exit(1);
    });
}
