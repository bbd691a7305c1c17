import fc from 'fast-check';
import { CRITERIA, type Brief } from '../../src/core/brief-schema';
import { LAYOUTS, VENUE_KINDS, type Catalogue, type Layout, type RateItem, type Supplier } from '../../src/core/catalogue-types';
import { buildQuoteDraft, ELIMINATED_LISTED } from '../../src/matching/build-quote-draft';
import { CANDIDATE_STRIDE, candidatesBySoftBound } from '../../src/matching/candidates';
import { BUDGET_BIT, bitCount } from '../../src/matching/criteria-context';
import { beginMatching, failures, hardFailuresBeforePricing, isFeasible, matchAt, prepareCatalogue, price, type Matching, type VenueMatch } from '../../src/matching/match-venues';
import { compareRankKeys, type RankKey } from '../../src/matching/rank-options';
import { briefComponents, briefQuantities, SERVICE_ITEMS } from '../../src/pricing/requested-lines';
import { blackout, brief, catalogue, hire, mergeCatalogues, rate, settings, space, supplier, venue } from '../support/catalogue-factory';

/**
 * The prepared catalogue's venue table and city index, and the search that prices only the venues able
 * to rank, against a plain scan of every venue with the per-venue checks (matchAt, price, failures).
 */

const CITIES = ['Marseille', 'MARSEILLE', 'Nice', 'Aix-en-Provence', 'Aix en Provence', 'Toulon'];
const LABELS = ['Qualité Tourisme', 'qualite tourisme', 'Clef Verte', 'Green Key'];
const ITEMS: RateItem[] = ['day_delegate', 'lunch', 'dinner', 'coffee_break', 'bedroom_single_night', 'bedroom_double_night', 'av_day'];
const pad = (d: number) => String(d).padStart(2, '0');
const day = fc.integer({ min: 5, max: 20 }).map((d) => `2027-03-${pad(d)}`);
// Few distinct capacities, so a venue's spaces often tie and the space_id tie-break matters.
const seats = fc.option(fc.oneof(fc.constantFrom(20, 60, 100), fc.integer({ min: 5, max: 150 })), { nil: undefined, freq: 4 });
const validity = fc.option(fc.tuple(day, fc.option(day, { nil: null })), { nil: undefined, freq: 2 });

const venueArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom(...VENUE_KINDS),
      city: fc.constantFrom(...CITIES),
      accessible: fc.boolean(),
      labels: fc.subarray(LABELS),
      bedrooms: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      active: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      // Listed out of space_id order on purpose; some layouts not offered.
      spaces: fc.array(fc.record({ id: fc.constantFrom('S2', 'S0', 'S1', 'B'), theatre: seats, banquet: seats, boardroom: seats }), { minLength: 0, maxLength: 3 }),
      hires: fc.array(fc.integer({ min: 100, max: 50_000 }), { minLength: 4, maxLength: 4 }),
      rates: fc.array(fc.record({ item: fc.constantFrom(...ITEMS), cents: fc.integer({ min: 100, max: 30_000 }), validity }), { maxLength: 7 }),
      blackouts: fc.array(fc.record({ from: day, length: fc.integer({ min: 0, max: 3 }), space: fc.constantFrom<string | null>(null, 'S0', 'S1', 'S9') }), { maxLength: 2 }),
    })
    .map((v) => {
      const id = `V${pad(i)}`;
      const unique = v.spaces.filter((s, k) => v.spaces.findIndex((t) => t.id === s.id) === k);
      return catalogue({
        suppliers: [venue(id, { kind: v.kind, city: v.city, accessible: v.accessible, qualityLabels: v.labels, bedrooms: v.bedrooms, active: v.active })],
        spaces: unique.map((s) => space(id, s.id, { theatre: s.theatre, banquet: s.banquet, boardroom: s.boardroom })),
        rates: [
          ...unique.map((s, k) => hire(id, s.id, v.hires[k]!)),
          ...v.rates.map((r) => rate(id, r.item, r.cents, r.validity ? { validFrom: r.validity[0], validTo: r.validity[1] } : {})),
        ],
        blackouts: v.blackouts.map((b) => blackout(id, b.from, `2027-03-${pad(Number(b.from.slice(8)) + b.length)}`, b.space)),
      });
    });

const serviceArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom<Supplier['kind']>('caterer', 'hotel', 'av'),
      city: fc.constantFrom(...CITIES),
      associatedWith: fc.subarray(['V00', 'V01', 'V02', 'V03']),
      bedrooms: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
      rates: fc.array(fc.record({ item: fc.constantFrom(...ITEMS), cents: fc.integer({ min: 100, max: 30_000 }), validity }), { maxLength: 4 }),
      active: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
    })
    .map((s) => {
      const id = `P${pad(i)}`;
      return catalogue({
        suppliers: [supplier(id, { kind: s.kind, city: s.city, associatedWith: s.associatedWith, bedrooms: s.bedrooms, active: s.active })],
        rates: s.rates.map((r) => rate(id, r.item, r.cents, r.validity ? { validFrom: r.validity[0], validTo: r.validity[1] } : {})),
      });
    });

