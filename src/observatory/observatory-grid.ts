import { CRITERIA } from '../core/brief-schema';
import { normaliseName } from '../core/names';

/**
 * The observatory's figures (SPEC §10), pure: briefs in, a fixed grid of cells out.
 *
 * Disclosure control. Every figure belongs to one cell of a fixed grid, (month, destination),
 * where destination is one city or `REGION` (every brief of the month once). Filters on the
 * page only choose which cells are shown, so the same cell always has the same figures and
 * two overlapping filters cannot be subtracted to isolate a brief. Then:
 * - primary: a cell built from fewer than MIN_BRIEFS briefs is withheld; so is a median or
 *   quartile whose own base (briefs with a budget, unmet briefs of one criterion) is that small;
 * - secondary: a month's region cell minus its published destination cells would give a lone
 *   withheld destination cell back, so when exactly one destination cell of a month is
 *   withheld, the smallest published one is withheld too (or the region cell when there is none).
 * Quartiles are by nearest rank: the value at position ceil(p·n) of the sorted values (1-based).
 */

export const MIN_BRIEFS = 5;
/** The destination key of a month's whole-region cell. */
export const REGION = '*';
/** The destination key of briefs open to anywhere in the region. */
export const ANYWHERE = '';
/**
 * The destination key pooling names that are neither a destination of the brief form nor a city
 * of the catalogue: the API takes free text, and a rare name typed by one organiser could tell
 * who sent the brief even when the cell's figures are withheld.
 */
export const OTHER_PLACES = '~';

/** One brief as the read model hands it over: only figures, never who sent it. */
export interface BriefFact {
  destinations: string[];
  eventType: string;
  attendees: number;
  /** Whole cents, rounded down; null without a budget. */
  budgetPerAttendeeCents: number | null;
  leadDays: number;
  startDate: string;
  sent: boolean;
  interested: boolean;
  /** SPEC §9: the brief reached `booked` (by the organiser's book action or a telephone booking). */
  booked: boolean;
  /** The review reasons' JSON when the brief had no feasible venue, else null. */
  unmetReasons: string | null;
}

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

export interface DateQuartiles {
  q1: string;
  median: string;
  q3: string;
}

export interface UnmetFigures {
  criterion: string;
  briefs: number;
  /** Attendees asked (the capacity missing); null when fewer than MIN_BRIEFS. */
  attendees: Quartiles | null;
  /** Event start dates asked; null when fewer than MIN_BRIEFS. */
  startDates: DateQuartiles | null;
}

export interface CellFigures {
  briefs: number;
  attendees: number;
  eventTypes: { type: string; briefs: number }[];
  leadDays: Quartiles;
  /** How many briefs gave a budget, and its quartiles per attendee when at least MIN_BRIEFS did. */
  budgetBriefs: number;
  budgetPerAttendeeCents: Quartiles | null;
  sent: number;
  interested: number;
  /** Sent briefs that were booked: the conversion (§10). */
  booked: number;
  unmet: number;
  unmetByCriterion: UnmetFigures[];
}

export type Withheld = 'few_briefs' | 'complement';

export interface Cell {
  destination: string;
  label: string;
  withheld: Withheld | null;
  figures: CellFigures | null;
}

export interface Grid {
  /** Destination keys (REGION first, then by published briefs over the months, then name) and their labels. */
  destinations: { key: string; label: string }[];
  /** cells[month][destination key] */
  cells: Map<string, Cell>[];
}

/** Causes in the order ties are broken: the same order the matcher counts them in. */
export const UNMET_CAUSES = ['capacity', ...CRITERIA, 'unpriceable'] as const;
/** A brief with no feasible venue because the catalogue had no active venue at all. */
export const NO_VENUE = 'no_venue';

export function quartiles(sorted: readonly number[]): Quartiles {
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { q1: at(0.25), median: at(0.5), q3: at(0.75) };
}

function dateQuartiles(sorted: readonly string[]): DateQuartiles {
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { q1: at(0.25), median: at(0.5), q3: at(0.75) };
}

/** The cause that eliminated most venues (ties: UNMET_CAUSES order), from a brief's review reasons. */
export function topCriterion(reasonsJson: string): string | null {
  let reasons: unknown;
  try {
    reasons = JSON.parse(reasonsJson);
  } catch {
    return null;
  }
  if (!Array.isArray(reasons)) return null;
  const reason = reasons.find((r) => (r as { code?: unknown })?.code === 'no_feasible_venue') as { data?: { eliminated_by?: Record<string, unknown> } } | undefined;
  if (!reason) return null;
  const counts = reason.data?.eliminated_by ?? {};
  let best: string = NO_VENUE;
  let most = 0;
  for (const cause of UNMET_CAUSES) {
    const n = Number(counts[cause] ?? 0);
    if (n > most) {
      best = cause;
      most = n;
    }
  }
  return best;
}

const numeric = (a: number, b: number) => a - b;

