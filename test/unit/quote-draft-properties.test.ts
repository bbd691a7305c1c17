import fc from 'fast-check';
import { CRITERIA, type Brief, type Criterion } from '../../src/core/brief-schema';
import { VENUE_KINDS, VAT_RATES, type Catalogue, type RateItem, type Supplier } from '../../src/core/catalogue-types';
import type { QuoteOption } from '../../src/core/quote-types';
import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { blackout, brief, catalogue, hire, mergeCatalogues, rate, settings, space, supplier, venue } from '../support/catalogue-factory';

const CITIES = ['Marseille', 'MARSEILLE', 'Nice', 'Aix-en-Provence'];
const LABELS = ['Qualité Tourisme', 'Clef Verte'];
const MEETING_ITEMS: RateItem[] = ['day_delegate', 'lunch', 'dinner', 'coffee_break', 'bedroom_single_night', 'bedroom_double_night', 'av_day'];

const pad = (d: number) => String(d).padStart(2, '0');
const price = fc.integer({ min: 100, max: 50_000 });
const vat = fc.constantFrom(...VAT_RATES);
const day = fc.integer({ min: 8, max: 14 }).map((d) => `2027-03-${pad(d)}`);

const venueArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom(...VENUE_KINDS),
      city: fc.constantFrom(...CITIES),
      accessible: fc.boolean(),
      labels: fc.subarray(LABELS),
      bedrooms: fc.integer({ min: 0, max: 40 }),
      capacities: fc.array(fc.integer({ min: 10, max: 150 }), { minLength: 1, maxLength: 3 }),
      hires: fc.array(fc.option(price, { nil: undefined, freq: 6 }), { minLength: 3, maxLength: 3 }),
      items: fc.subarray(MEETING_ITEMS, { minLength: 4 }),
      prices: fc.array(fc.tuple(price, vat), { minLength: MEETING_ITEMS.length, maxLength: MEETING_ITEMS.length }),
      blocked: fc.option(fc.tuple(day, fc.integer({ min: 0, max: 3 }), fc.constantFrom<string | null>(null, 'S0', 'S1')), { nil: undefined }),
    })
    .map((v) => {
      const id = `V${i}`;
      const parts: Catalogue = catalogue({
        suppliers: [venue(id, { kind: v.kind, city: v.city, accessible: v.accessible, qualityLabels: v.labels, bedrooms: v.bedrooms })],
        spaces: v.capacities.map((c, s) => space(id, `S${s}`, { theatre: c })),
        rates: [
          ...v.capacities.flatMap((_, s) => (v.hires[s] === undefined ? [] : [hire(id, `S${s}`, v.hires[s]!)])),
          ...v.items.map((item) => {
            const [cents, pct] = v.prices[MEETING_ITEMS.indexOf(item)]!;
            return rate(id, item, cents, { vatPct: pct });
          }),
        ],
      });
      if (v.blocked) {
        const [from, len, spaceId] = v.blocked;
        const to = `2027-03-${pad(Number(from.slice(8)) + len)}`;
        parts.blackouts.push(blackout(id, from, to, spaceId));
      }
      return parts;
    });

const serviceArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom<Supplier['kind']>('caterer', 'hotel', 'av'),
      city: fc.constantFrom(...CITIES),
      associatedWith: fc.subarray(['V0', 'V1', 'V2', 'V3']),
      bedrooms: fc.integer({ min: 0, max: 80 }),
      items: fc.subarray(MEETING_ITEMS.filter((it) => it !== 'day_delegate')),
      cents: price,
      pct: vat,
      active: fc.boolean(),
    })
    .map((s) => {
      const id = `S${i}`;
      return catalogue({
        suppliers: [supplier(id, { kind: s.kind, city: s.city, associatedWith: s.associatedWith, bedrooms: s.bedrooms, active: s.active })],
        rates: s.items.map((item) => rate(id, item, s.cents, { vatPct: s.pct })),
      });
    });

const catalogueArb = fc
  .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 6 }))
  .chain(([nv, ns]) => fc.tuple(fc.tuple(...Array.from({ length: nv }, (_, i) => venueArb(i))), fc.tuple(...Array.from({ length: ns }, (_, i) => serviceArb(i)))))
  .map(([vs, ss]) => mergeCatalogues([...vs, ...ss]));

// Rooms and AV are often unsuppliable in a small random catalogue: ask for them less often.
const rooms = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: 15 }), weight: 1 });

