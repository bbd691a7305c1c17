import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { toIso } from '../../platform/db';
import { LOST_REASONS } from '../../briefs/brief-lifecycle';
import { dialectOf, num, numOrNull, rowsOf } from './sql-dialect';
import type { Period } from './kpi-read-model';

/**
 * SPEC §9.8, the funnel: for briefs received in the period, overall, per destination and per venue:
 * received → quoted (a quote reached the organiser) → interested → confirmed → booked (each counts a
 * brief that ever reached that status, from brief_status_events), lost by reason and cancelled;
 * supplier response time (answered_at − created_at of answered availability requests; median and
 * p90 by nearest rank) and decline rate (declined / answered); the satisfaction score (mean, median,
 * count). A brief with two destinations counts under each.
 *
 * Per venue: every venue offered in the brief's latest quote counts it as received and quoted; the
 * later steps, lost reasons and satisfaction count only for the venue of the option the organiser
 * picked; response times and declines are the venue's own answers.
 */
export interface FunnelRow {
  key: string;
  name: string;
  received: number;
  quoted: number;
  interested: number;
  confirmed: number;
  booked: number;
  lost: Record<string, number>;
  lostTotal: number;
  cancelled: number;
  responses: number;
  responseMedianSeconds: number | null;
  responseP90Seconds: number | null;
  declined: number;
  satisfactionCount: number;
  satisfactionMean: number | null;
  satisfactionMedian: number | null;
}

export interface Funnel {
  /** The latest survey comments of briefs received in the period. */
  comments: { ref: string; score: number; comment: string; answeredAt: string }[];
  total: FunnelRow;
  destinations: FunnelRow[];
  venues: FunnelRow[];
}

type Grouping = 'all' | 'destination' | 'venue';

export class FunnelReadModel {
  constructor(private readonly db: Knex) {}

  async load(period: Period): Promise<Funnel> {
    const [total] = await this.group('all', period);
    const comments = (await this.db(`${TABLES.satisfactionResponses} as sr`)
      .join(`${TABLES.briefs} as b`, 'b.id', 'sr.brief_id')
      .where('b.received_at', '>=', period.from.toISOString())
      .andWhere('b.received_at', '<', period.to.toISOString())
      .whereNotNull('sr.comment')
      .orderBy('sr.commented_at', 'desc')
      .limit(10)
      .select('b.ref', 'sr.score', 'sr.comment', 'sr.commented_at')) as { ref: string; score: number; comment: string; commented_at: unknown }[];
    return {
      comments: comments.map((c) => ({ ref: c.ref, score: Number(c.score), comment: c.comment, answeredAt: toIso(c.commented_at) })),
      total: total ?? emptyRow('', 'All'),
      destinations: await this.group('destination', period),
      venues: await this.group('venue', period),
    };
  }

  /**
   * `m`: one row per (brief, group key, picked) for the briefs received in the period. `picked` is 1
   * when the later steps count for this key (always, except for venues other than the picked one).
   */
  private mapping(grouping: Grouping): string {
    const d = dialectOf(this.db);
    const inPeriod = 'b.received_at >= ? and b.received_at < ?';
    if (grouping === 'all') return `select b.id as brief_id, '' as g, 1 as picked from ${TABLES.briefs} b where ${inPeriod}`;
    if (grouping === 'destination') {
      return `select distinct b.id as brief_id, coalesce(dest.value, '') as g, 1 as picked from ${TABLES.briefs} b ${d.jsonArrayJoin('b.payload', 'destinations', 'dest')} where ${inPeriod}`;
    }
    return `select b.id as brief_id, o.venue_supplier_id as g, max(case when o.rank = b.interest_rank then 1 else 0 end) as picked
      from ${TABLES.briefs} b
      join ${TABLES.quotes} q on q.brief_id = b.id and q.version = (select max(q2.version) from ${TABLES.quotes} q2 where q2.brief_id = b.id)
      join ${TABLES.quoteOptions} o on o.quote_id = q.id
      where ${inPeriod}
      group by b.id, o.venue_supplier_id`;
  }

