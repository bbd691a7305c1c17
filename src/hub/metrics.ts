import { TIME_TO_QUOTE_BUCKET_HOURS } from './read-models/time-to-quote-buckets';
import type { MetricsSnapshot } from './read-models/metrics-read-model';

/** Job counts per queue, as BullMQ's getJobCounts gives them; null when Redis did not answer. */
export type QueueDepths = Record<string, Record<string, number>> | null;

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(l: Record<string, string>): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function number(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  return String(Math.round(v * 1000) / 1000);
}

/**
 * Prometheus text exposition format 0.0.4, written directly: every figure comes from one SQL
 * aggregate or one getJobCounts call, so a client library would add a registry and nothing else.
 */
export function renderMetrics(m: MetricsSnapshot, queues: QueueDepths): string {
  const out: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [Record<string, string>, number][], suffix = '') => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) out.push(`${name}${suffix}${labels(l)} ${number(v)}`);
  };

  metric('pce_briefs_received_total', 'counter', 'Briefs received since the database was created.', [[{}, m.briefsReceived]]);
  metric('pce_briefs', 'gauge', 'Briefs by current status.', Object.entries(m.briefsByStatus).sort().map(([status, n]) => [{ status }, n]));
  metric('pce_quotes_sent_total', 'counter', 'Quote versions sent to organisers.', [[{}, m.quotesSent]]);

  out.push('# HELP pce_time_to_quote_seconds Time from receipt to the first draft quote, per brief.', '# TYPE pce_time_to_quote_seconds histogram');
  let cumulative = 0;
  TIME_TO_QUOTE_BUCKET_HOURS.forEach((h, i) => {
    cumulative += m.timeToQuoteBuckets[i] ?? 0;
    out.push(`pce_time_to_quote_seconds_bucket{le="${h * 3600}"} ${cumulative}`);
  });
  out.push(`pce_time_to_quote_seconds_bucket{le="+Inf"} ${m.timeToQuoteCount}`);
  out.push(`pce_time_to_quote_seconds_sum ${number(m.timeToQuoteSum)}`, `pce_time_to_quote_seconds_count ${m.timeToQuoteCount}`);

  metric('pce_sla_decided_total', 'counter', 'Briefs sent, or past their SLA deadline unsent.', [[{}, m.slaDecided]]);
  metric('pce_sla_met_total', 'counter', 'Briefs sent at or before their SLA deadline.', [[{}, m.slaMet]]);
  metric('pce_sla_met_ratio', 'gauge', 'Share of decided briefs sent within SLA, over all time and over briefs received in the last 30 days.', [
    [{ window: 'all' }, m.slaDecided === 0 ? NaN : m.slaMet / m.slaDecided],
    [{ window: '30d' }, m.slaDecided30d === 0 ? NaN : m.slaMet30d / m.slaDecided30d],
  ]);

  metric('pce_emails_failed_total', 'counter', 'E-mails the mail log gave up on (status failed), by kind.', Object.entries(m.emailsFailedByKind).sort().map(([kind, n]) => [{ kind }, n]));

  metric('pce_sla_breaches_total', 'counter', 'Briefs that passed their SLA deadline unsent (a breach alert was sent).', [[{}, m.slaBreaches]]);
  metric('pce_briefs_overdue', 'gauge', 'Briefs unsent and past their SLA deadline now.', [[{}, m.briefsOverdue]]);
  metric('pce_review_queue_briefs', 'gauge', 'Briefs waiting for hub review (status needs_review).', [[{}, m.reviewQueue]]);
  metric('pce_review_queue_oldest_seconds', 'gauge', 'Age of the oldest brief waiting for review (0 when none).', [[{}, m.reviewQueueOldestSeconds]]);
  metric('pce_emails_unsent', 'gauge', 'E-mails logged and not yet delivered or failed.', [[{}, m.emailsUnsent]]);
  metric('pce_emails_unsent_oldest_seconds', 'gauge', 'Age of the oldest e-mail not yet delivered or failed (0 when none).', [[{}, m.emailsUnsentOldestSeconds]]);
  metric('pce_outbox_pending', 'gauge', 'Jobs written to the outbox and not yet handed to Redis.', [[{}, m.outboxPending]]);
  metric('pce_outbox_oldest_seconds', 'gauge', 'Age of the oldest job still in the outbox (0 when none).', [[{}, m.outboxOldestSeconds]]);
  metric('pce_briefs_anonymised_total', 'counter', 'Briefs whose personal data was anonymised (retention or erasure).', [[{}, m.briefsAnonymised]]);

  metric(
    'pce_brief_transitions_total',
    'counter',
    'Brief status changes (SPEC §9), from brief_status_events; reason is the lost reason for moves to lost, empty otherwise.',
    [...(m.transitions ?? [])].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.reason.localeCompare(b.reason)).map((t) => [{ from: t.from, to: t.to, reason: t.reason }, t.n]),
  );

  metric('pce_redis_up', 'gauge', '1 when the queue depths below could be read from Redis.', [[{}, queues ? 1 : 0]]);
  if (queues) {
    const samples: [Record<string, string>, number][] = [];
    for (const queue of Object.keys(queues).sort()) {
      for (const state of QUEUE_STATES) samples.push([{ queue, state }, queues[queue]![state] ?? 0]);
    }
    metric('pce_queue_jobs', 'gauge', 'Jobs per BullMQ queue and state.', samples);
  }
  return out.join('\n') + '\n';
}
