import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { dialectOf, num, rowsOf } from '../hub/read-models/sql-dialect';
import type { BriefFact } from './observatory-grid';
import { REGION_DESTINATIONS } from '../briefs/form-options';
import { normaliseName } from '../matching/normalise-city';
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
export interface OwnLead {
  month: number;
  interested: boolean;
}

function monthCase(months: readonly Month[]): { sql: string; bindings: string[] } {
  const whens = months.map((_, i) => `when b.received_at < ? then ${i}`).join(' ');
  return { sql: `case ${whens} else -1 end`, bindings: months.map((m) => m.end.toISOString()) };
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
        unmetReasons: typeof r.unmet === 'string' ? r.unmet : null,
      };
    }
    return facts;
  }

  /**
   * The leads of the given suppliers among the months' briefs: briefs whose sent quote had a line
   * of theirs (as the portal lists them), and whether the organiser marked an option of the
   * latest sent version that holds one of their lines.
   */
  async ownLeads(months: readonly Month[], supplierIds: readonly string[]): Promise<OwnLead[]> {
    if (months.length === 0 || supplierIds.length === 0) return [];
    const bucket = monthCase(months);
    const range = [months[0]!.start.toISOString(), months[months.length - 1]!.end.toISOString()];
    const ids = supplierIds.map(() => '?').join(', ');
    // One pass from the suppliers' lines (quote_lines_supplier_id_index): a brief is a lead once,
    // and interested when its organiser's pick is an option of theirs in the latest sent version.
    const rows = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select b.id, ${bucket.sql} as m,
           max(case when o.rank = b.interest_rank and not exists (
                 select 1 from ${TABLES.quotes} later where later.brief_id = b.id and later.sent_at is not null and later.version > q.version)
               then 1 else 0 end) as interested
         from ${TABLES.quoteLines} l
         join ${TABLES.quoteOptions} o on o.id = l.option_id
         join ${TABLES.quotes} q on q.id = o.quote_id and q.sent_at is not null
         join ${TABLES.briefs} b on b.id = q.brief_id
         where l.supplier_id in (${ids}) and b.received_at >= ? and b.received_at < ? and b.status <> 'cancelled'
         group by b.id, 2`,
        [...bucket.bindings, ...supplierIds, ...range],
      ),
    );
    return rows.map((r) => ({ month: num(r.m), interested: num(r.interested) === 1 }));
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