const briefArb: fc.Arbitrary<Brief> = fc
  .record({
    start: fc.integer({ min: 9, max: 12 }),
    length: fc.integer({ min: 0, max: 2 }),
    attendees: fc.integer({ min: 5, max: 100 }),
    destinations: fc.subarray(['marseille', 'Nice', 'Aix en Provence']),
    venueTypes: fc.subarray([...VENUE_KINDS]),
    single: rooms,
    double: rooms,
    lunches: fc.boolean(),
    breaks: fc.integer({ min: 0, max: 4 }),
    dinners: fc.integer({ min: 0, max: 2 }),
    av: fc.boolean(),
    budget: fc.option(fc.integer({ min: 1_000, max: 60_000 }), { nil: undefined }),
    accessible: fc.boolean(),
    label: fc.option(fc.constantFrom('qualite tourisme', 'Clef Verte'), { nil: undefined }),
    hard: fc.subarray([...CRITERIA], { maxLength: 3 }),
  })
  .map((r) =>
    brief({
      event: { start_date: `2027-03-${pad(r.start)}`, end_date: `2027-03-${pad(r.start + r.length)}`, attendees: r.attendees },
      destinations: r.destinations,
      venue_types: r.venueTypes,
      accommodation: { single_rooms: r.single, double_rooms: r.double },
      catering: { lunches: r.lunches, coffee_breaks_per_day: r.breaks, dinners: r.dinners },
      av: r.av,
      ...(r.budget === undefined ? {} : { budget_eur: r.budget }),
      requirements: { accessible: r.accessible, ...(r.label ? { quality_label: r.label } : {}) },
      non_negotiable: r.hard,
    }),
  );

const softMet = (o: QuoteOption): Set<Criterion> => new Set(o.reasons.filter((r) => !r.hard && r.met).map((r) => r.criterion));
const isSuperset = (a: Set<Criterion>, b: Set<Criterion>) => [...b].every((c) => a.has(c));
const RUNS = { numRuns: 300 };

describe('buildQuoteDraft — properties over random catalogues', () => {
  it('when A meets every soft criterion B meets and costs no more, then A never ranks below B', () => {
    fc.assert(
      fc.property(catalogueArb, briefArb, (cat, b) => {
        const all = buildQuoteDraft(b, cat, settings({ quoteOptions: 1000 })).options;
        for (const a of all) {
          for (const other of all) {
            if (a === other || !isSuperset(softMet(a), softMet(other)) || a.totals.gross_cents > other.totals.gross_cents) continue;
            const mutual = isSuperset(softMet(other), softMet(a)) && a.totals.gross_cents === other.totals.gross_cents;
            if (!mutual) expect(a.rank).toBeLessThan(other.rank);
          }
        }
        // The quote holds the best QUOTE_OPTIONS of that same order.
        const top = buildQuoteDraft(b, cat, settings({ quoteOptions: 3 })).options;
        expect(top).toEqual(all.slice(0, 3));
      }),
      RUNS,
    );
  });

  it('when options exist, then each is feasible, explains all seven criteria, and its money adds up', () => {
    fc.assert(
      fc.property(catalogueArb, briefArb, (cat, b) => {
        const draft = buildQuoteDraft(b, cat, settings({ quoteOptions: 1000 }));
        expect(new Set(draft.options.map((o) => o.venue.supplier_id)).size).toBe(draft.options.length);
        for (const option of draft.options) {
          expect(option.reasons.map((r) => r.criterion)).toEqual([...CRITERIA]);
          expect(option.reasons.filter((r) => r.hard && !r.met)).toEqual([]);
          expect(option.reasons.every((r) => r.hard === b.non_negotiable.includes(r.criterion))).toBe(true);
          expect(option.score).toBeGreaterThanOrEqual(0);
          expect(option.score).toBeLessThanOrEqual(1);
          let net = 0;
          let vatSum = 0;
          for (const line of option.lines) {
            expect(line.quantity).toBeGreaterThan(0);
            expect(line.net_cents).toBe(line.quantity * line.unit_price_cents);
            expect(line.gross_cents).toBe(line.net_cents + line.vat_cents);
            expect(Math.abs(line.vat_cents * 1000 - line.net_cents * Math.round(line.vat_pct * 10))).toBeLessThanOrEqual(500);
            net += line.net_cents;
            vatSum += line.vat_cents;
          }
          expect(option.totals).toEqual({ net_cents: net, vat_cents: vatSum, gross_cents: net + vatSum });
          const rooms = option.lines.filter((l) => l.item.startsWith('bedroom')).map((l) => l.supplier_id);
          expect(new Set(rooms).size).toBeLessThanOrEqual(1);
        }
        expect(draft.review_reasons.length === 0).toBe(draft.options.length > 0);
      }),
      RUNS,
    );
  });

  it('when a relaxation is suggested, then making that criterion soft gives exactly those options, and no other single one gives more', () => {
    fc.assert(
      fc.property(catalogueArb, briefArb, (cat, b) => {
        const q = 3;
        const draft = buildQuoteDraft(b, cat, settings({ quoteOptions: q }));
        const reason = draft.review_reasons[0];
        if (!reason || reason.code !== 'no_feasible_venue') return;
        const relax = reason.data!.relax as { criterion: Criterion; options: number } | undefined;
        const gains = b.non_negotiable.map((c) => {
          const relaxed: Brief = { ...b, non_negotiable: b.non_negotiable.filter((x) => x !== c) };
          return { c, n: buildQuoteDraft(relaxed, cat, settings({ quoteOptions: q })).options.length };
        });
        if (!relax) {
          expect(gains.every((g) => g.n === 0)).toBe(true);
        } else {
          expect(gains.find((g) => g.c === relax.criterion)!.n).toBe(relax.options);
          expect(Math.max(...gains.map((g) => g.n))).toBe(relax.options);
        }
      }),
      RUNS,
    );
  });
});
