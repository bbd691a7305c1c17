import type { Language } from '../core/brief-schema';
import { formatEuros, lineAmounts, sumTotals } from '../pricing/money';
import { VAT_RATES, type VatPct } from '../core/catalogue-types';
import type { FieldProblem } from '../platform/errors';
import type { CriterionResult, QuoteLine, QuoteOption } from '../core/quote-types';

/**
 * The hub's quote editor, pure: a base version's options plus what staff typed give either the
 * options of the next version (every line re-priced with the exact money rules of SPEC §6) or a
 * precise error per field and nothing else. Inputs stay raw strings so the page can re-show them.
 */

/** An existing line of the base version, by its position in the option. */
export interface LineEdit {
  quantity: string;
  unitPrice: string;
  remove: boolean;
}

/** A free line added by staff (item 'custom'); a row left entirely blank is ignored. */
export interface CustomLineInput {
  supplierId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  vatPct: string;
  remove: boolean;
}

/**
 * What staff chose for an option's venue, plenary room, date set and breakout rooms (issues 13 and 15),
 * as posted; null parts were not posted and stay as the base version has them. A shape other than the
 * base option's is priced afresh from the catalogue (src/hub/quote-shapes.ts) before lines are edited.
 */
export interface ShapeInput {
  supplierId: string | null;
  spaceId: string | null;
  dates: string | null;
  breakoutSpaceIds: string[] | null;
}

export interface OptionEdit {
  rank: number;
  lines: LineEdit[];
  custom: CustomLineInput[];
  shape?: ShapeInput;
  /** The shape key of the option whose lines the line inputs were filled from: edits of other lines are dropped. */
  linesFor?: string;
  /** An option built by hand (rank above the base version's): staff took it out again. */
  drop?: boolean;
}

export interface QuoteEdit {
  /** The version the editor was opened on: saving over a newer one would drop someone's work. */
  baseVersion: number;
  note: string;
  options: OptionEdit[];
}

export type EditOutcome = { ok: true; options: QuoteOption[]; note: string | null } | { ok: false; errors: FieldProblem[] };

export const MAX_QUANTITY = 1_000_000;
/** €10M a unit: quantity × price stays far below 2^53 cents, so every product is exact. */
export const MAX_UNIT_CENTS = 1_000_000_000;
export const MAX_DESCRIPTION = 200;
export const MAX_NOTE = 2000;

/** Field names of the editor form; the pure core names its errors after them so the page can place them. */
export const fieldName = {
  line: (rank: number, index: number, part: 'quantity' | 'unit_price' | 'remove') => `o${rank}_l${index}_${part}`,
  custom: (rank: number, index: number, part: 'supplier' | 'description' | 'quantity' | 'unit_price' | 'vat' | 'remove') => `o${rank}_c${index}_${part}`,
  option: (rank: number) => `o${rank}`,
  venue: (rank: number) => `o${rank}_venue`,
  space: (rank: number) => `o${rank}_space`,
  dates: (rank: number) => `o${rank}_dates`,
  breakout: (rank: number, index: number) => `o${rank}_b${index}`,
  linesFor: (rank: number) => `o${rank}_lines_for`,
  drop: (rank: number) => `o${rank}_drop`,
  note: 'note',
};

/** A whole number of units, 0 ≤ n ≤ MAX_QUANTITY. */
export function parseQuantity(raw: string): { value: number } | { error: string } {
  const s = raw.trim();
  if (s === '') return { error: 'enter a quantity' };
  if (/^-\s*\d/.test(s)) return { error: 'must not be negative' };
  if (!/^\d+$/.test(s)) return { error: 'must be a whole number' };
  const value = Number(s);
  if (value > MAX_QUANTITY) return { error: `must be at most ${MAX_QUANTITY.toLocaleString('en-GB')}` };
  return { value };
}

/**
 * Euros with at most two decimals ("65", "65.5", "1 234,56") read exactly into integer cents by
 * string arithmetic, never through a float. Negative only where a discount is allowed.
 */
export function parseEuros(raw: string, allowNegative: boolean): { cents: number } | { error: string } {
  const s = raw.trim().replace(/[\s\u00a0\u202f]/g, '').replace(/^€|€$/g, '');
  if (s === '') return { error: 'enter a price in euros' };
  const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return { error: /^-?\d+[.,]\d{3,}$/.test(s) ? 'at most two decimals (cents)' : 'must be an amount in euros, e.g. 65.00' };
  const negative = m[1] === '-';
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (negative && cents > 0 && !allowNegative) return { error: 'must not be negative (add a free line for a discount)' };
  if (cents > MAX_UNIT_CENTS) return { error: 'must be at most €10,000,000.00' };
  return { cents: negative ? -cents : cents };
}

export function parseVat(raw: string): { value: VatPct } | { error: string } {
  const n = Number(raw.trim().replace(',', '.'));
  const value = VAT_RATES.find((v) => raw.trim() !== '' && v === n);
  return value === undefined ? { error: `VAT must be one of ${VAT_RATES.join(', ')} %` } : { value };
}

/** SPEC §6 money on every line (net = quantity × unit, VAT rounded half up per line) and the option's totals. */
export function repriceLines(lines: readonly Omit<QuoteLine, 'net_cents' | 'vat_cents' | 'gross_cents'>[]): { lines: QuoteLine[]; totals: QuoteOption['totals'] } {
  const priced = lines.map((l) => ({ ...l, ...lineAmounts(l.quantity, l.unit_price_cents, l.vat_pct) }));
  return { lines: priced, totals: sumTotals(priced) };
}

