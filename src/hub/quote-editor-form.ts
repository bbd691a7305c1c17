import { VAT_RATES } from '../core/catalogue-types';
import type { FieldProblem } from '../platform/errors';
import type { QuoteOption } from '../core/quote-types';
import { allowedSuppliers, fieldName, type CustomLineInput, type OptionEdit, type QuoteEdit, type ShapeInput } from './quote-editor';
import type { OptionShape } from './option-shape';
import type { Layout, Space } from '../core/catalogue-types';
import type { BreakoutNeed } from '../matching/breakout-spaces';

/** The editor form <-> QuoteEdit: flat field names (o<rank>_l<index>_quantity …) as browsers post them. */

/** More free lines than this on one option is a mistake, not a quote. */
export const MAX_CUSTOM_LINES = 30;

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

const centsToInput = (cents: number): string => {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** What the form holds when the editor opens on a version: every line as it is, no free line yet. */
export function initialEdit(version: number, note: string | null, options: readonly QuoteOption[]): QuoteEdit {
  return {
    baseVersion: version,
    note: note ?? '',
    options: options.map((o) => ({
      rank: o.rank,
      lines: o.lines.map((l) => ({ quantity: String(l.quantity), unitPrice: centsToInput(l.unit_price_cents), remove: false })),
      custom: [],
    })),
  };
}

/** Hand-built options one edit may hold besides the base version's. */
export const MAX_ADDED_OPTIONS = 5;
const MAX_BREAKOUT_FIELDS = 20;
/** No option has this many lines: a bigger index is not a line input. */
const MAX_LINES = 200;

function readShape(field: (name: string) => string, has: (name: string) => boolean, rank: number): ShapeInput {
  const breakoutIndexes: number[] = [];
  for (let i = 0; i < MAX_BREAKOUT_FIELDS; i++) if (has(fieldName.breakout(rank, i))) breakoutIndexes.push(i);
  const count = breakoutIndexes.length ? Math.max(...breakoutIndexes) + 1 : 0;
  return {
    supplierId: has(fieldName.venue(rank)) ? field(fieldName.venue(rank)) : null,
    spaceId: has(fieldName.space(rank)) ? field(fieldName.space(rank)) : null,
    dates: has(fieldName.dates(rank)) ? field(fieldName.dates(rank)) : null,
    breakoutSpaceIds: count ? Array.from({ length: count }, (_, i) => field(fieldName.breakout(rank, i))) : null,
  };
}

/** `defaultLines`: how many line inputs to read when the form posted none (a base option's count). */
function readOption(body: Record<string, unknown>, rank: number, defaultLines: number): OptionEdit {
  const field = (name: string) => str(body[name]);
  const has = (name: string) => body[name] !== undefined;
  const customIndexes = new Set<number>();
  const lineIndexes: number[] = [];
  for (const key of Object.keys(body)) {
    const m = new RegExp(`^o${rank}_c(\\d{1,3})_`).exec(key);
    if (m && Number(m[1]) < MAX_CUSTOM_LINES) customIndexes.add(Number(m[1]));
    const l = new RegExp(`^o${rank}_l(\\d{1,3})_quantity$`).exec(key);
    if (l) lineIndexes.push(Number(l[1]));
  }
  const custom: CustomLineInput[] = [...customIndexes]
    .sort((a, b) => a - b)
    .map((i) => ({
      supplierId: field(fieldName.custom(rank, i, 'supplier')),
      description: field(fieldName.custom(rank, i, 'description')),
      quantity: field(fieldName.custom(rank, i, 'quantity')),
      unitPrice: field(fieldName.custom(rank, i, 'unit_price')),
      vatPct: field(fieldName.custom(rank, i, 'vat')),
      remove: field(fieldName.custom(rank, i, 'remove')) !== '',
    }));
  const shape = readShape(field, has, rank);
  // As many line inputs as the form posted: a re-priced or hand-built option may have more lines than the base.
  const lines = lineIndexes.length ? Math.min(MAX_LINES, Math.max(...lineIndexes) + 1) : defaultLines;
  return {
    rank,
    lines: Array.from({ length: lines }, (_l, i) => ({
      quantity: field(fieldName.line(rank, i, 'quantity')),
      unitPrice: field(fieldName.line(rank, i, 'unit_price')),
      remove: field(fieldName.line(rank, i, 'remove')) !== '',
    })),
    custom,
    // Only what was posted: a form without shapes reads as before they existed.
    ...(Object.values(shape).some((v) => v !== null) ? { shape } : {}),
    ...(has(fieldName.linesFor(rank)) ? { linesFor: field(fieldName.linesFor(rank)) } : {}),
    ...(field(fieldName.drop(rank)) !== '' ? { drop: true } : {}),
  };
}

export function readQuoteEdit(body: Record<string, unknown>, base: readonly QuoteOption[]): QuoteEdit {
  const field = (name: string) => str(body[name]);
  const options = base.map((o) => readOption(body, o.rank, o.lines.length));
  for (let rank = base.length + 1; rank <= base.length + MAX_ADDED_OPTIONS; rank++) {
    if (body[fieldName.venue(rank)] === undefined) break;
    options.push(readOption(body, rank, 0));
  }
  return { baseVersion: Number.parseInt(field('base_version'), 10) || 0, note: field('note'), options };
}

/** An option built by hand from the catalogue, as the builder first proposes it (priced on the next step). */
export function addedOption(rank: number, shape: OptionShape): OptionEdit {
  return { rank, lines: [], custom: [], shape: { ...shape }, linesFor: '' };
}

/** What the editor needs to offer each option's date sets and spaces (from the brief and the catalogue). */
export interface ShapeSupport {
  /** The brief's date sets, main first: value "start/end" and a label. */
  sets: { value: string; label: string }[];
  breakouts: BreakoutNeed | null;
  layout: Layout;
  attendees: number;
  /** Each option's venue's spaces. */
  spaces: ReadonlyMap<string, readonly Space[]>;
  /** How many options the base version has: those above are built by hand in this edit. */
  baseCount: number;
}

const seatsText = (space: Space, layout: Layout) => `${space.capacities[layout] ?? 0} in ${layout.replace(/_/g, ' ')}`;

/** The option's date set, breakout rooms and, for an option built by hand, its plenary room: selects with what was chosen. */
function shapeView(option: QuoteOption, oe: OptionEdit, support: ShapeSupport, errorOf: (name: string) => string | null) {
  const rank = option.rank;
  const chosen = oe.shape;
  const spaces = support.spaces.get(option.venue.supplier_id) ?? [];
  const datesValue = chosen?.dates ?? (option.dates ? `${option.dates.start_date}/${option.dates.end_date}` : (support.sets[0]?.value ?? ''));
  const breakoutIds = chosen?.breakoutSpaceIds ?? option.venue.breakout_space_ids ?? [];
  const added = rank > support.baseCount;
  const spaceId = chosen?.spaceId ?? option.venue.space_id;
  return {
    added,
    venueName: fieldName.venue(rank),
    venueValue: option.venue.supplier_id,
    linesForName: fieldName.linesFor(rank),
    linesForValue: oe.linesFor ?? '',
    dropName: fieldName.drop(rank),
    dates: {
      name: fieldName.dates(rank),
      choose: support.sets.length > 1 || added,
      label: support.sets.find((s) => s.value === datesValue)?.label ?? datesValue,
      options: support.sets.map((s) => ({ ...s, selected: s.value === datesValue })),
      error: errorOf(fieldName.dates(rank)),
    },
    plenary: added
      ? {
          name: fieldName.space(rank),
          options: spaces.map((s) => ({ value: s.spaceId, label: `${s.name} (${seatsText(s, support.layout)})`, selected: s.spaceId === spaceId })),
          needs: `${support.attendees} in ${support.layout.replace(/_/g, ' ')}`,
          error: errorOf(fieldName.space(rank)),
        }
      : null,
    breakouts: support.breakouts
      ? Array.from({ length: support.breakouts.rooms }, (_, i) => ({
          name: fieldName.breakout(rank, i),
          number: i + 1,
          options: spaces.map((s) => ({ value: s.spaceId, label: `${s.name} (${seatsText(s, support.breakouts!.layout)})`, selected: s.spaceId === breakoutIds[i] })),
          error: errorOf(fieldName.breakout(rank, i)),
        }))
      : [],
    changeable: added || support.sets.length > 1 || support.breakouts !== null,
    breakoutNeed: support.breakouts ? `${support.breakouts.rooms} room(s) of ${support.breakouts.attendees} in ${support.breakouts.layout.replace(/_/g, ' ')}` : null,
  };
}

/**
 * The editor's view model: each option with its lines, what was typed, the error beside each field,
 * and the re-priced figures when the edit is valid. Free lines removed or left blank drop out, and one
 * empty row is always offered to add another.
 */
export function editorView(
  base: readonly QuoteOption[],
  edit: QuoteEdit,
  errors: readonly FieldProblem[],
  repriced: readonly QuoteOption[] | null,
  supplierNames: ReadonlyMap<string, string>,
  support: ShapeSupport | null = null,
) {
  const errorOf = (name: string) => errors.find((e) => e.field === name)?.message ?? null;
  return base.map((option) => {
    const oe = edit.options.find((o) => o.rank === option.rank)!;
    const shape = support ? shapeView(option, oe, support, errorOf) : null;
    const after = repriced?.find((o) => o.rank === option.rank) ?? null;
    const suppliers = allowedSuppliers(option).map((id) => ({ id, name: supplierNames.get(id) ?? id }));
    const kept = oe.custom.filter((c) => !c.remove && [c.description, c.quantity, c.unitPrice].some((v) => v.trim() !== ''));
    const customRows = [...kept, { supplierId: option.venue.supplier_id, description: '', quantity: '', unitPrice: '', vatPct: '20', remove: false }]
      .slice(0, MAX_CUSTOM_LINES)
      .map((c, i) => {
        const name = (part: Parameters<typeof fieldName.custom>[2]) => fieldName.custom(option.rank, i, part);
        return {
          ...c,
          isNew: i === kept.length,
          number: i + 1,
          names: { supplier: name('supplier'), description: name('description'), quantity: name('quantity'), unitPrice: name('unit_price'), vat: name('vat'), remove: name('remove') },
          errors: [name('supplier'), name('description'), name('quantity'), name('unit_price'), name('vat')].map(errorOf).filter((e): e is string => e !== null),
          suppliers: suppliers.map((s) => ({ ...s, selected: s.id === c.supplierId })),
          vats: VAT_RATES.map((v) => ({ value: String(v), selected: String(v) === c.vatPct.trim().replace(',', '.') })),
        };
      });
    return {
      rank: option.rank,
      venue: option.venue,
      shape,
      optionError: errorOf(fieldName.option(option.rank)),
      lines: option.lines.map((line, i) => {
        const le = oe.lines[i]!;
        const names = { quantity: fieldName.line(option.rank, i, 'quantity'), unitPrice: fieldName.line(option.rank, i, 'unit_price'), remove: fieldName.line(option.rank, i, 'remove') };
        return {
          ...line,
          supplierName: supplierNames.get(line.supplier_id) ?? line.supplier_id,
          quantityValue: le.quantity,
          unitPriceValue: le.unitPrice,
          remove: le.remove,
          names,
          quantityError: errorOf(names.quantity),
          unitPriceError: errorOf(names.unitPrice),
        };
      }),
      customRows,
      before: option.totals,
      after: after ? { lines: after.lines, totals: after.totals, changed: after.totals.gross_cents !== option.totals.gross_cents } : null,
    };
  });
}

/** The edit as hidden form fields, so a second form (the HTML preview) can post exactly what was previewed. */
export function editFields(edit: QuoteEdit): { name: string; value: string }[] {
  const fields = [
    { name: 'base_version', value: String(edit.baseVersion) },
    { name: fieldName.note, value: edit.note },
  ];
  for (const o of edit.options) {
    if (o.shape?.supplierId) fields.push({ name: fieldName.venue(o.rank), value: o.shape.supplierId });
    if (o.shape?.spaceId) fields.push({ name: fieldName.space(o.rank), value: o.shape.spaceId });
    if (o.shape?.dates) fields.push({ name: fieldName.dates(o.rank), value: o.shape.dates });
    (o.shape?.breakoutSpaceIds ?? []).forEach((id, i) => fields.push({ name: fieldName.breakout(o.rank, i), value: id }));
    if (o.linesFor) fields.push({ name: fieldName.linesFor(o.rank), value: o.linesFor });
    o.lines.forEach((l, i) => {
      fields.push({ name: fieldName.line(o.rank, i, 'quantity'), value: l.quantity }, { name: fieldName.line(o.rank, i, 'unit_price'), value: l.unitPrice });
      if (l.remove) fields.push({ name: fieldName.line(o.rank, i, 'remove'), value: '1' });
    });
    o.custom
      .filter((c) => !c.remove)
      .forEach((c, i) => {
        fields.push(
          { name: fieldName.custom(o.rank, i, 'supplier'), value: c.supplierId },
          { name: fieldName.custom(o.rank, i, 'description'), value: c.description },
          { name: fieldName.custom(o.rank, i, 'quantity'), value: c.quantity },
          { name: fieldName.custom(o.rank, i, 'unit_price'), value: c.unitPrice },
          { name: fieldName.custom(o.rank, i, 'vat'), value: c.vatPct },
        );
      });
  }
  return fields;
}