const catalogueArb: fc.Arbitrary<Catalogue> = fc
  .tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 10 }))
  .chain(([nv, ns]) => fc.tuple(fc.tuple(...Array.from({ length: nv }, (_, i) => venueArb(i))), fc.tuple(...Array.from({ length: ns }, (_, i) => serviceArb(i)))))
  .chain(([vs, ss]) => fc.shuffledSubarray([...vs, ...ss], { minLength: vs.length + ss.length }))
  .map(mergeCatalogues);

const rooms = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 });
const briefArb: fc.Arbitrary<Brief> = fc
  .record({
    start: fc.integer({ min: 8, max: 14 }),
    length: fc.integer({ min: 0, max: 3 }),
    attendees: fc.integer({ min: 5, max: 120 }),
    layout: fc.constantFrom<Layout>('theatre', 'banquet', 'boardroom', 'classroom'),
    destinations: fc.subarray(['marseille', 'Nice', 'Aix en Provence', 'Avignon', 'NICE']),
    venueTypes: fc.subarray([...VENUE_KINDS]),
    single: rooms,
    double: rooms,
    lunches: fc.boolean(),
    breaks: fc.integer({ min: 0, max: 4 }),
    dinners: fc.integer({ min: 0, max: 2 }),
    av: fc.boolean(),
    budget: fc.option(fc.integer({ min: 500, max: 80_000 }), { nil: undefined }),
    accessible: fc.boolean(),
    label: fc.option(fc.constantFrom('QUALITE TOURISME', 'Clef Verte', 'Unknown Label'), { nil: undefined }),
    hard: fc.subarray([...CRITERIA]),
  })
  .map((r) =>
    brief({
      event: { start_date: `2027-03-${pad(r.start)}`, end_date: `2027-03-${pad(r.start + r.length)}`, attendees: r.attendees, layout: r.layout },
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

/** Every active venue judged on its own, in catalogue order: the plain scan the index must agree with. */
function fullScan(m: Matching): VenueMatch[] {
  return m.prepared.venues.map((_, position) => matchAt(m, position));
}

const RUNS = { numRuns: 400 };

describe('prepared catalogue — candidate index against a full scan', () => {
  it('when a brief is matched, then the table scan finds exactly the venues a full scan keeps, with the same soft bound', () => {
    fc.assert(
      fc.property(catalogueArb, briefArb, (cat, b) => {
        const m = beginMatching(b, prepareCatalogue(cat));
        const budgetSoft = (m.ctx.softMask & BUDGET_BIT) !== 0 ? 1 : 0;
        const expected: [number, string, number][][] = Array.from({ length: CRITERIA.length + 1 }, () => []);
        for (const match of fullScan(m)) {
          if (!match.space || hardFailuresBeforePricing(m, match) !== 0) continue;
          expected[bitCount(match.met & m.ctx.softMask & ~BUDGET_BIT) + budgetSoft]!.push([match.position, match.space.spaceId, match.met]);
        }
        // Each candidate as (position, plenary space, criteria bits), in catalogue order.
        const found = candidatesBySoftBound(m).map((flat) => {
          const triples: [number, string, number][] = [];
          for (let c = 0; c < flat.length; c += CANDIDATE_STRIDE) triples.push([flat[c]!, m.prepared.table.spaces[flat[c + 1]!]!.spaceId, flat[c + 2]!]);
          return triples.sort((x, y) => x[0] - y[0]);
        });
        expect(found).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('when a draft is built, then its options, eliminated list and review reasons are those of pricing every candidate', () => {
    fc.assert(
      fc.property(catalogueArb, briefArb, fc.integer({ min: 0, max: 4 }), (cat, b, quoteOptions) => {
        const draft = buildQuoteDraft(b, prepareCatalogue(cat), settings({ quoteOptions }));

        const m = beginMatching(b, prepareCatalogue(cat));
        const all = fullScan(m);
        const ranked: { key: RankKey; match: VenueMatch }[] = [];
        for (const match of all) {
          if (!match.space || hardFailuresBeforePricing(m, match) !== 0) continue;
          price(m, match);
          if (isFeasible(m, match) && match.plan?.ok) {
            ranked.push({ key: { softMet: bitCount(match.met & m.ctx.softMask), grossCents: match.plan.totals.gross_cents, supplierId: match.venue.supplierId }, match });
          }
        }
        ranked.sort((x, y) => compareRankKeys(x.key, y.key));
        if (ranked.length === 0) for (const match of all) price(m, match);
        const eliminated = all
          .filter((match) => !isFeasible(m, match))
          .slice(0, ELIMINATED_LISTED)
          .flatMap((match) => failures(m, match).map((f) => ({ supplier_id: match.venue.supplierId, criterion: f.cause, detail: f.detail })));

        expect(draft.options.map((o) => [o.venue.supplier_id, o.venue.space_id, o.totals.gross_cents, o.reasons.map((r) => r.met)])).toEqual(
          ranked
            .slice(0, quoteOptions)
            .map(({ match }) => [match.venue.supplierId, match.space!.spaceId, match.plan!.ok && match.plan!.totals.gross_cents, CRITERIA.map((_, i) => (match.met & (1 << i)) !== 0)]),
        );
        expect(draft.eliminated.map(({ supplier_id, criterion, detail }) => ({ supplier_id, criterion, detail }))).toEqual(eliminated);
        expect(draft.review_reasons.length === 0).toBe(ranked.length > 0);
        // The raw catalogue (prepared on the fly) gives the very same draft.
        expect(buildQuoteDraft(b, cat, settings({ quoteOptions }))).toEqual(draft);
      }),
      RUNS,
    );
  });

  it('when the last option held ties on soft criteria with a venue of a lower bound, then the cheaper one still wins', () => {
    // A could meet one more soft criterion (step-free access) but is over budget; B is within it and
    // cheaper: both meet as many, so B ranks first though the search prices A's bound first.
    const cat = catalogue({
      suppliers: [venue('A', { accessible: true }), venue('B', { accessible: false })],
      spaces: [space('A', 'S'), space('B', 'S')],
      rates: [hire('A', 'S', 600_000), hire('B', 'S', 100_000)],
    });
    const b = brief({ budget_eur: 5_000, requirements: { accessible: true }, non_negotiable: [] });
    expect(buildQuoteDraft(b, cat, settings({ quoteOptions: 1 })).options.map((o) => o.venue.supplier_id)).toEqual(['B']);
    expect(buildQuoteDraft(b, cat, settings({ quoteOptions: 2 })).options.map((o) => o.venue.supplier_id)).toEqual(['B', 'A']);
  });

  it('when venues hold more distinct labels than the table has bits, then labels past the 31st are still matched', () => {
    const labels = Array.from({ length: 40 }, (_, i) => `Label ${i}`);
    const cat = catalogue({
      suppliers: labels.map((label, i) => venue(`V${pad(i)}`, { qualityLabels: [label, 'Clef Verte'] })),
      spaces: labels.map((_, i) => space(`V${pad(i)}`, 'A')),
      rates: labels.map((_, i) => hire(`V${pad(i)}`, 'A', 10_000 + i)),
    });
    for (const wanted of ['label 35', 'Label 3', 'clef verte', 'Label 99']) {
      const draft = buildQuoteDraft(brief({ requirements: { quality_label: wanted }, non_negotiable: ['quality_label'] }), cat, settings({ quoteOptions: 50 }));
      const holders = labels.filter((l) => l.toLowerCase() === wanted.toLowerCase() || wanted === 'clef verte').length;
      expect(draft.options).toHaveLength(holders);
    }
  });

  it('when every layout is asked for, then the table picks the plenary space the objects give', () => {
    const cat = catalogue({
      suppliers: [venue('V1')],
      spaces: [
        space('V1', 'Z', { theatre: 80, classroom: 40, banquet: 50, cabaret: 45, reception: 100, boardroom: 20 }),
        space('V1', 'A', { theatre: 80, classroom: 60, banquet: 70, cabaret: 60, reception: 120, boardroom: 30 }),
      ],
      rates: [hire('V1', 'Z', 1000), hire('V1', 'A', 2000)],
    });
    // By hand (SPEC §5: the smallest space seating 20 in that layout, ties to the lower space_id):
    // Z is smaller in every layout but theatre, where both seat 80 and A wins the tie.
    const expected: Record<Layout, string> = { theatre: 'A', classroom: 'Z', banquet: 'Z', cabaret: 'Z', reception: 'Z', boardroom: 'Z' };
    const chosen: Record<string, [string | undefined, string | undefined]> = {};
    for (const layout of LAYOUTS) {
      const draft = buildQuoteDraft(brief({ event: { layout, attendees: 20 } }), cat, settings());
      const m = beginMatching(brief({ event: { layout, attendees: 20 } }), prepareCatalogue(cat));
      chosen[layout] = [draft.options[0]?.venue.space_id, matchAt(m, 0).space?.spaceId];
    }
    expect(chosen).toEqual(Object.fromEntries(LAYOUTS.map((layout) => [layout, [expected[layout], expected[layout]]])));
  });

  it('when components are built for any brief, then each needs only the items its kind’s pool keeps', () => {
    fc.assert(
      fc.property(briefArb, (b) => {
        const { withDayDelegate, withoutDayDelegate } = briefComponents(briefQuantities(b));
        for (const component of [...withDayDelegate, ...withoutDayDelegate]) {
          for (const need of component.needs) expect(SERVICE_ITEMS[component.kind]).toContain(need.item);
        }
      }),
      { numRuns: 200 },
    );
  });
});
