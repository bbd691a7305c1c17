import fc from 'fast-check';
import { eurosToCents, formatEuros, lineAmounts, sumTotals, vatCents } from '../../src/pricing/money';
import { VAT_RATES } from '../../src/core/catalogue-types';

describe('vatCents', () => {
  it.each([
    // [net, vat_pct, exact VAT in cents, expected]
    [10, 5.5, '0.55', 1],
    [9, 5.5, '0.495', 0],
    [100, 5.5, '5.5', 6],
    [300, 5.5, '16.5', 17],
    [1010, 5.5, '55.55', 56],
    [23, 2.1, '0.483', 0],
    [24, 2.1, '0.504', 1],
    [500, 2.1, '10.5', 11],
    [1500, 2.1, '31.5', 32],
    [5, 10, '0.5', 1],
    [4, 10, '0.4', 0],
    [1234567, 20, '246913.4', 246913],
    [1234568, 20, '246913.6', 246914],
    [999999, 0, '0', 0],
  ])('when net is %i cents at %s %%, then VAT %s rounds half up to %i', (net, pct, _exact, expected) => {
    expect(vatCents(net, pct)).toBe(expected);
  });

  it('when the net is huge, then the integer division stays exact', () => {
    // 5000 people × 14 days × €9,999.99 would lose cents in a float quotient near 2^53.
    expect(vatCents(69_999_930_000, 5.5)).toBe(3_849_996_150);
    expect(vatCents(70_000_000_100, 2.1)).toBe(1_470_000_002);
  });

  it('when a staff line is a discount, then its VAT mirrors the charge', () => {
    expect(vatCents(-100, 5.5)).toBe(-6);
    expect(vatCents(-10, 5.5)).toBe(-1);
  });
});

describe('line amounts and totals', () => {
  it('when a line is priced, then net is quantity × unit and gross is net + VAT', () => {
    expect(lineAmounts(840, 6500, 20)).toEqual({ net_cents: 5_460_000, vat_cents: 1_092_000, gross_cents: 6_552_000 });
  });

  it('when budgets have cents, then they convert exactly', () => {
    expect(eurosToCents(150000)).toBe(15_000_000);
    expect(eurosToCents(1234.56)).toBe(123_456);
    expect(eurosToCents(0.29)).toBe(29);
    expect(eurosToCents(1.1)).toBe(110);
  });

  it('when euros are formatted for a detail, then thousands are separated', () => {
    expect(formatEuros(1_234_500)).toBe('€12,345.00');
    expect(formatEuros(5)).toBe('€0.05');
    expect(formatEuros(100_000_000_00)).toBe('€100,000,000.00');
  });

  const vat = fc.constantFrom(...VAT_RATES);
  const lineArb = fc.record({ quantity: fc.integer({ min: 0, max: 70_000 }), unit: fc.integer({ min: 0, max: 1_000_000 }), vat });

  it('when any line is priced, then gross = net + VAT and VAT is within half a cent of exact', () => {
    fc.assert(
      fc.property(lineArb, ({ quantity, unit, vat: pct }) => {
        const line = lineAmounts(quantity, unit, pct);
        expect(line.net_cents).toBe(quantity * unit);
        expect(line.gross_cents).toBe(line.net_cents + line.vat_cents);
        expect(Number.isInteger(line.vat_cents)).toBe(true);
        // Exact VAT × 1000 = net × pct × 10, compared in integers: |1000·vat − net·pct·10| ≤ 500.
        const diff = Math.abs(line.vat_cents * 1000 - line.net_cents * Math.round(pct * 10));
        expect(diff).toBeLessThanOrEqual(500);
        // Half up: an exact half always goes up.
        if (diff === 500) expect(line.vat_cents * 1000).toBeGreaterThan(line.net_cents * Math.round(pct * 10));
      }),
      { numRuns: 500 },
    );
  });

  it('when lines are summed, then each total is the sum of its column', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), (specs) => {
        const lines = specs.map((s) => lineAmounts(s.quantity, s.unit, s.vat));
        const totals = sumTotals(lines);
        expect(totals.net_cents).toBe(lines.reduce((a, l) => a + l.net_cents, 0));
        expect(totals.vat_cents).toBe(lines.reduce((a, l) => a + l.vat_cents, 0));
        expect(totals.gross_cents).toBe(totals.net_cents + totals.vat_cents);
      }),
      { numRuns: 300 },
    );
  });
});
