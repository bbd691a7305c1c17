import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { dialectOf, num, rowsOf } from './sql-dialect';
import { bucketCase, TIME_TO_QUOTE_BUCKET_HOURS } from './time-to-quote-buckets';
import type { Period } from './kpi-read-model';

export interface WeekVolume {
  /** Index of the week from the anchor (a Monday, 00:00 Europe/Paris). */
  week: number;
  received: number;
  withinSla: number;
  decided: number;
}

export interface DestinationVolume {
  /** '' for briefs open to anywhere in the region. */
  destination: string;
  received: number;
  withinSla: number;
  decided: number;
}

export interface ChartData {
  /** Briefs per time-to-quote bucket (TIME_TO_QUOTE_BUCKET_HOURS, then "over"). */
  timeToQuote: number[];
  weeks: WeekVolume[];
  destinations: DestinationVolume[];
}

const WEEK_SECONDS = 7 * 86_400;

/** The dashboard's charts, each one GROUP BY over the period's briefs. */
export class ChartReadModel {
  constructor(private readonly db: Knex) {}

  async load(period: Period, weekAnchor: Date, now: Date, maxDestinations = 12): Promise<ChartData> {
    const d = dialectOf(this.db);
    const range = [period.from.toISOString(), period.to.toISOString()];
    const nowIso = now.toISOString();
    const decided = `case when b.sent_at is not null or (b.sla_due_at <= ? and b.status <> 'cancelled') then 1 else 0 end`;
    const within = `case when b.sent_at is not null and b.sent_at <= b.sla_due_at then 1 else 0 end`;

    const seconds = `round(${d.secondsBetween('quoted_at', 'received_at')})`;
    const buckets = rowsOf<{ bucket: unknown; n: unknown }>(
      await this.db.raw(
        `select ${bucketCase(seconds)} as bucket, count(*) as n from ${TABLES.briefs}
         where received_at >= ? and received_at < ? and quoted_at is not null group by 1`,
        range,
      ),
    );
    const timeToQuote = new Array<number>(TIME_TO_QUOTE_BUCKET_HOURS.length + 1).fill(0);
    for (const b of buckets) timeToQuote[num(b.bucket)] = num(b.n);

    const week = `floor(${d.secondsSince('b.received_at')} / ${WEEK_SECONDS})`;
    const weeks = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select ${week} as week, count(*) as received, sum(${within}) as within_sla, sum(${decided}) as decided
         from ${TABLES.briefs} b where b.received_at >= ? and b.received_at < ? group by 1 order by 1`,
        [weekAnchor.toISOString(), nowIso, ...range],
      ),
    ).map((r) => ({ week: num(r.week), received: num(r.received), withinSla: num(r.within_sla), decided: num(r.decided) }));

    const destinations = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select coalesce(dest.value, '') as destination, count(*) as received, sum(${within}) as within_sla, sum(${decided}) as decided
         from ${TABLES.briefs} b ${d.jsonArrayJoin('b.payload', 'destinations', 'dest')}
         where b.received_at >= ? and b.received_at < ?
         group by 1 order by 2 desc, 1 limit ?`,
        [nowIso, ...range, maxDestinations],
      ),
    ).map((r) => ({ destination: String(r.destination ?? ''), received: num(r.received), withinSla: num(r.within_sla), decided: num(r.decided) }));

    return { timeToQuote, weeks, destinations };
  }
}
