import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { toIsoOrNull } from '../../platform/db';
import { UNSENT_STATUSES } from '../../sla/sla-rules';
import { dialectOf, num, rowsOf } from './sql-dialect';
import { bucketCase, TIME_TO_QUOTE_BUCKET_HOURS } from './time-to-quote-buckets';

export interface MetricsSnapshot {
  briefsReceived: number;
  briefsByStatus: Record<string, number>;
  quotesSent: number;
  /** Briefs per time-to-quote bucket (not cumulative), then the sum of all seconds. */
  timeToQuoteBuckets: number[];
  timeToQuoteSum: number;
  timeToQuoteCount: number;
  slaDecided: number;
  slaMet: number;
  /** Same two over briefs received in the last 30 days. */
  slaDecided30d: number;
  slaMet30d: number;
  emailsFailedByKind: Record<string, number>;
  /** SPEC §9.8: status changes recorded in brief_status_events, by from, to and reason (lost reasons only). */
  transitions?: { from: string; to: string; reason: string; n: number }[];
  /** Briefs that passed their SLA deadline unsent (the breach alert went out), ever. */
  slaBreaches: number;
  /** Briefs unsent and past their deadline now. */
  briefsOverdue: number;
  /** Briefs waiting for hub review, and how long the oldest has waited (0 when none). */
  reviewQueue: number;
  reviewQueueOldestSeconds: number;
  /** E-mails logged but not yet delivered or failed, and the age of the oldest. */
  emailsUnsent: number;
  emailsUnsentOldestSeconds: number;
  /** Jobs the outbox has not yet handed to Redis, and the age of the oldest (grows while Redis is down). */
  outboxPending: number;
  outboxOldestSeconds: number;
  /** Briefs whose personal data was anonymised (retention or erasure, SPEC §12). */
  briefsAnonymised: number;
}

const ageSeconds = (oldest: unknown, now: Date) => {
  const iso = toIsoOrNull(oldest);
  return iso === null ? 0 : Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
};

/** Totals since the beginning for /metrics: a handful of aggregate scans, no row leaves the database. */
export class MetricsReadModel {
  constructor(private readonly db: Knex) {}

  async load(now: Date): Promise<MetricsSnapshot> {
    const d = dialectOf(this.db);
    const nowIso = now.toISOString();
    const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const decided = `case when sent_at is not null or (sla_due_at <= ? and status <> 'cancelled') then 1 else 0 end`;
    const met = `case when sent_at is not null and sent_at <= sla_due_at then 1 else 0 end`;

    const byStatus = rowsOf<{ status: string; n: unknown }>(await this.db.raw(`select status, count(*) as n from ${TABLES.briefs} group by status`));
    const briefsByStatus: Record<string, number> = {};
    for (const r of byStatus) briefsByStatus[r.status] = num(r.n);

    // Counted from the recorded events, not in process memory: right with any number of processes, and after a restart.
    const transitions = rowsOf<{ from_status: string; to_status: string; reason: string | null; n: unknown }>(
      await this.db.raw(
        `select from_status, to_status, case when to_status = 'lost' then reason else null end as reason, count(*) as n
         from ${TABLES.briefStatusEvents} group by from_status, to_status, case when to_status = 'lost' then reason else null end`,
      ),
    ).map((r) => ({ from: r.from_status, to: r.to_status, reason: r.reason ?? '', n: num(r.n) }));

    const [sla] = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select sum(${decided}) as decided, sum(${met}) as met,
           sum(case when received_at >= ? then ${decided} else 0 end) as decided_30d,
           sum(case when received_at >= ? then ${met} else 0 end) as met_30d
         from ${TABLES.briefs}`,
        [nowIso, since, nowIso, since],
      ),
    );

    const seconds = `round(${d.secondsBetween('quoted_at', 'received_at')})`;
    const buckets = rowsOf<{ bucket: unknown; n: unknown; s: unknown }>(
      await this.db.raw(`select ${bucketCase(seconds)} as bucket, count(*) as n, sum(${seconds}) as s from ${TABLES.briefs} where quoted_at is not null group by 1`),
    );
    const timeToQuoteBuckets = new Array<number>(TIME_TO_QUOTE_BUCKET_HOURS.length + 1).fill(0);
    let timeToQuoteSum = 0;
    for (const b of buckets) {
      timeToQuoteBuckets[num(b.bucket)] = num(b.n);
      timeToQuoteSum += num(b.s);
    }

    const [sent] = rowsOf<{ n: unknown }>(await this.db.raw(`select count(*) as n from ${TABLES.quotes} where sent_at is not null`));
    const failed = rowsOf<{ kind: string; n: unknown }>(
      await this.db.raw(`select kind, count(*) as n from ${TABLES.mailLog} where status = 'failed' group by kind`),
    );
    const emailsFailedByKind: Record<string, number> = {};
    for (const r of failed) emailsFailedByKind[r.kind] = num(r.n);

    const unsent = UNSENT_STATUSES.map(() => '?').join(', ');
    const [ops] = rowsOf<Record<string, unknown>>(
      await this.db.raw(
        `select
           (select count(*) from ${TABLES.briefs} where sla_breach_at is not null) as breaches,
           (select count(*) from ${TABLES.briefs} where status in (${unsent}) and sla_due_at <= ?) as overdue,
           (select count(*) from ${TABLES.briefs} where status = 'needs_review') as review,
           (select min(received_at) from ${TABLES.briefs} where status = 'needs_review') as review_oldest,
           (select count(*) from ${TABLES.mailLog} where status in ('pending', 'sending')) as unsent_mail,
           (select min(created_at) from ${TABLES.mailLog} where status in ('pending', 'sending')) as unsent_mail_oldest,
           (select count(*) from ${TABLES.outbox} where relayed_at is null) as outbox,
           (select min(created_at) from ${TABLES.outbox} where relayed_at is null) as outbox_oldest,
           (select count(*) from ${TABLES.briefs} where anonymised_at is not null) as anonymised`,
        [...UNSENT_STATUSES, nowIso],
      ),
    );

    return {
      slaBreaches: num(ops?.breaches),
      briefsOverdue: num(ops?.overdue),
      reviewQueue: num(ops?.review),
      reviewQueueOldestSeconds: ageSeconds(ops?.review_oldest, now),
      emailsUnsent: num(ops?.unsent_mail),
      emailsUnsentOldestSeconds: ageSeconds(ops?.unsent_mail_oldest, now),
      outboxPending: num(ops?.outbox),
      outboxOldestSeconds: ageSeconds(ops?.outbox_oldest, now),
      briefsAnonymised: num(ops?.anonymised),
      briefsReceived: Object.values(briefsByStatus).reduce((a, b) => a + b, 0),
      briefsByStatus,
      quotesSent: num(sent?.n),
      timeToQuoteBuckets,
      timeToQuoteSum,
      timeToQuoteCount: timeToQuoteBuckets.reduce((a, b) => a + b, 0),
      slaDecided: num(sla?.decided),
      slaMet: num(sla?.met),
      slaDecided30d: num(sla?.decided_30d),
      slaMet30d: num(sla?.met_30d),
      emailsFailedByKind,
      transitions,
    };
  }
}
