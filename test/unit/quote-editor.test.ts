import fc from 'fast-check';
import { applyQuoteEdit, parseEuros, parseQuantity, parseVat, rejudgeBudget, repriceLines, type QuoteEdit } from '../../src/hub/quote-editor';
import { editFields, initialEdit, readQuoteEdit } from '../../src/hub/quote-editor-form';
import { lineAmounts } from '../../src/pricing/money';
import type { CriterionResult, QuoteLine, QuoteOption } from '../../src/core/quote-types';

function line(overrides: Partial<QuoteLine> = {}): QuoteLine {
  const base = { supplier_id: 'PALAIS', item: 'day_delegate' as const, space_id: null, description: 'Day delegate package', quantity: 840, unit_price_cents: 6500, vat_pct: 20 as const, ...overrides };
  return { ...base, ...lineAmounts(base.quantity, base.unit_price_cents, base.vat_pct) };
}

const reasons: CriterionResult[] = [
  { criterion: 'destinations', met: true, hard: true, detail: 'Marseille' },
  { criterion: 'budget', met: true, hard: false, detail: '€80,000.00 within budget €100,000.00' },
];

function option(rank = 1, lines: QuoteLine[] = [line(), line({ supplier_id: 'TRAITEUR', item: 'dinner', description: 'Dinner', quantity: 280, unit_price_cents: 5500, vat_pct: 10 })]): QuoteOption {
  const { totals } = repriceLines(lines);
  return { rank, score: 1, stale_rates: false, venue: { supplier_id: 'PALAIS', name: 'Palais', city: 'Marseille', space_id: 'AUDI' }, reasons, lines, totals };
}

const ctx = { language: 'en' as const, budgetCents: 10_000_000 };
const edit = (base: QuoteOption[], change: (e: QuoteEdit) => void = () => undefined): QuoteEdit => {
  const e = initialEdit(1, null, base);
  change(e);
  return e;
};
const blankCustom = { supplierId: 'PALAIS', description: '', quantity: '', unitPrice: '', vatPct: '20', remove: false };

describe('parsing what staff typed', () => {
  it.each([
    ['65', 6500], ['65.5', 6550], ['65.05', 6505], ['1 234,56', 123456], ['€12.00', 1200], ['0', 0],
  ])('when the price is "%s", then it is read exactly as %i cents', (raw, cents) => {
    expect(parseEuros(raw, false)).toEqual({ cents });
  });

  it.each([
    ['abc', 'must be an amount in euros, e.g. 65.00'], ['12.345', 'at most two decimals (cents)'], ['', 'enter a price in euros'], ['1e3', 'must be an amount in euros, e.g. 65.00'],
  ])('when the price is "%s", then the error says %s', (raw, error) => {
    expect(parseEuros(raw, false)).toEqual({ error });
  });

  it('when a price is negative, then only a free line (a discount) accepts it', () => {
    expect(parseEuros('-50', true)).toEqual({ cents: -5000 });
    expect(parseEuros('-50', false)).toEqual({ error: expect.stringContaining('must not be negative') });
  });

  it('when any two-decimal amount is typed, then the cents are exact (no float rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (cents) => {
        const raw = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(parseEuros(raw, false)).toEqual({ cents });
      }),
    );
  });

  it.each([
    ['12', { value: 12 }], ['-3', { error: 'must not be negative' }], ['2.5', { error: 'must be a whole number' }], ['x', { error: 'must be a whole number' }], ['', { error: 'enter a quantity' }],
  ])('when the quantity is "%s", then it reads %j', (raw, expected) => {
    expect(parseQuantity(raw)).toEqual(expected);
  });

  it('when the VAT is one of the allowed rates, then it is accepted, otherwise refused', () => {
    expect(parseVat('5,5')).toEqual({ value: 5.5 });
    expect(parseVat('2.1')).toEqual({ value: 2.1 });
    expect(parseVat('7')).toEqual({ error: 'VAT must be one of 0, 2.1, 5.5, 10, 20 %' });
    expect(parseVat('')).toEqual({ error: expect.any(String) });
  });
});