const BUDGET_PHRASES: Record<Language, { noBudget(g: string): string; within(g: string, b: string, met: boolean): string }> = {
  // Same wording as src/matching/explain.ts, which derives it from the matcher's context the editor does not have.
  en: { noBudget: (g) => `${g}, no budget given`, within: (g, b, met) => `${g} ${met ? 'within' : 'over'} budget ${b}` },
  fr: { noBudget: (g) => `${g}, sans budget indiqué`, within: (g, b, met) => `${g} ${met ? 'dans le' : 'au-delà du'} budget de ${b}` },
};

/** The budget verdict follows the edited total: the organiser must not read the old figure. */
export function rejudgeBudget(reasons: readonly CriterionResult[], grossCents: number, budgetCents: number | null, lang: Language): CriterionResult[] {
  return reasons.map((r) => {
    if (r.criterion !== 'budget') return r;
    const gross = formatEuros(grossCents, lang);
    if (budgetCents === null) return { ...r, met: true, detail: BUDGET_PHRASES[lang].noBudget(gross) };
    const met = grossCents <= budgetCents;
    return { ...r, met, detail: BUDGET_PHRASES[lang].within(gross, formatEuros(budgetCents, lang), met) };
  });
}

/** Who may supply a free line of an option: its venue and the suppliers already in its lines. */
export function allowedSuppliers(option: QuoteOption): string[] {
  return [...new Set([option.venue.supplier_id, ...option.lines.map((l) => l.supplier_id)])];
}

const isBlank = (c: CustomLineInput) => !c.remove && [c.description, c.quantity, c.unitPrice].every((v) => v.trim() === '');

export interface EditContext {
  language: Language;
  budgetCents: number | null;
}

/**
 * Applies an edit to the base options. Every problem is reported (not just the first), and on any
 * problem no option is returned, so an invalid edit can change nothing.
 */
export function applyQuoteEdit(base: readonly QuoteOption[], edit: QuoteEdit, ctx: EditContext): EditOutcome {
  const errors: FieldProblem[] = [];
  const problem = (field: string, message: string) => errors.push({ field, message });
  const note = edit.note.trim();
  if (note.length > MAX_NOTE) problem(fieldName.note, `at most ${MAX_NOTE} characters (now ${note.length})`);

  const options = base.map((option): QuoteOption => {
    const rank = option.rank;
    const problemsBefore = errors.length;
    const oe = edit.options.find((o) => o.rank === rank);
    const kept: Omit<QuoteLine, 'net_cents' | 'vat_cents' | 'gross_cents'>[] = [];
    option.lines.forEach((line, index) => {
      const le = oe?.lines[index];
      if (!le) return kept.push(line);
      if (le.remove) return;
      const q = parseQuantity(le.quantity);
      const p = parseEuros(le.unitPrice, false);
      if ('error' in q) problem(fieldName.line(rank, index, 'quantity'), `option ${rank}, ${line.description}: quantity ${q.error}`);
      if ('error' in p) problem(fieldName.line(rank, index, 'unit_price'), `option ${rank}, ${line.description}: unit price ${p.error}`);
      if ('value' in q && 'cents' in p && q.value > 0) kept.push({ ...line, quantity: q.value, unit_price_cents: p.cents });
    });
    const suppliers = allowedSuppliers(option);
    (oe?.custom ?? []).forEach((c, index) => {
      if (c.remove || isBlank(c)) return;
      const where = `option ${rank}, free line ${index + 1}`;
      const description = c.description.trim();
      if (description === '') problem(fieldName.custom(rank, index, 'description'), `${where}: enter a description`);
      else if (description.length > MAX_DESCRIPTION) problem(fieldName.custom(rank, index, 'description'), `${where}: description at most ${MAX_DESCRIPTION} characters`);
      if (!suppliers.includes(c.supplierId)) problem(fieldName.custom(rank, index, 'supplier'), `${where}: supplier must be the venue or one already in this option`);
      const q = parseQuantity(c.quantity);
      const p = parseEuros(c.unitPrice, true);
      const v = parseVat(c.vatPct);
      if ('error' in q) problem(fieldName.custom(rank, index, 'quantity'), `${where}: quantity ${q.error}`);
      if ('error' in p) problem(fieldName.custom(rank, index, 'unit_price'), `${where}: unit price ${p.error}`);
      if ('error' in v) problem(fieldName.custom(rank, index, 'vat'), `${where}: ${v.error}`);
      if ('value' in q && 'cents' in p && 'value' in v && q.value > 0) {
        kept.push({ supplier_id: c.supplierId, item: 'custom', space_id: null, description, quantity: q.value, unit_price_cents: p.cents, vat_pct: v.value });
      }
    });
    const { lines, totals } = repriceLines(kept);
    // Judged only on lines that were valid: a typo must not also read as "no line left".
    if (errors.length > problemsBefore) return { ...option, lines, totals };
    if (lines.length === 0) problem(fieldName.option(rank), `option ${rank}: keep at least one line with a quantity above 0`);
    else if (totals.gross_cents < 0) problem(fieldName.option(rank), `option ${rank}: the total must not be negative`);
    return { ...option, lines, totals, reasons: rejudgeBudget(option.reasons, totals.gross_cents, ctx.budgetCents, ctx.language) };
  });

  return errors.length ? { ok: false, errors } : { ok: true, options, note: note === '' ? null : note };
}
