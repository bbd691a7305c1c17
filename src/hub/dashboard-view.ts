import { formatParis, parisDate } from '../platform/clock';
import { slaCountdown } from './dashboard-countdown';
import { bucketLabels } from './read-models/time-to-quote-buckets';
import type { BoardBrief } from './read-models/brief-board-read-model';
import type { DashboardData } from './dashboard-service';
import type { Kpis } from './read-models/kpi-read-model';
import type { ChartData } from './read-models/chart-read-model';
import type { RateFreshnessBoard } from './read-models/rate-freshness-read-model';
import { rateFreshness } from '../suppliers/rate-freshness';
import type { Funnel, FunnelRow } from './read-models/funnel-read-model';
import { LOST_REASONS } from '../briefs/brief-lifecycle';

const STATUS_LABELS: Record<string, string> = { received: 'received', matching: 'matching', needs_review: 'needs review' };
const REASON_LABELS: Record<string, string> = {
  no_feasible_venue: 'No feasible venue',
  unpriceable: 'Unpriceable',
  stale_rates: 'Stale rates',
  auto_send_off: 'Auto-send off',
  email_failed: 'E-mail failed',
};

/** "3 h 05 min", "45 min", "4 d 2 h": durations as hub staff read them. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours >= 72) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${minutes} min`;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10} %`;
}

function boardRow(b: BoardBrief, now: Date) {
  const countdown = slaCountdown(b.receivedAt, b.slaDueAt, now);
  return {
    ref: b.ref,
    href: `/hub/briefs/${encodeURIComponent(b.ref)}`,
    title: b.title,
    organisation: b.organisation,
    attendees: b.attendees,
    destinations: b.destinations.length > 0 ? b.destinations.join(', ') : 'anywhere',
    status: STATUS_LABELS[b.status] ?? b.status,
    statusCode: b.status,
    receivedIso: b.receivedAt,
    dueIso: b.slaDueAt,
    received: formatParis(b.receivedAt),
    due: formatParis(b.slaDueAt),
    countdown: countdown.text,
    tone: countdown.tone,
    reasons: b.reviewReasons.map((r) => ({ code: r.code, label: REASON_LABELS[r.code] ?? r.code, detail: r.detail })),
  };
}

function kpiCards(k: Kpis) {
  return [
    { label: 'Briefs received', value: String(k.received), hint: `${k.sent} sent so far` },
    { label: 'Sent within SLA', value: percent(k.withinSla, k.decided), hint: `${k.withinSla} of ${k.decided} decided`, id: 'kpi-sla' },
    { label: 'Median time to draft', value: formatDuration(k.medianSecondsToQuote), hint: `over ${k.quoted} drafted` },
    { label: 'p90 time to draft', value: formatDuration(k.p90SecondsToQuote), hint: '9 in 10 drafted faster' },
    { label: 'Auto-sent', value: percent(k.autoSent, k.sent), hint: `${k.autoSent} of ${k.sent} sent without review` },
    { label: 'Options per quote', value: k.quotes === 0 ? '—' : (Math.round((k.options / k.quotes) * 10) / 10).toFixed(1), hint: `${k.quotes} quotes` },
    { label: 'Organiser interest', value: percent(k.interested, k.sent), hint: `${k.interested} of ${k.sent} sent` },
  ];
}

function chartJson(c: ChartData, data: DashboardData) {
  const weekCount = Math.max(1, Math.ceil((data.period.to.getTime() - data.period.weekAnchor.getTime()) / (7 * 86_400_000)));
  const weeks = Array.from({ length: weekCount }, (_, i) => c.weeks.find((w) => w.week === i) ?? { week: i, received: 0, withinSla: 0, decided: 0 });
  const weekLabel = (i: number) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', day: 'numeric', month: 'short' }).format(new Date(data.period.weekAnchor.getTime() + (i * 7 + 0.5) * 86_400_000));
  const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
  return {
    timeToQuote: { labels: bucketLabels(), counts: c.timeToQuote },
    weekly: { labels: weeks.map((w) => `w/c ${weekLabel(w.week)}`), received: weeks.map((w) => w.received), withinSla: weeks.map((w) => w.withinSla) },
    destinations: {
      labels: c.destinations.map((d) => d.destination || 'Anywhere'),
      received: c.destinations.map((d) => d.received),
      slaShare: c.destinations.map((d) => share(d.withinSla, d.decided)),
    },
  };
}

function freshnessView(f: RateFreshnessBoard, now: Date, rateStaleDays: number) {
  return {
    cities: f.cities.map((c) => {
      const pct = c.suppliers === 0 ? 0 : Math.round((c.fresh / c.suppliers) * 100);
      return { city: c.city, suppliers: c.suppliers, fresh: c.fresh, pct, tone: pct >= 80 ? 'ok' : pct >= 50 ? 'warn' : 'err' };
    }),
    stalest: f.stalest.map((s) => {
      const state = rateFreshness(s.ratesConfirmedAt, now, rateStaleDays);
      return { ...s, confirmedOn: state.confirmedOn ?? 'never', state: state.state, tone: state.state === 'fresh' ? 'ok' : state.state === 'soon' ? 'warn' : 'err' };
    }),
  };
}

function funnelRowView(r: FunnelRow) {
  return {
    ...r,
    lostText: LOST_REASONS.filter((reason) => r.lost[reason]! > 0).map((reason) => `${reason} ${r.lost[reason]}`).join(', ') || '—',
    responseMedian: formatDuration(r.responseMedianSeconds),
    responseP90: formatDuration(r.responseP90Seconds),
    declineRate: percent(r.declined, r.responses),
    satisfaction: r.satisfactionCount === 0 ? '—' : `${r.satisfactionMean} / ${r.satisfactionMedian}`,
  };
}

/** SPEC §9.8: the funnel's rows as the page prints them. */
export function funnelView(f: Funnel) {
  return {
    total: funnelRowView(f.total),
    totalRows: [funnelRowView(f.total)],
    destinations: f.destinations.map(funnelRowView),
    venues: f.venues.map(funnelRowView),
    comments: f.comments.map((c) => ({ ...c, href: `/hub/briefs/${encodeURIComponent(c.ref)}`, at: formatParis(c.answeredAt) })),
  };
}

