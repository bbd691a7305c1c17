import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso } from '../platform/db';
import type { Cell } from './observatory-grid';

export interface StoredMonth {
  key: string;
  computedAt: string;
  cells: Cell[];
}

interface MonthRow {
  month_key: string;
  computed_at: unknown;
  cells: string;
}

/**
 * The observatory's figures materialised per month: the cells of buildMonth, withheld ones
 * without figures. Why: every figure needs each brief of its cell, and reading 100,000 briefs'
 * JSON for every page view cost about 2 s on the benchmark machine; a month's cells are a few
 * kilobytes (bench/observatory.bench.ts, BENCHMARKS.md). Concurrent writers of one month write
 * the same figures, so the last one simply wins.
 */
export class ObservatoryMonthStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async find(keys: readonly string[]): Promise<Map<string, StoredMonth>> {
    if (keys.length === 0) return new Map();
    const rows = (await this.db(TABLES.observatoryMonths).whereIn('month_key', keys).select('month_key', 'computed_at', 'cells')) as MonthRow[];
    return new Map(rows.map((r) => [r.month_key, { key: r.month_key, computedAt: toIso(r.computed_at), cells: JSON.parse(r.cells) as Cell[] }]));
  }

  async save(key: string, computedAt: Date, cells: readonly Cell[]): Promise<void> {
    await this.db(TABLES.observatoryMonths)
      .insert({ month_key: key, computed_at: computedAt.toISOString(), cells: JSON.stringify(cells) })
      .onConflict('month_key')
      .merge(['computed_at', 'cells']);
  }
}
