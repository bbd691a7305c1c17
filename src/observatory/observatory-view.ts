import { formatMoney } from '../platform/format';
import { ANYWHERE, REGION, MIN_BRIEFS, type Cell, type Quartiles } from './observatory-grid';
import { ANYWHERE_PARAM, type ObservatoryReport } from './observatory-service';
import { causeLabel, eventTypeLabel, monthLabel, percent, placeLabel } from './observatory-words';
import { formatParis } from '../platform/clock';

/** Most destinations the month-by-destination table shows (the busiest ones; the CSV has all). */
export const MATRIX_DESTINATIONS = 10;

export const WITHHELD_TEXT: Record<NonNullable<Cell['withheld']>, string> = {
  few_briefs: `withheld: fewer than ${MIN_BRIEFS} briefs`,
  complement: 'withheld so that a smaller withheld cell cannot be worked out from the totals',
};

const euros = (cents: number) => formatMoney(cents, 'en').replace(/\.00$/, '');
const range = (q: Quartiles, f: (n: number) => string) => ({ median: f(q.median), spread: `${f(q.q1)} – ${f(q.q3)}` });

function monthRow(report: ObservatoryReport, month: number) {
  const key = report.selection.months[month]!.key;
  const cell = report.grid.cells[month]!.get(report.destination);
  const own = report.own?.months[month];
  const base = { month: monthLabel('en', key), monthKey: key, own: own ? { leads: own.leads, interested: own.interested, share: fmtPct(percent(own.interested, own.leads)) } : null };
  if (!cell) return { ...base, empty: true };
  if (!cell.figures) return { ...base, withheld: WITHHELD_TEXT[cell.withheld!] };
  const f = cell.figures;
  return {
    ...base,
    briefs: f.briefs,
    attendees: f.attendees,
    eventTypes: f.eventTypes.map((t) => `${eventTypeLabel('en', t.type)} ${t.briefs}`).join(', '),
    lead: range(f.leadDays, (n) => `${n} d`),
    budget: f.budgetPerAttendeeCents ? range(f.budgetPerAttendeeCents, euros) : null,
    budgetNote: f.budgetPerAttendeeCents ? null : `${f.budgetBriefs} with a budget: withheld`,
    sent: f.sent,
    sentShare: fmtPct(percent(f.sent, f.briefs)),
    interested: f.interested,
    interestShare: fmtPct(percent(f.interested, f.sent)),
    booked: f.booked ?? 0,
    bookedShare: fmtPct(percent(f.booked ?? 0, f.sent)),
    unmet: f.unmet,
  };
}

/** The query-string value naming a destination key ('' is the whole region). */
export function destinationParam(key: string): string {
  return key === REGION ? '' : key === ANYWHERE ? ANYWHERE_PARAM : key;
}

const fmtPct = (n: number | null) => (n === null ? '–' : `${n} %`);

/** The page's view model (English: the staff pages have no language switch yet). */
export function observatoryView(report: ObservatoryReport) {
  const { grid, selection } = report;
  const place = (key: string) => placeLabel('en', key, grid.destinations.find((d) => d.key === key)?.label ?? key);
  const months = selection.months.map((_, i) => monthRow(report, i));
  const matrixDestinations = grid.destinations.slice(0, MATRIX_DESTINATIONS + 1);
  const matrix = selection.months.map((m, i) => ({
    month: monthLabel('en', m.key),
    cells: matrixDestinations.map((d) => {
      const cell = grid.cells[i]!.get(d.key);
      return cell ? (cell.figures ? { value: cell.figures.briefs } : { withheld: WITHHELD_TEXT[cell.withheld!] }) : { value: 0 };
    }),
  }));
  const unmet = selection.months.flatMap((m, i) => {
    const f = grid.cells[i]!.get(report.destination)?.figures;
    if (!f || f.unmet === 0) return [];
    return [{
      month: monthLabel('en', m.key),
      total: f.unmet,
      criteria: f.unmetByCriterion.map((u) => ({
        label: causeLabel('en', u.criterion),
        briefs: u.briefs,
        capacity: u.attendees ? `${u.attendees.median} people (${u.attendees.q1} – ${u.attendees.q3})` : null,
        dates: u.startDates ? `${u.startDates.median} (${u.startDates.q1} – ${u.startDates.q3})` : null,
      })),
    }];
  });
  const series = selection.months.map((_, i) => grid.cells[i]!.get(report.destination)?.figures ?? null);
  const charts = {
    labels: selection.months.map((m) => monthLabel('en', m.key)),
    briefs: series.map((f) => f?.briefs ?? null),
    unmet: series.map((f) => f?.unmet ?? null),
    budget: {
      q1: series.map((f) => (f?.budgetPerAttendeeCents ? f.budgetPerAttendeeCents.q1 / 100 : null)),
      median: series.map((f) => (f?.budgetPerAttendeeCents ? f.budgetPerAttendeeCents.median / 100 : null)),
      q3: series.map((f) => (f?.budgetPerAttendeeCents ? f.budgetPerAttendeeCents.q3 / 100 : null)),
    },
    leadDays: series.map((f) => f?.leadDays.median ?? null),
    interestShare: series.map((f) => (f ? percent(f.interested, f.sent) : null)),
    ownInterestShare: report.own ? report.own.months.map((m) => percent(m.interested, m.leads)) : null,
  };
  return {
    title: 'Market observatory',
    generatedAt: formatParis(report.generatedAt, 'en'),
    from: selection.from,
    to: selection.to,
    error: selection.error ?? report.destinationError,
    destinationName: place(report.destination),
    destinationOptions: grid.destinations.map((d) => ({ key: destinationParam(d.key), name: placeLabel('en', d.key, d.label), selected: d.key === report.destination })),
    csvQuery: new URLSearchParams({ from: selection.from, to: selection.to, ...(report.destination === REGION ? {} : { destination: destinationParam(report.destination) }) }).toString(),
    months,
    matrixHead: matrixDestinations.map((d) => placeLabel('en', d.key, d.label)),
    matrixMore: Math.max(0, grid.destinations.length - matrixDestinations.length),
    matrix,
    unmet,
    own: report.own ? { suppliers: report.own.suppliers.join(', '), digestFrench: report.own.digestLanguage === 'fr', digestEnglish: report.own.digestLanguage === 'en' } : null,
    charts,
    minBriefs: MIN_BRIEFS,
  };
}