  private async group(grouping: Grouping, period: Period): Promise<FunnelRow[]> {
    const d = dialectOf(this.db);
    const range = [period.from.toISOString(), period.to.toISOString()];
    const m = this.mapping(grouping);
    const reached = (status: string) => `count(distinct case when m.picked = 1 and exists (select 1 from ${TABLES.briefStatusEvents} e where e.brief_id = b.id and e.to_status = '${status}') then b.id end)`;
    const lostBy = LOST_REASONS.map((r) => `count(distinct case when m.picked = 1 and b.status = 'lost' and b.lost_reason = '${r}' then b.id end) as lost_${r}`).join(', ');
    const steps = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `with m as (${m})
         select m.g as g, count(distinct b.id) as received,
           count(distinct case when b.sent_at is not null then b.id end) as quoted,
           ${reached('interested')} as interested, ${reached('confirmed')} as confirmed, ${reached('booked')} as booked,
           ${lostBy},
           count(distinct case when m.picked = 1 and b.status = 'cancelled' then b.id end) as cancelled
         from m join ${TABLES.briefs} b on b.id = m.brief_id
         group by m.g`,
        range,
      ),
    );
    const ownAnswers = grouping === 'venue' ? 'and r.supplier_id = m.g' : '';
    const responses = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `with m as (${m}),
         s as (select m.g as g, ${d.secondsBetween('r.answered_at', 'r.created_at')} as s, case when r.status = 'declined' then 1 else 0 end as declined
               from m join ${TABLES.availabilityRequests} r on r.brief_id = m.brief_id ${ownAnswers}
               where r.answered_at is not null and r.status in ('confirmed', 'declined')),
         ranked as (select g, s, declined, row_number() over (partition by g order by s) as rn, count(*) over (partition by g) as n from s)
         select g, max(n) as n, sum(declined) as declined,
           max(case when rn = (n + 1) / 2 then s end) as median, max(case when rn = (9 * n + 9) / 10 then s end) as p90
         from ranked group by g`,
        range,
      ),
    );
    const satisfaction = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `with m as (${m}),
         s as (select distinct m.g as g, m.brief_id as brief_id, sr.score as score
               from m join ${TABLES.satisfactionResponses} sr on sr.brief_id = m.brief_id where m.picked = 1),
         ranked as (select g, score, row_number() over (partition by g order by score) as rn, count(*) over (partition by g) as n from s)
         select g, max(n) as n, avg(score * 1.0) as mean, max(case when rn = (n + 1) / 2 then score end) as median
         from ranked group by g`,
        range,
      ),
    );
    const names = grouping === 'venue' ? await this.venueNames(steps.map((r) => String(r.g))) : new Map<string, string>();
    const byKey = new Map<string, FunnelRow>();
    for (const r of steps) {
      const key = String(r.g ?? '');
      const lost = Object.fromEntries(LOST_REASONS.map((reason) => [reason, num(r[`lost_${reason}`])]));
      byKey.set(key, {
        ...emptyRow(key, grouping === 'venue' ? (names.get(key) ?? key) : grouping === 'all' ? 'All' : key || 'Anywhere'),
        received: num(r.received),
        quoted: num(r.quoted),
        interested: num(r.interested),
        confirmed: num(r.confirmed),
        booked: num(r.booked),
        lost,
        lostTotal: Object.values(lost).reduce((a, b) => a + b, 0),
        cancelled: num(r.cancelled),
      });
    }
    for (const r of responses) {
      const row = byKey.get(String(r.g ?? ''));
      if (!row) continue;
      row.responses = num(r.n);
      row.declined = num(r.declined);
      // Whole seconds: SQLite's julianday arithmetic is a float a few microseconds off.
      row.responseMedianSeconds = r.median === null || r.median === undefined ? null : Math.round(num(r.median));
      row.responseP90Seconds = r.p90 === null || r.p90 === undefined ? null : Math.round(num(r.p90));
    }
    for (const r of satisfaction) {
      const row = byKey.get(String(r.g ?? ''));
      if (!row) continue;
      row.satisfactionCount = num(r.n);
      row.satisfactionMean = r.mean === null || r.mean === undefined ? null : Math.round(num(r.mean) * 10) / 10;
      row.satisfactionMedian = numOrNull(r.median);
    }
    return [...byKey.values()].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name));
  }

  private async venueNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.db(TABLES.suppliers).whereIn('supplier_id', ids).select('supplier_id', 'name')) as { supplier_id: string; name: string }[];
    return new Map(rows.map((r) => [r.supplier_id, r.name]));
  }
}

function emptyRow(key: string, name: string): FunnelRow {
  return {
    key,
    name,
    received: 0,
    quoted: 0,
    interested: 0,
    confirmed: 0,
    booked: 0,
    lost: Object.fromEntries(LOST_REASONS.map((r) => [r, 0])),
    lostTotal: 0,
    cancelled: 0,
    responses: 0,
    responseMedianSeconds: null,
    responseP90Seconds: null,
    declined: 0,
    satisfactionCount: 0,
    satisfactionMean: null,
    satisfactionMedian: null,
  };
}
