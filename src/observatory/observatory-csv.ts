import { writeCsvTable } from '../suppliers/csv/csv-table';
import { ANYWHERE, OTHER_PLACES, REGION, type Quartiles } from './observatory-grid';
import type { ObservatoryReport } from './observatory-service';
import { percent } from './observatory-words';

/**
 * /observatory.csv: one row per (month, destination) cell of the selection, the whole region
 * first. A withheld cell keeps its row with every figure empty and `withheld` saying why, so a
 * spreadsheet never reads a withheld figure as zero. Cells are formula-protected as the
 * catalogue export's are. Venue staff get their own leads on the region rows.
 */
export const OBSERVATORY_CSV_COLUMNS = [
  'month', 'destination', 'withheld', 'briefs', 'attendees', 'event_types',
  'lead_days_q1', 'lead_days_median', 'lead_days_q3',
  'briefs_with_budget', 'budget_per_attendee_eur_q1', 'budget_per_attendee_eur_median', 'budget_per_attendee_eur_q3',
  'quotes_sent', 'interest_recorded', 'interest_pct_of_sent', 'booked', 'booked_pct_of_sent', 'unmet', 'unmet_by_criterion',
  'own_leads', 'own_interest',
] as const;

const eur = (cents: number) => (cents / 100).toFixed(2);
const q = (v: Quartiles | null, f: (n: number) => string = String) => (v ? [f(v.q1), f(v.median), f(v.q3)] : ['', '', '']);

export function observatoryCsv(report: ObservatoryReport): string {
  const keys = report.destination === REGION ? report.grid.destinations.map((d) => d.key) : [report.destination];
  const rows: string[][] = [];
  report.selection.months.forEach((month, i) => {
    for (const key of keys) {
      const cell = report.grid.cells[i]!.get(key);
      if (!cell && key !== REGION) continue;
      const name = key === REGION ? 'region' : key === ANYWHERE ? 'anywhere' : key === OTHER_PLACES ? 'other places' : cell!.label;
      const own = key === REGION && report.own ? [String(report.own.months[i]!.leads), String(report.own.months[i]!.interested)] : ['', ''];
      const f = cell?.figures;
      if (cell && !f) {
        rows.push([month.key, name, cell.withheld === 'few_briefs' ? 'fewer than 5 briefs' : 'complementary', ...new Array<string>(17).fill(''), ...own]);
        continue;
      }
      if (!f) {
        rows.push([month.key, name, '', '0', '0', '', '', '', '', '0', '', '', '', '0', '0', '', '0', '', '0', '', ...own]);
        continue;
      }
      const interestPct = percent(f.interested, f.sent);
      const bookedPct = percent(f.booked ?? 0, f.sent);
      rows.push([
        month.key, name, '', String(f.briefs), String(f.attendees), f.eventTypes.map((t) => `${t.type} ${t.briefs}`).join('; '),
        ...q(f.leadDays), String(f.budgetBriefs), ...q(f.budgetPerAttendeeCents, eur),
        String(f.sent), String(f.interested), interestPct === null ? '' : String(interestPct),
        String(f.booked ?? 0), bookedPct === null ? '' : String(bookedPct), String(f.unmet),
        f.unmetByCriterion.map((u) => `${u.criterion} ${u.briefs}`).join('; '), ...own,
      ]);
    }
  });
  return writeCsvTable(OBSERVATORY_CSV_COLUMNS, rows);
}
