import { startTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';
import { insertMail, seedScenario } from './hub-dashboard-fixtures';

/** /metrics in Prometheus text format over the hand-built scenario of the dashboard tests. */

const NOW = new Date('2027-02-15T10:00:00.000Z');

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no sample ${series}`);
  return Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let app: TestApp;
  let text: string;
  let response: Response;

  beforeAll(async () => {
    app = await startTestApp({ clock: { now: () => NOW }, workers: false });
    await seedScenario(app.services.db, NOW);
    // For the operations gauges: D's breach alert went out, H was anonymised, one e-mail waits.
    await app.services.db('briefs').where({ ref: 'PCE-T-D' }).update({ sla_breach_at: new Date(NOW.getTime() - 12 * 3600_000).toISOString() });
    await app.services.db('briefs').where({ ref: 'PCE-T-H' }).update({ anonymised_at: NOW.toISOString() });
    await insertMail(app.services.db, { key: 'metrics-pending', kind: 'brief_received', status: 'pending', briefId: null, at: new Date(NOW.getTime() - 600_000) });
    await app.services.queues.matchAndQuote.add('m', { briefId: 999_999 }, { jobId: 'metrics-test-waiting' });
    response = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    text = await response.text();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  test('when no token or a wrong token is sent, then /metrics answers 401', async () => {
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });

  test('when the token is sent, then the answer is Prometheus text with HELP and TYPE lines', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(text).toContain('# TYPE pce_briefs_received_total counter');
    expect(text).toContain('# TYPE pce_time_to_quote_seconds histogram');
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? (-?[\d.]+(e[-+]?\d+)?|NaN|[+-]Inf))$/);
  });

  test('when briefs and quotes exist, then the counts match the rows', () => {
    expect(sample(text, 'pce_briefs_received_total')).toBe(9);
    expect(sample(text, 'pce_briefs{status="sent"}')).toBe(4);
    expect(sample(text, 'pce_briefs{status="needs_review"}')).toBe(2);
    expect(sample(text, 'pce_quotes_sent_total')).toBe(4);
  });

  test('when drafts took known times, then the time-to-quote histogram is cumulative with the right sum', () => {
    expect(sample(text, 'pce_time_to_quote_seconds_bucket{le="3600"}')).toBe(2);
    expect(sample(text, 'pce_time_to_quote_seconds_bucket{le="7200"}')).toBe(3);
    expect(sample(text, 'pce_time_to_quote_seconds_bucket{le="14400"}')).toBe(5);
    expect(sample(text, 'pce_time_to_quote_seconds_bucket{le="+Inf"}')).toBe(5);
    expect(sample(text, 'pce_time_to_quote_seconds_count')).toBe(5);
    expect(sample(text, 'pce_time_to_quote_seconds_sum')).toBe(1800 + 3600 + 7200 + 10800 + 14400);
  });

  test('when some briefs missed the SLA, then the met ratio counts sent in time over decided', () => {
    expect(sample(text, 'pce_sla_decided_total')).toBe(5);
    expect(sample(text, 'pce_sla_met_total')).toBe(3);
    expect(sample(text, 'pce_sla_met_ratio{window="all"}')).toBeCloseTo(0.6, 5);
    expect(sample(text, 'pce_sla_met_ratio{window="30d"}')).toBeCloseTo(0.5, 5);
  });

  test('when an e-mail failed and a job waits, then both show', () => {
    expect(sample(text, 'pce_emails_failed_total{kind="lead"}')).toBe(1);
    expect(sample(text, 'pce_redis_up')).toBe(1);
    expect(sample(text, 'pce_queue_jobs{queue="match-and-quote",state="waiting"}')).toBe(1);
    expect(sample(text, 'pce_queue_jobs{queue="send-email",state="failed"}')).toBe(0);
  });

  test('when a brief breached, waits for review, or an e-mail waits, then the operations gauges show it', () => {
    // Scenario: D (needs review, received 60 h ago) is past its deadline unsent; E waits for review since 30 h.
    expect(sample(text, 'pce_briefs_overdue')).toBe(1);
    expect(sample(text, 'pce_review_queue_briefs')).toBe(2);
    expect(sample(text, 'pce_review_queue_oldest_seconds')).toBe(60 * 3600);
    expect(sample(text, 'pce_emails_unsent')).toBe(1);
    expect(sample(text, 'pce_emails_unsent_oldest_seconds')).toBe(600);
    // The relay runs in this app and empties the outbox within milliseconds: only the series is checked here.
    expect(text).toContain('# TYPE pce_outbox_pending gauge');
    expect(text).toContain('# TYPE pce_outbox_oldest_seconds gauge');
    expect(sample(text, 'pce_sla_breaches_total')).toBe(1);
    expect(sample(text, 'pce_briefs_anonymised_total')).toBe(1);
  });

  test('when metrics are read, then no recipient address or brief content is exposed', () => {
    expect(text).not.toContain('@');
    expect(text).not.toContain('PCE-T-');
  });
});
