import fc from 'fast-check';
import { RATE_ITEMS, type RateItem } from '../../src/core/catalogue-types';
import { dateRanks } from '../../src/pricing/date-ranks';
import { effectiveRate, itemCode, rateColumns } from '../../src/pricing/rate-columns';
import { findRate, indexRates } from '../../src/pricing/rate-lookup';
import { rate } from '../support/catalogue-factory';

// Dates the pure core compares as strings, a few malformed ones included: ranks must order them alike.
const date = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 28 }).map((d) => `2027-03-${String(d).padStart(2, '0')}`), weight: 8 },
  { arbitrary: fc.constantFrom('2027-3-5', '2027-03-1', '', '2027-03-10T00:00', 'zzz'), weight: 1 },
);
const items = RATE_ITEMS.filter((item) => item !== 'space_hire_day');
const rateArb = (supplierId: string) =>
  fc
    .record({ item: fc.constantFrom(...items), price: fc.integer({ min: 1, max: 9_999 }), from: date, to: fc.option(date, { nil: null }) })
    .map((r) => rate(supplierId, r.item, r.price, { validFrom: r.from, validTo: r.to }));
const suppliersArb = fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 5 }).chain((counts) =>
  fc.tuple(...counts.map((n, i) => fc.array(rateArb(`S${i}`), { minLength: n, maxLength: n }))),
);

describe('rate columns', () => {
  it('when dates are ranked, then comparing ranks is comparing the strings', () => {
    fc.assert(
      fc.property(fc.uniqueArray(date, { maxLength: 8 }), date, date, (known, a, b) => {
        const ranks = dateRanks(new Set(known));
        const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
        // A query date against every catalogue date (the only comparisons made).
        for (const k of known) expect(Math.sign(ranks.rank(a) - ranks.rank(k))).toBe(cmp(a, k));
        if (known.includes(a) && known.includes(b)) expect(Math.sign(ranks.rank(a) - ranks.rank(b))).toBe(cmp(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('when a supplier’s rate is looked up in the columns, then it is the one findRate picks', () => {
    fc.assert(
      fc.property(suppliersArb, date, fc.constantFrom<RateItem>(...items), fc.boolean(), (lists, day, item, filtered) => {
        const keep: RateItem[] | undefined = filtered ? ['lunch', 'dinner', item] : undefined;
        const columns = rateColumns(lists, keep);
        const index = indexRates(lists.flat());
        lists.forEach((_, i) => {
          const entry = effectiveRate(columns, i, itemCode(item), columns.dates.rank(day));
          const expected = keep && !keep.includes(item) ? null : findRate(index, `S${i}`, item, day);
          if (expected === null) expect(entry).toBe(-1);
          else expect(columns.price[entry]).toBe(expected.priceCents);
          if (expected !== null) {
            // The very rate: same price and validity, and the first listed among equals.
            const kept = lists[i]!.filter((r) => !keep || keep.includes(r.item));
            expect(kept[entry - columns.start[i]!]).toBe(expected);
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