/** The template context of views/hub/dashboard.hbs. */
export function dashboardView(data: DashboardData, options: { rateStaleDays: number; slaHours: number; refreshSeconds: number }) {
  const { now, period, board } = data;
  return {
    title: 'Hub dashboard',
    generatedAt: formatParis(now),
    generatedIso: now.toISOString(),
    today: parisDate(now),
    refreshSeconds: options.refreshSeconds,
    slaHours: options.slaHours,
    rateStaleDays: options.rateStaleDays,
    period: { from: period.fromDate, to: period.toDate, days: period.days, error: period.error },
    counts: board.counts,
    open: board.open.map((b) => boardRow(b, now)),
    review: board.review.map((b) => boardRow(b, now)),
    breached: board.breached.map((b) => boardRow(b, now)),
    followUps: (board.followUps ?? []).map((b) => boardRow(b, now)),
    kpis: data.kpis ? kpiCards(data.kpis) : null,
    charts: data.charts ? chartJson(data.charts, data) : null,
    freshness: data.freshness ? freshnessView(data.freshness, now, options.rateStaleDays) : null,
    funnel: data.funnel ? funnelView(data.funnel) : null,
    failedEmails: data.failedEmails
      ? { total: data.failedEmails.total, latest: data.failedEmails.latest.map((m) => ({ ...m, failedAt: formatParis(m.failedAt), href: m.ref ? `/hub/briefs/${encodeURIComponent(m.ref)}` : null })) }
      : null,
  };
}