describe('repriceLines', () => {
  it('when lines are re-priced, then each uses the exact money rules and the totals are their sums', () => {
    const { lines, totals } = repriceLines([
      { supplier_id: 'A', item: 'custom', space_id: null, description: 'x', quantity: 3, unit_price_cents: 333, vat_pct: 5.5 },
      { supplier_id: 'A', item: 'custom', space_id: null, description: 'y', quantity: 1, unit_price_cents: 1010, vat_pct: 5.5 },
    ]);
    expect(lines.map((l) => [l.net_cents, l.vat_cents, l.gross_cents])).toEqual([[999, 55, 1054], [1010, 56, 1066]]);
    expect(totals).toEqual({ net_cents: 2009, vat_cents: 111, gross_cents: 2120 });
  });

  it('when any lines are re-priced, then gross = net + VAT per line and in total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.integer({ min: 0, max: 10_000 }), p: fc.integer({ min: -100_000, max: 1_000_000 }), v: fc.constantFrom(0, 2.1, 5.5, 10, 20) as fc.Arbitrary<0 | 2.1 | 5.5 | 10 | 20> }), { maxLength: 12 }),
        (rows) => {
          const { lines, totals } = repriceLines(rows.map((r) => ({ supplier_id: 'A', item: 'custom' as const, space_id: null, description: 'x', quantity: r.q, unit_price_cents: r.p, vat_pct: r.v })));
          for (const l of lines) expect(l.gross_cents).toBe(l.net_cents + l.vat_cents);
          expect(totals.gross_cents).toBe(totals.net_cents + totals.vat_cents);
          expect(totals.net_cents).toBe(lines.reduce((s, l) => s + l.quantity * l.unit_price_cents, 0));
        },
      ),
    );
  });
});

