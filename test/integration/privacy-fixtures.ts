import type { Knex } from 'knex';
import { KpiReadModel } from '../../src/hub/read-models/kpi-read-model';
import { ChartReadModel } from '../../src/hub/read-models/chart-read-model';
import { MetricsReadModel } from '../../src/hub/read-models/metrics-read-model';
import { parsePeriod } from '../../src/hub/dashboard-period';
import { validBrief } from '../support/seed';

/** A clock the test moves: briefs are taken in at one date, retention runs years later. */
export { movableClock } from '../support/clock';

/** A brief with every personal field filled, from its organiser's address and its event dates. */
export function personalBrief(email: string, start: string, end: string, extra: { name?: string; notes?: string } = {}) {
  const b = validBrief();
  return {
    ...b,
    organiser: { ...b.organiser, name: extra.name ?? 'Ada Martin', organisation: 'Société Française de Cardiologie', email, phone: '+33 6 12 34 56 78' },
    event: { ...b.event, title: 'Congrès annuel de la SFC', start_date: start, end_date: end },
    budget_eur: 90000,
    notes: extra.notes ?? 'Please call me on my mobile.',
  };
}

/** Every total the hub dashboard and /metrics show, over a period and at an instant. */
export async function dashboardTotals(db: Knex, period: { from: string; to: string }, now: Date) {
  const p = parsePeriod(period, now);
  return {
    kpis: await new KpiReadModel(db).load(p, now),
    charts: await new ChartReadModel(db).load(p, p.weekAnchor, now),
    metrics: await new MetricsReadModel(db).load(now),
  };
}

/** Every table of the database, as the database lists them, and their columns. */
export async function tablesAndColumns(db: Knex): Promise<Map<string, string[]>> {
  const sqlite = db.client.config.client === 'better-sqlite3';
  const out = new Map<string, string[]>();
  if (sqlite) {
    const tables = (await db.raw(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)) as { name: string }[];
    for (const { name } of tables) {
      const cols = (await db.raw(`select name from pragma_table_info(?) order by cid`, [name])) as { name: string }[];
      out.set(name, cols.map((c) => c.name));
    }
  } else {
    const rows = (await db.raw(`select table_name, column_name from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`)).rows as { table_name: string; column_name: string }[];
    for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  }
  return out;
}

/**
 * Every row, in every table, with a column whose text holds `needle` (any case): tables come
 * from the database itself, every column is read as text. Keyed by table; the key of a row is
 * its first column.
 */
export async function scanFor(db: Knex, needle: string): Promise<Map<string, { key: string; columns: string[] }[]>> {
  const hits = new Map<string, { key: string; columns: string[] }[]>();
  const lower = needle.toLowerCase();
  for (const [table, columns] of await tablesAndColumns(db)) {
    const rows = (await db(table).select('*')) as Record<string, unknown>[];
    for (const row of rows) {
      const found = columns.filter((c) => {
        const v = row[c];
        if (v === null || v === undefined) return false;
        const text = v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
        return text.toLowerCase().includes(lower);
      });
      if (found.length) hits.set(table, [...(hits.get(table) ?? []), { key: String(row[columns[0]!]), columns: found }]);
    }
  }
  return hits;
}
