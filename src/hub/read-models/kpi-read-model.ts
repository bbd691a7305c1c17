import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { dialectOf, num, numOrNull, rowsOf } from './sql-dialect';

/** A half-open interval [from, to) of receipt times. */
export interface Period {
  from: Date;
  to: Date;
}

/**
 * KPIs over the briefs received in a period. Definitions (the dashboard says them too):
 * - decided: sent, or past its deadline unsent (cancelled briefs never sent are left out);
 * - within SLA: sent at or before sla_due_at, as a share of decided;
 * - time to draft quote: quoted_at − received_at; median and p90 by nearest rank;
 * - auto-sent: sent with no review reason and a quote version written by 'machine' that was
 *   sent, as a share of sent briefs;
 * - options per quote: over each brief's latest quote version;
 * - interest rate: briefs whose organiser marked an option (interest_rank), as a share of sent.
 */
export interface Kpis {
  received: number;
  decided: number;
  withinSla: number;
  sent: number;
  autoSent: number;
  interested: number;
  quoted: number;
  medianSecondsToQuote: number | null;
  p90SecondsToQuote: number | null;
  quotes: number;
  options: number;
}

export class KpiReadModel {
  constructor(private readonly db: Knex) {}

  async load(period: Period, now: Date): Promise<Kpis> {
    const range = [period.from.toISOString(), period.to.toISOString()];
    const counts = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select
           count(*) as received,
           sum(case when b.sent_at is not null or (b.sla_due_at <= ? and b.status <> 'cancelled') then 1 else 0 end) as decided,
           sum(case when b.sent_at is not null and b.sent_at <= b.sla_due_at then 1 else 0 end) as within_sla,
           sum(case when b.sent_at is not null then 1 else 0 end) as sent,
           sum(case when b.sent_at is not null and b.review_reasons = '[]' and exists (
                 select 1 from ${TABLES.quotes} q where q.brief_id = b.id and q.created_by = 'machine' and q.sent_at is not null)
               then 1 else 0 end) as auto_sent,
           sum(case when b.sent_at is not null and b.interest_rank is not null then 1 else 0 end) as interested
         from ${TABLES.briefs} b
         where b.received_at >= ? and b.received_at < ?`,
        [now.toISOString(), ...range],
      ),
    )[0] ?? {};
    const options = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        // The latest version of each brief's quote (no later one exists); its options counted on
        // the (quote_id, rank) index. A correlated max(version) with count(distinct) planned badly on PostgreSQL.
        `select count(*) as quotes, sum((select count(*) from ${TABLES.quoteOptions} o where o.quote_id = q.id)) as options
         from ${TABLES.briefs} b
         join ${TABLES.quotes} q on q.brief_id = b.id
         where b.received_at >= ? and b.received_at < ?
           and not exists (select 1 from ${TABLES.quotes} later where later.brief_id = q.brief_id and later.version > q.version)`,
        range,
      ),
    )[0] ?? {};
    const ttq = await this.timeToQuote(period);
    return {
      received: num(counts.received),
      decided: num(counts.decided),
      withinSla: num(counts.within_sla),
      sent: num(counts.sent),
      autoSent: num(counts.auto_sent),
      interested: num(counts.interested),
      quoted: ttq.count,
      medianSecondsToQuote: ttq.median,
      p90SecondsToQuote: ttq.p90,
      quotes: num(options.quotes),
      options: num(options.options),
    };
  }

  /**
   * Nearest-rank percentiles computed by the database: percentile_disc on PostgreSQL, and on
   * SQLite (which has no ordered-set aggregates) the row at offset ceil(p·n) − 1 of the sorted
   * durations. Both give the same value for the same rows.
   */
  private async timeToQuote(period: Period): Promise<{ count: number; median: number | null; p90: number | null }> {
    const d = dialectOf(this.db);
    const seconds = `round(${d.secondsBetween('quoted_at', 'received_at')})`;
    const where = `from ${TABLES.briefs} where received_at >= ? and received_at < ? and quoted_at is not null`;
    const range = [period.from.toISOString(), period.to.toISOString()];
    if (!d.sqlite) {
      const [row] = rowsOf<Record<string, unknown>>(
        await this.db.raw(
          `select count(*) as n,
             percentile_disc(0.5) within group (order by ${seconds}) as median,
             percentile_disc(0.9) within group (order by ${seconds}) as p90
           ${where}`,
          range,
        ),
      );
      return { count: num(row?.n), median: numOrNull(row?.median), p90: numOrNull(row?.p90) };
    }
    const [countRow] = rowsOf<Record<string, unknown>>(await this.db.raw(`select count(*) as n ${where}`, range));
    const n = num(countRow?.n);
    if (n === 0) return { count: 0, median: null, p90: null };
    const at = async (p: number) => {
      const [row] = rowsOf<Record<string, unknown>>(
        await this.db.raw(`select ${seconds} as s ${where} order by s limit 1 offset ?`, [...range, Math.ceil(p * n) - 1]),
      );
      return numOrNull(row?.s);
    };
    return { count: n, median: await at(0.5), p90: await at(0.9) };
  }
}
