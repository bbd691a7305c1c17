import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { toIsoOrNull } from '../../platform/db';
import { num } from './sql-dialect';

export interface CityFreshness {
  city: string;
  suppliers: number;
  fresh: number;
}

export interface StaleSupplier {
  supplierId: string;
  name: string;
  kind: string;
  city: string;
  ratesConfirmedAt: string | null;
}

export interface RateFreshnessBoard {
  cities: CityFreshness[];
  /** Active suppliers whose rates were confirmed longest ago (never confirmed first). */
  stalest: StaleSupplier[];
}

/**
 * Rate freshness of active suppliers per city, with the same rule as pricing (SPEC §6): fresh
 * when rates_confirmed_at is at most RATE_STALE_DAYS before now.
 */
export class RateFreshnessReadModel {
  constructor(private readonly db: Knex) {}

  async load(now: Date, rateStaleDays: number, stalestLimit = 10): Promise<RateFreshnessBoard> {
    const freshSince = new Date(now.getTime() - rateStaleDays * 86_400_000).toISOString();
    const cities = (await this.db(TABLES.suppliers)
      .where('active', true)
      .groupBy('city')
      .orderBy('city')
      .select('city', this.db.raw('count(*) as suppliers'), this.db.raw('sum(case when rates_confirmed_at >= ? then 1 else 0 end) as fresh', [freshSince]))) as Record<string, unknown>[];
    const stalest = (await this.db(TABLES.suppliers)
      .where('active', true)
      .orderByRaw('case when rates_confirmed_at is null then 0 else 1 end, rates_confirmed_at, supplier_id')
      .limit(stalestLimit)
      .select('supplier_id', 'name', 'kind', 'city', 'rates_confirmed_at')) as Record<string, unknown>[];
    return {
      cities: cities.map((r) => ({ city: String(r.city), suppliers: num(r.suppliers), fresh: num(r.fresh) })),
      stalest: stalest.map((r) => ({
        supplierId: String(r.supplier_id),
        name: String(r.name),
        kind: String(r.kind),
        city: String(r.city),
        ratesConfirmedAt: toIsoOrNull(r.rates_confirmed_at),
      })),
    };
  }
}
