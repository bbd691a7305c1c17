import type { Brief } from '../core/brief-schema';
import type { FieldProblem } from '../platform/errors';
import type { QuoteOption } from '../core/quote-types';
import type { PreparedCatalogue } from '../matching/match-venues';
import { fieldName, type LineEdit, type OptionEdit, type QuoteEdit } from './quote-editor';
import { priceShape, shapeKey, shapeOf, type OptionShape, type ShapeSettings } from './option-shape';

/**
 * Before lines are edited: each option's shape (venue, plenary, date set, breakouts) as staff chose it.
 * An option whose shape is the base version's keeps its lines; one whose date set or breakouts changed,
 * or one built by hand, is priced afresh with the usual rules (priceShape) and its lines become the new
 * base of the line edits. Line inputs filled from another shape than the option now has are dropped
 * (they described other lines); free lines are kept. Pure.
 */
export interface ShapeContext {
  brief: Brief;
  prepared: PreparedCatalogue;
  settings: ShapeSettings;
}

export interface ResolvedShapes {
  /** The options line edits apply to, by rank: base options, re-priced ones and those built by hand. */
  basis: QuoteOption[];
  /** The edit with ranks renumbered (dropped hand-built options out) and stale line inputs reset. */
  edit: QuoteEdit;
  errors: FieldProblem[];
}

const centsToInput = (cents: number): string => {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** The line inputs of an option as it is: what the editor shows before anything is typed. */
export function linesOf(option: QuoteOption): LineEdit[] {
  return option.lines.map((l) => ({ quantity: String(l.quantity), unitPrice: centsToInput(l.unit_price_cents), remove: false }));
}

const fieldsOf = (rank: number) => ({
  option: fieldName.option(rank),
  space: fieldName.space(rank),
  dates: fieldName.dates(rank),
  breakout: (i: number) => fieldName.breakout(rank, i),
});

/** An option that could not be priced, for the page only: its venue's name and no line. */
function unpriced(rank: number, shape: OptionShape, ctx: ShapeContext): QuoteOption {
  const v = ctx.prepared.venues.find((p) => p.venue.supplierId === shape.supplierId)?.venue;
  return {
    rank,
    score: 0,
    stale_rates: false,
    venue: { supplier_id: shape.supplierId, name: v?.name ?? shape.supplierId, city: v?.city ?? '', space_id: shape.spaceId, breakout_space_ids: shape.breakoutSpaceIds },
    reasons: [],
    lines: [],
    totals: { net_cents: 0, vat_cents: 0, gross_cents: 0 },
  };
}

export function resolveShapes(base: readonly QuoteOption[], edit: QuoteEdit, ctx: ShapeContext): ResolvedShapes {
  const basis: QuoteOption[] = [];
  const options: OptionEdit[] = [];
  const errors: FieldProblem[] = [];

  const settle = (oe: OptionEdit, rank: number, shape: OptionShape, fallback: QuoteOption | null) => {
    const key = shapeKey(shape);
    let option: QuoteOption;
    if (fallback && key === shapeKey(shapeOf(fallback, ctx.brief))) option = fallback;
    else {
      const priced = priceShape(ctx.brief, ctx.prepared, shape, rank, fieldsOf(rank), ctx.settings);
      if (priced.ok) option = priced.option;
      else {
        errors.push(...priced.errors);
        option = fallback ?? unpriced(rank, shape, ctx);
      }
    }
    const optionKey = option.lines.length === 0 && !fallback ? key : shapeKey(shapeOf(option, ctx.brief));
    // Absent (a form from before shapes existed): the inputs describe the base option.
    const linesFor = oe.linesFor === undefined || oe.linesFor === '' ? (fallback ? shapeKey(shapeOf(fallback, ctx.brief)) : null) : oe.linesFor;
    const lines = linesFor === optionKey && oe.lines.length === option.lines.length ? oe.lines : linesOf(option);
    basis.push(option);
    options.push({ ...oe, rank, lines, linesFor: optionKey, shape: { supplierId: shape.supplierId, spaceId: shape.spaceId, dates: shape.dates, breakoutSpaceIds: shape.breakoutSpaceIds } });
  };

  for (const option of base) {
    const oe = edit.options.find((o) => o.rank === option.rank) ?? { rank: option.rank, lines: linesOf(option), custom: [] };
    const was = shapeOf(option, ctx.brief);
    // The venue and plenary of a drafted option stay: another venue is another option.
    const shape: OptionShape = {
      supplierId: was.supplierId,
      spaceId: was.spaceId,
      dates: oe.shape?.dates ?? was.dates,
      breakoutSpaceIds: oe.shape?.breakoutSpaceIds ?? was.breakoutSpaceIds,
    };
    settle(oe, option.rank, shape, option);
  }
  let rank = base.length;
  for (const oe of edit.options.filter((o) => !base.some((b) => b.rank === o.rank)).sort((a, b) => a.rank - b.rank)) {
    if (oe.drop || !oe.shape?.supplierId) continue;
    rank++;
    const shape: OptionShape = {
      supplierId: oe.shape.supplierId,
      spaceId: oe.shape.spaceId ?? '',
      dates: oe.shape.dates ?? '',
      breakoutSpaceIds: oe.shape.breakoutSpaceIds ?? [],
    };
    // Errors name the option by its new rank: renumber the posted fields' problems too.
    settle(oe, rank, shape, null);
  }
  return { basis, edit: { ...edit, options }, errors };
}
