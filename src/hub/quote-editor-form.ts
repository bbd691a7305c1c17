import { VAT_RATES } from '../core/catalogue-types';
import type { FieldProblem } from '../platform/errors';
import type { QuoteOption } from '../core/quote-types';
import { allowedSuppliers, fieldName, type CustomLineInput, type QuoteEdit } from './quote-editor';

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

export function readQuoteEdit(body: Record<string, unknown>, base: readonly QuoteOption[]): QuoteEdit {
  const field = (name: string) => str(body[name]);
  return {
    baseVersion: Number.parseInt(field('base_version'), 10) || 0,
    note: field('note'),
    options: base.map((o) => {
      const customIndexes = new Set<number>();
      for (const key of Object.keys(body)) {
        const m = new RegExp(`^o${o.rank}_c(\\d{1,3})_`).exec(key);
        if (m && Number(m[1]) < MAX_CUSTOM_LINES) customIndexes.add(Number(m[1]));
      }
      const custom: CustomLineInput[] = [...customIndexes]
        .sort((a, b) => a - b)
        .map((i) => ({
          supplierId: field(fieldName.custom(o.rank, i, 'supplier')),
          description: field(fieldName.custom(o.rank, i, 'description')),
          quantity: field(fieldName.custom(o.rank, i, 'quantity')),
          unitPrice: field(fieldName.custom(o.rank, i, 'unit_price')),
          vatPct: field(fieldName.custom(o.rank, i, 'vat')),
          remove: field(fieldName.custom(o.rank, i, 'remove')) !== '',
        }));
      return {
        rank: o.rank,
        lines: o.lines.map((_l, i) => ({
          quantity: field(fieldName.line(o.rank, i, 'quantity')),
          unitPrice: field(fieldName.line(o.rank, i, 'unit_price')),
          remove: field(fieldName.line(o.rank, i, 'remove')) !== '',
        })),
        custom,
      };
    }),
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
) {
  const errorOf = (name: string) => errors.find((e) => e.field === name)?.message ?? null;
  return base.map((option) => {
    const oe = edit.options.find((o) => o.rank === option.rank)!;
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
