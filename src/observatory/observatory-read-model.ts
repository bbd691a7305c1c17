import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { dialectOf, num, rowsOf } from '../hub/read-models/sql-dialect';
import type { BriefFact } from './observatory-grid';
import { REGION_DESTINATIONS } from '../briefs/form-options';
import { normaliseName } from '../core/names';
import type { Month } from './observatory-months';

/**
 * The observatory's reads (SPEC §10). One scan of a month's briefs: the database filters by
 * receipt time (briefs_period_index), computes the lead time in days and flags sent, interest
 * and unmet demand; it hands back one small row per brief, never a name or an address. The
 * result is materialised per month (observatory-month-store.ts), so a page reads a few rows.
 *
 * Grouping and the quartiles happen in TypeScript (observatory-grid.ts) over those rows, for
 * two reasons that portable SQL cannot meet: destinations are compared case- and
 * accent-insensitively as the matcher compares cities, and a brief counts in each of its
 * destinations but once in the region, so one sorted column per cell would need the JSON
 * array unnested several times. bench/observatory.bench.ts measures this at 100,000 briefs.
 */
export interface SupplierLeads {
  leads: number;
  interested: number;
}

export class ObservatoryReadModel {
  constructor(private readonly db: Knex) {}

  /** Every brief received in the month (cancelled ones left out: the hub cancels spam and tests). */
  async facts(month: Month): Promise<BriefFact[]> {
    const d = dialectOf(this.db);
    const leadDays = d.sqlite ? `cast(julianday(b.start_date) - julianday(date(b.received_at)) as integer)` : `(b.start_date - (b.received_at at time zone 'UTC')::date)`;
    const rows = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select ${d.jsonText('b.payload', ['event', 'type'])} as event_type, b.attendees,
           ${d.jsonText('b.payload', ['budget_eur'])} as budget_eur, ${d.jsonText('b.payload', ['destinations'])} as destinations,
           ${leadDays} as lead_days, b.start_date,
           case when b.sent_at is not null then 1 else 0 end as sent,
           case when b.interest_rank is not null then 1 else 0 end as interested,
           case when b.status = 'booked' then 1 else 0 end as booked,
           case when b.review_reasons like '%no_feasible_venue%' then b.review_reasons else null end as unmet
         from ${TABLES.briefs} b
         where b.received_at >= ? and b.received_at < ? and b.status <> 'cancelled'`,
        [month.start.toISOString(), month.end.toISOString()],
      ),
    );
    const facts: BriefFact[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const attendees = num(r.attendees);
      const budget = r.budget_eur === null || r.budget_eur === undefined ? null : Number(r.budget_eur);
      facts[i] = {
        destinations: parseList(r.destinations),
        eventType: typeof r.event_type === 'string' ? r.event_type : 'other',
        attendees,
        budgetPerAttendeeCents: budget !== null && Number.isFinite(budget) && attendees > 0 ? Math.floor(Math.round(budget * 100) / attendees) : null,
        leadDays: num(r.lead_days),
        startDate: String(r.start_date),
        sent: num(r.sent) === 1,
        interested: num(r.interested) === 1,
        booked: num(r.booked) === 1,
        unmetReasons: typeof r.unmet === 'string' ? r.unmet : null,
      };
    }
    return facts;
  }

  /**
   * Every supplier's leads among the month's briefs: briefs whose sent quote had a line of theirs
   * (as the portal lists them), and how many of those the organiser marked an option of, in the
   * latest sent version, that holds one of their lines. Only ever shown to that supplier's staff.
   */
  async leadsBySupplier(month: Month): Promise<Record<string, SupplierLeads>> {
    const rows = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select t.supplier_id, count(*) as leads, sum(t.interested) as interested from (
           select l.supplier_id, b.id,
             max(case when o.rank = b.interest_rank and not exists (
                   select 1 from ${TABLES.quotes} later where later.brief_id = b.id and later.sent_at is not null and later.version > q.version)
                 then 1 else 0 end) as interested
           from ${TABLES.briefs} b
           join ${TABLES.quotes} q on q.brief_id = b.id and q.sent_at is not null
           join ${TABLES.quoteOptions} o on o.quote_id = q.id
           join ${TABLES.quoteLines} l on l.option_id = o.id
           where b.received_at >= ? and b.received_at < ? and b.status <> 'cancelled'
           group by l.supplier_id, b.id
         ) t group by t.supplier_id`,
        [month.start.toISOString(), month.end.toISOString()],
      ),
    );
    return Object.fromEntries(rows.map((r) => [String(r.supplier_id), { leads: num(r.leads), interested: num(r.interested) }]));
  }

  /** Destination keys that may be named: the brief form's destinations and the catalogue's cities. */
  async knownPlaces(): Promise<Set<string>> {
    const rows = (await this.db(TABLES.suppliers).distinct('city')) as { city: string }[];
    return new Set([...REGION_DESTINATIONS, ...rows.map((r) => r.city)].map(normaliseName));
  }

  /** The names of the given suppliers, by name. */
  async supplierNames(supplierIds: readonly string[]): Promise<string[]> {
    if (supplierIds.length === 0) return [];
    const rows = (await this.db(TABLES.suppliers).whereIn('supplier_id', supplierIds).orderBy('name').select('name')) as { name: string }[];
    return rows.map((r) => r.name);
  }
}

function parseList(value: unknown): string[] {
  if (typeof value !== 'string' || value === '' || value === '[]') return [];
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