function figuresOf(facts: readonly BriefFact[]): CellFigures {
  const types = new Map<string, number>();
  const budgets: number[] = [];
  const leads: number[] = [];
  const unmet = new Map<string, BriefFact[]>();
  let attendees = 0;
  let sent = 0;
  let interested = 0;
  let booked = 0;
  let unmetCount = 0;
  for (const f of facts) {
    attendees += f.attendees;
    types.set(f.eventType, (types.get(f.eventType) ?? 0) + 1);
    if (f.budgetPerAttendeeCents !== null) budgets.push(f.budgetPerAttendeeCents);
    leads.push(f.leadDays);
    if (f.sent) sent += 1;
    if (f.sent && f.interested) interested += 1;
    if (f.sent && f.booked) booked += 1;
    const criterion = f.unmetReasons === null ? null : topCriterion(f.unmetReasons);
    if (criterion !== null) {
      unmetCount += 1;
      unmet.set(criterion, [...(unmet.get(criterion) ?? []), f]);
    }
  }
  const order = (c: string) => (c === NO_VENUE ? UNMET_CAUSES.length : UNMET_CAUSES.indexOf(c as (typeof UNMET_CAUSES)[number]));
  return {
    briefs: facts.length,
    attendees,
    eventTypes: [...types].map(([type, briefs]) => ({ type, briefs })).sort((a, b) => b.briefs - a.briefs || a.type.localeCompare(b.type)),
    leadDays: quartiles(leads.sort(numeric)),
    budgetBriefs: budgets.length,
    budgetPerAttendeeCents: budgets.length >= MIN_BRIEFS ? quartiles(budgets.sort(numeric)) : null,
    sent,
    interested,
    booked,
    unmet: unmetCount,
    unmetByCriterion: [...unmet]
      .sort((a, b) => b[1].length - a[1].length || order(a[0]) - order(b[0]))
      .map(([criterion, list]) => ({
        criterion,
        briefs: list.length,
        attendees: list.length >= MIN_BRIEFS ? quartiles(list.map((f) => f.attendees).sort(numeric)) : null,
        startDates: list.length >= MIN_BRIEFS ? dateQuartiles(list.map((f) => f.startDate).sort()) : null,
      })),
  };
}

/** Destinations compared as the matcher compares cities; the first spelling seen labels the key. */
export function destinationKeys(destinations: readonly string[]): { key: string; label: string }[] {
  if (destinations.length === 0) return [{ key: ANYWHERE, label: '' }];
  const seen = new Map<string, string>();
  for (const d of destinations) {
    const key = normaliseName(d);
    if (key && !seen.has(key)) seen.set(key, d.trim());
  }
  return seen.size === 0 ? [{ key: ANYWHERE, label: '' }] : [...seen].map(([key, label]) => ({ key, label }));
}

/**
 * Builds every cell of one month (the region and each destination), then applies primary and
 * secondary suppression. A withheld cell keeps no figure at all, so nothing downstream (the
 * stored month, the page, the CSV, the digest) can leak one. Cells come in key order (never by size: a withheld cell's size is not to be told).
 */
export function buildMonth(facts: readonly BriefFact[], knownPlaces?: ReadonlySet<string>): Cell[] {
  const labels = new Map<string, string>([[REGION, ''], [ANYWHERE, ''], [OTHER_PLACES, '']]);
  const byCell = new Map<string, BriefFact[]>();
  for (const f of facts) {
    let places = destinationKeys(f.destinations);
    if (knownPlaces) {
      places = places.map((p) => (p.key === ANYWHERE || knownPlaces.has(p.key) ? p : { key: OTHER_PLACES, label: '' }));
      if (places.length > 1) places = places.filter((p, i) => places.findIndex((q) => q.key === p.key) === i);
    }
    const keys = [{ key: REGION, label: '' }, ...places];
    for (const { key, label } of keys) {
      if (!labels.has(key)) labels.set(key, label);
      const list = byCell.get(key);
      if (list) list.push(f);
      else byCell.set(key, [f]);
    }
  }
  const cells = new Map<string, Cell>();
  for (const [key, list] of byCell) {
    const few = list.length < MIN_BRIEFS;
    cells.set(key, { destination: key, label: labels.get(key)!, withheld: few ? 'few_briefs' : null, figures: few ? null : figuresOf(list) });
  }
  suppressComplement(cells, byCell);
  return [...cells.values()].sort((a, b) => a.destination.localeCompare(b.destination));
}

/**
 * The selected months side by side (null: a month without briefs). Destinations are ordered
 * by their published briefs over the months, then by name; the region comes first.
 */
export function assembleGrid(months: readonly (readonly Cell[] | null)[]): Grid {
  const labels = new Map<string, string>();
  const published = new Map<string, number>();
  const cells = months.map((month) => {
    const row = new Map<string, Cell>();
    for (const cell of month ?? []) {
      row.set(cell.destination, cell);
      if (!labels.has(cell.destination)) labels.set(cell.destination, cell.label);
      published.set(cell.destination, (published.get(cell.destination) ?? 0) + (cell.figures?.briefs ?? 0));
    }
    return row;
  });
  const destinations = [...published]
    .filter(([key]) => key !== REGION)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => ({ key, label: labels.get(key)! }));
  return { destinations: [{ key: REGION, label: '' }, ...destinations], cells };
}

function suppressComplement(row: Map<string, Cell>, month: Map<string, BriefFact[]>): void {
  const region = row.get(REGION);
  if (!region || region.withheld) return;
  const places = [...row.values()].filter((c) => c.destination !== REGION);
  if (places.filter((c) => c.withheld).length !== 1) return;
  const published = places.filter((c) => !c.withheld).sort((a, b) => month.get(a.destination)!.length - month.get(b.destination)!.length || a.destination.localeCompare(b.destination));
  const victim = published[0] ?? region;
  victim.withheld = 'complement';
  victim.figures = null;
}