describe('applyQuoteEdit', () => {
  it('when nothing is changed, then the options come back with the same lines and totals', () => {
    const base = [option(1), option(2)];
    const out = applyQuoteEdit(base, edit(base), ctx);
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.options.map((o) => [o.lines, o.totals])).toEqual(base.map((o) => [o.lines, o.totals]));
  });

  it('when a quantity and a price change, then that line and the totals are re-priced', () => {
    const base = [option()];
    const out = applyQuoteEdit(base, edit(base, (e) => { e.options[0]!.lines[0] = { quantity: '800', unitPrice: '60.00', remove: false }; }), ctx);
    expect(out.ok && out.options[0]!.lines[0]).toMatchObject({ quantity: 800, unit_price_cents: 6000, net_cents: 4_800_000, vat_cents: 960_000, gross_cents: 5_760_000 });
    expect(out.ok && out.options[0]!.totals).toEqual({ net_cents: 4_800_000 + 1_540_000, vat_cents: 960_000 + 154_000, gross_cents: 5_760_000 + 1_694_000 });
  });

  it('when a line is removed or set to 0, then it is left out', () => {
    const base = [option()];
    const removed = applyQuoteEdit(base, edit(base, (e) => { e.options[0]!.lines[1]!.remove = true; }), ctx);
    const zeroed = applyQuoteEdit(base, edit(base, (e) => { e.options[0]!.lines[1]!.quantity = '0'; }), ctx);
    for (const out of [removed, zeroed]) expect(out.ok && out.options[0]!.lines.map((l) => l.item)).toEqual(['day_delegate']);
  });

  it('when a free line is added, then it is a custom line of the chosen supplier with its VAT', () => {
    const base = [option()];
    const out = applyQuoteEdit(base, edit(base, (e) => {
      e.options[0]!.custom.push({ supplierId: 'TRAITEUR', description: 'Welcome cocktail', quantity: '280', unitPrice: '12.50', vatPct: '10', remove: false }, blankCustom);
    }), ctx);
    expect(out.ok && out.options[0]!.lines[2]).toEqual({
      supplier_id: 'TRAITEUR', item: 'custom', space_id: null, description: 'Welcome cocktail', quantity: 280, unit_price_cents: 1250, vat_pct: 10, net_cents: 350_000, vat_cents: 35_000, gross_cents: 385_000,
    });
  });

  it('when a free line is a discount, then its negative amounts lower the totals', () => {
    const base = [option()];
    const out = applyQuoteEdit(base, edit(base, (e) => { e.options[0]!.custom.push({ ...blankCustom, description: 'Loyalty discount', quantity: '1', unitPrice: '-1000', vatPct: '20' }); }), ctx);
    expect(out.ok && out.options[0]!.totals.gross_cents).toBe(option().totals.gross_cents - 120_000);
  });

  it('when edits are invalid, then every problem is named by its field and no option is returned', () => {
    const base = [option()];
    const out = applyQuoteEdit(base, edit(base, (e) => {
      e.options[0]!.lines[0]!.quantity = '-5';
      e.options[0]!.lines[1]!.unitPrice = 'cheap';
      e.options[0]!.custom.push({ supplierId: 'ELSEWHERE', description: '', quantity: '1', unitPrice: '10', vatPct: '7', remove: false });
    }), ctx);
    expect(out).toEqual({
      ok: false,
      errors: [
        { field: 'o1_l0_quantity', message: 'option 1, Day delegate package: quantity must not be negative' },
        { field: 'o1_l1_unit_price', message: 'option 1, Dinner: unit price must be an amount in euros, e.g. 65.00' },
        { field: 'o1_c0_description', message: 'option 1, free line 1: enter a description' },
        { field: 'o1_c0_supplier', message: 'option 1, free line 1: supplier must be the venue or one already in this option' },
        { field: 'o1_c0_vat', message: 'option 1, free line 1: VAT must be one of 0, 2.1, 5.5, 10, 20 %' },
      ],
    });
  });

  it('when every line of an option is removed, then the edit is refused', () => {
    const base = [option()];
    const out = applyQuoteEdit(base, edit(base, (e) => e.options[0]!.lines.forEach((l) => (l.remove = true))), ctx);
    expect(out).toEqual({ ok: false, errors: [{ field: 'o1', message: 'option 1: keep at least one line with a quantity above 0' }] });
  });

  it('when the edited total passes the budget, then the budget criterion turns unmet with the new figure', () => {
    const base = [option()];
    const out = applyQuoteEdit(base, edit(base, (e) => { e.options[0]!.lines[0]!.unitPrice = '200'; }), { language: 'en', budgetCents: 10_000_000 });
    const budget = out.ok ? out.options[0]!.reasons.find((r) => r.criterion === 'budget') : null;
    expect(budget).toEqual({ criterion: 'budget', met: false, hard: false, detail: '€218,540.00 over budget €100,000.00' });
  });

  it('when the note is typed, then it is trimmed, and an empty note is none', () => {
    const base = [option()];
    expect(applyQuoteEdit(base, edit(base, (e) => { e.note = '  Lunch on the terrace.  '; }), ctx)).toMatchObject({ ok: true, note: 'Lunch on the terrace.' });
    expect(applyQuoteEdit(base, edit(base, (e) => { e.note = '   '; }), ctx)).toMatchObject({ ok: true, note: null });
  });
});

describe('the editor form', () => {
  it('when the hidden preview fields are posted back, then they read as the same edit', () => {
    const base = [option(1), option(2)];
    const e = edit(base, (x) => {
      x.note = 'Hello';
      x.options[1]!.lines[0]!.remove = true;
      x.options[0]!.custom.push({ supplierId: 'TRAITEUR', description: 'Cocktail', quantity: '2', unitPrice: '3.50', vatPct: '10', remove: false });
    });
    const body = Object.fromEntries(editFields(e).map((f) => [f.name, f.value]));
    expect(readQuoteEdit(body, base)).toEqual(e);
  });

  it('when rejudging French budget text, then it reads like the matcher’s', () => {
    const [r] = rejudgeBudget([reasons[1]!], 12_000_000, 10_000_000, 'fr');
    expect(r!.detail).toBe('120\u202f000,00\u00a0€ au-delà du budget de 100\u202f000,00\u00a0€');
  });
});
