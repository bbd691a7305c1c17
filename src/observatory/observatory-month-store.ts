import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso } from '../platform/db';
import type { Cell } from './observatory-grid';
import type { SupplierLeads } from './observatory-read-model';

export interface StoredMonth {
  key: string;
  computedAt: string;
  cells: Cell[];
  /** Each supplier's own leads of the month, by supplier id. */
  leads: Record<string, SupplierLeads>;
}

interface MonthRow {
  month_key: string;
  computed_at: unknown;
  cells: string;
  supplier_leads: string;
}

/**
 * The observatory's figures materialised per month: the cells of buildMonth, withheld ones
 * without figures. Why: every figure needs each brief of its cell, and reading 100,000 briefs'
 * JSON for every page view cost about 2 s on the benchmark machine; a month's cells are a few
 * kilobytes (bench/observatory.bench.ts, BENCHMARKS.md). A venue's own leads are kept with the
 * month too: read live they cost 4,000 random row reads for a busy venue (~250 ms on PostgreSQL). Concurrent writers of one month write
 * the same figures, so the last one simply wins.
 */
export class ObservatoryMonthStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async find(keys: readonly string[]): Promise<Map<string, StoredMonth>> {
    if (keys.length === 0) return new Map();
    const rows = (await this.db(TABLES.observatoryMonths).whereIn('month_key', keys).select('month_key', 'computed_at', 'cells', 'supplier_leads')) as MonthRow[];
    return new Map(
      rows.map((r) => [r.month_key, { key: r.month_key, computedAt: toIso(r.computed_at), cells: JSON.parse(r.cells) as Cell[], leads: JSON.parse(r.supplier_leads) as Record<string, SupplierLeads> }]),
    );
  }

  async save(month: StoredMonth): Promise<void> {
    await this.db(TABLES.observatoryMonths)
      .insert({ month_key: month.key, computed_at: month.computedAt, cells: JSON.stringify(month.cells), supplier_leads: JSON.stringify(month.leads) })
      .onConflict('month_key')
      .merge(['computed_at', 'cells', 'supplier_leads']);
  }
}
