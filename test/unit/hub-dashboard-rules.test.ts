import { slaCountdown } from '../../src/hub/dashboard-countdown';
import { parsePeriod, parisMidnight } from '../../src/hub/dashboard-period';
import { formatDuration, percent } from '../../src/hub/dashboard-view';
import { renderMetrics } from '../../src/hub/metrics';
import type { MetricsSnapshot } from '../../src/hub/read-models/metrics-read-model';

const H = 3_600_000;
const received = '2027-02-15T10:00:00.000Z';
const due = '2027-02-17T10:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(received) + hours * H);

describe('SLA countdown', () => {
  test.each([
    [0, 'ok', '48 h 00 min left'],
    [23.99, 'ok', '24 h 01 min left'],
    [24, 'soon', '24 h 00 min left'],
    [35.99, 'soon', '12 h 01 min left'],
    [36, 'warn', '12 h 00 min left'],
    [47.5, 'warn', '30 min left'],
    [48, 'breached', 'overdue by 0 min'],
    [50.25, 'breached', 'overdue by 2 h 15 min'],
  ])('when %s h of a 48 h SLA have passed, then the tone is %s and the text "%s"', (hours, tone, text) => {
    const c = slaCountdown(received, due, at(hours));
    expect(c.tone).toBe(tone);
    expect(c.text).toBe(text);
  });

  test('when more than three days are left, then days and hours are shown', () => {
    expect(slaCountdown(received, '2027-02-20T12:00:00.000Z', at(0)).text).toBe('5 d 2 h left');
  });
});

describe('dashboard period', () => {
  const now = new Date('2027-02-15T10:00:00.000Z');

  test('when no dates are given, then the last 30 Paris days, today included, are shown', () => {
    const p = parsePeriod({}, now);
    expect([p.fromDate, p.toDate, p.days, p.error]).toEqual(['2027-01-17', '2027-02-15', 30, null]);
    expect(p.from.toISOString()).toBe('2027-01-16T23:00:00.000Z');
    expect(p.to.toISOString()).toBe('2027-02-15T23:00:00.000Z');
  });

  test('when Paris is on summer time, then midnight is 22:00 UTC the day before', () => {
    expect(parisMidnight('2027-07-01').toISOString()).toBe('2027-06-30T22:00:00.000Z');
    expect(parisMidnight('2027-03-28').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(parisMidnight('2027-03-29').toISOString()).toBe('2027-03-28T22:00:00.000Z');
  });

  test('when from and to are given, then both days are included and weeks start on the Monday before', () => {
    const p = parsePeriod({ from: '2027-01-06', to: '2027-01-06' }, now);
    expect(p.days).toBe(1);
    expect(p.weekAnchor.toISOString()).toBe('2027-01-03T23:00:00.000Z');
  });

  test.each([
    [{ from: 'yesterday' }, 'start date must be a date'],
    [{ to: '2027-02-30' }, 'end date must be a date'],
    [{ from: '2027-02-10', to: '2027-02-01' }, 'after the end date'],
    [{ from: '2020-01-01', to: '2027-01-01' }, 'at most 400 days'],
  ])('when the query is %j, then the default period is shown with "%s"', (query, message) => {
    const p = parsePeriod(query, now);
    expect(p.error).toContain(message);
    expect(p.days).toBe(30);
  });
});

describe('dashboard figures', () => {
  test.each([
    [null, '—'],
    [59, '1 min'],
    [3600, '1 h 00 min'],
    [7 * 3600 + 5 * 60, '7 h 05 min'],
    [80 * 3600, '3 d 8 h'],
  ])('when a duration is %s s, then it reads "%s"', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });

  test('when nothing is decided, then a share is a dash rather than 0 %', () => {
    expect(percent(0, 0)).toBe('—');
    expect(percent(1, 3)).toBe('33.3 %');
  });
});

describe('Prometheus exposition', () => {
  const snapshot: MetricsSnapshot = {
    briefsReceived: 3, briefsByStatus: { sent: 2, needs_review: 1 }, quotesSent: 2,
    timeToQuoteBuckets: [1, 0, 1, 0, 0, 0, 0, 0, 0, 1], timeToQuoteSum: 3600 + 10_000 + 400_000, timeToQuoteCount: 3,
    slaDecided: 0, slaMet: 0, slaDecided30d: 0, slaMet30d: 0, emailsFailedByKind: { 'le"ad\\': 1 },
    slaBreaches: 0, briefsOverdue: 0, reviewQueue: 1, reviewQueueOldestSeconds: 0, emailsUnsent: 0, emailsUnsentOldestSeconds: 0,
    outboxPending: 0, outboxOldestSeconds: 0, briefsAnonymised: 0,
  };

  test('when buckets are given, then the histogram is cumulative and ends at +Inf with the count', () => {
    const text = renderMetrics(snapshot, null);
    expect(text).toContain('pce_time_to_quote_seconds_bucket{le="3600"} 1\npce_time_to_quote_seconds_bucket{le="7200"} 1\npce_time_to_quote_seconds_bucket{le="14400"} 2');
    expect(text).toContain('pce_time_to_quote_seconds_bucket{le="259200"} 2\npce_time_to_quote_seconds_bucket{le="+Inf"} 3');
    expect(text).toContain('pce_time_to_quote_seconds_count 3');
  });

  test('when nothing is decided, then the ratio is NaN; when Redis is down, then no queue depths and redis_up 0', () => {
    const text = renderMetrics(snapshot, null);
    expect(text).toContain('pce_sla_met_ratio{window="all"} NaN');
    expect(text).toContain('pce_redis_up 0');
    expect(text).not.toContain('pce_queue_jobs');
  });

  test('when a label holds quotes or backslashes, then they are escaped', () => {
    expect(renderMetrics(snapshot, null)).toContain('pce_emails_failed_total{kind="le\\"ad\\\\"} 1');
  });
});
