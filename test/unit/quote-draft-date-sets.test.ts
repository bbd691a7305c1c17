import fc from 'fast-check';
import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { beginDateSetMatching, chooseSet, compareSets, evaluateOn } from '../../src/matching/date-set-draft';
import { breakoutSpaces } from '../../src/matching/breakout-spaces';
import { formatDateRange } from '../../src/matching/date-range-text';
import { addDays } from '../support/arbitraries';
import { blackout, brief, catalogue, hire, mergeCatalogues, rate, settings, space, supplier, venue } from '../support/catalogue-factory';

/** Main dates 10–12 March 2027 (D = 3); the alternatives 17–19 March and 7–9 April. */
const ALTS = [
  { start_date: '2027-03-17', end_date: '2027-03-19' },
  { start_date: '2027-04-07', end_date: '2027-04-09' },
];

describe('breakoutSpaces (SPEC §5)', () => {
  const spaces = [space('V', 'P', { theatre: 100, classroom: 60 }), space('V', 'B2', { classroom: 30 }), space('V', 'B1', { classroom: 20 }), space('V', 'B0', { classroom: 20 }), space('V', 'T', { classroom: 10 })];
  it('when more spaces fit than needed, then the smallest are chosen, ties to the lowest space_id, never the plenary', () => {
    expect(breakoutSpaces(spaces, spaces[0]!, { rooms: 2, attendees: 20, layout: 'classroom' })!.map((s) => s.spaceId)).toEqual(['B0', 'B1']);
    expect(breakoutSpaces(spaces, spaces[0]!, { rooms: 3, attendees: 20, layout: 'classroom' })!.map((s) => s.spaceId)).toEqual(['B0', 'B1', 'B2']);
  });
  it('when fewer spaces fit than rooms needed, then there is none (the venue is out)', () => {
    expect(breakoutSpaces(spaces, spaces[0]!, { rooms: 4, attendees: 20, layout: 'classroom' })).toBeNull();
  });
  it('when the plenary space is the only one that fits, then there is none', () => {
    expect(breakoutSpaces(spaces, spaces[0]!, { rooms: 1, attendees: 40, layout: 'classroom' })).toBeNull();
  });
});

describe('formatDateRange', () => {
  it.each([
    [{ start_date: '2027-03-10', end_date: '2027-03-12' }, 'en', '10–12 March 2027'],
    [{ start_date: '2027-03-10', end_date: '2027-03-12' }, 'fr', '10–12 mars 2027'],
    [{ start_date: '2027-03-30', end_date: '2027-04-01' }, 'fr', '30 mars – 1er avril 2027'],
    [{ start_date: '2027-12-31', end_date: '2028-01-01' }, 'en', '31 December 2027 – 1 January 2028'],
    [{ start_date: '2027-05-01', end_date: '2027-05-01' }, 'fr', '1er mai 2027'],
  ] as const)('%j in %s reads %s', (set, lang, text) => {
    expect(formatDateRange(set, lang)).toBe(text);
  });
});

describe('buildQuoteDraft — date sets (SPEC §5)', () => {
  it('when a venue is blocked on the main dates but free on the second set, then its option uses the second set and says why', () => {
    const cat = catalogue({
      suppliers: [venue('V')],
      spaces: [space('V', 'P', { theatre: 100 })],
      rates: [hire('V', 'P', 100_000)],
      blackouts: [blackout('V', '2027-03-11', '2027-03-11', null, 'salon')],
    });
    const draft = buildQuoteDraft(brief({ event: { alternative_dates: ALTS } }), cat, settings());
    const option = draft.options[0]!;
    expect(option.dates).toEqual({ start_date: '2027-03-17', end_date: '2027-03-19' });
    // 3 days × 1 000,00 € + 20 % VAT.
    expect(option.totals).toEqual({ net_cents: 300_000, vat_cents: 60_000, gross_cents: 360_000 });
    const dates = option.reasons.find((r) => r.criterion === 'dates')!;
    expect(dates).toEqual({ criterion: 'dates', met: true, hard: false, detail: 'free on 17–19 March 2027; blocked on 10–12 March 2027' });
    expect(option.venue.breakout_space_ids).toEqual([]);
  });

  it('when the organiser reads French, then the reason is in French', () => {
    const cat = catalogue({ suppliers: [venue('V')], spaces: [space('V', 'P')], rates: [hire('V', 'P', 100_000)], blackouts: [blackout('V', '2027-03-10', '2027-03-12')] });
    const fr = { ...brief({ event: { alternative_dates: ALTS } }) };
    fr.organiser = { ...fr.organiser, language: 'fr' };
    const draft = buildQuoteDraft(fr, cat, settings());
    expect(draft.options[0]!.reasons.find((r) => r.criterion === 'dates')!.detail).toBe('libre du 17–19 mars 2027 ; indisponible du 10–12 mars 2027');
  });

  it('when another season rates make a later set cheaper, then the option uses it and says by how much', () => {
    // High season until 31 March: 2 000,00 €/day; from 1 April: 1 500,00 €/day.
    const cat = catalogue({
      suppliers: [venue('V')],
      spaces: [space('V', 'P')],
      rates: [hire('V', 'P', 200_000, { validTo: '2027-03-31' }), hire('V', 'P', 150_000, { validFrom: '2027-04-01' })],
    });
    const draft = buildQuoteDraft(brief({ event: { alternative_dates: ALTS } }), cat, settings());
    const option = draft.options[0]!;
    expect(option.dates).toEqual(ALTS[1]);
    // 3 × 1 500 € = 4 500 € net, 5 400 € gross; main dates 7 200 € gross: 1 800 € cheaper.
    expect(option.totals.gross_cents).toBe(540_000);
    expect(option.reasons.find((r) => r.criterion === 'dates')!.detail).toBe('€1,800.00 cheaper than on 10–12 March 2027');
  });

  it('when every set costs the same and is free, then the main dates are used (organiser order)', () => {
    const cat = catalogue({ suppliers: [venue('V')], spaces: [space('V', 'P')], rates: [hire('V', 'P', 100_000)] });
    const option = buildQuoteDraft(brief({ event: { alternative_dates: ALTS } }), cat, settings()).options[0]!;
    expect(option.dates).toEqual({ start_date: '2027-03-10', end_date: '2027-03-12' });
    expect(option.reasons.find((r) => r.criterion === 'dates')!.detail).toBe('free 2027-03-10→2027-03-12');
  });

  it('when dates is soft and a blocked set is cheaper, then the free set still comes first', () => {
    const cat = catalogue({
      suppliers: [venue('V')],
      spaces: [space('V', 'P')],
      rates: [hire('V', 'P', 200_000, { validTo: '2027-03-31' }), hire('V', 'P', 150_000, { validFrom: '2027-04-01' })],
      blackouts: [blackout('V', '2027-04-08', '2027-04-08')],
    });
    const option = buildQuoteDraft(brief({ event: { alternative_dates: ALTS } }), cat, settings()).options[0]!;
    expect(option.dates).toEqual({ start_date: '2027-03-10', end_date: '2027-03-12' });
    expect(option.totals.gross_cents).toBe(720_000);
  });

  it('when dates is hard, then a venue blocked on every set is out and one free on an alternative is in', () => {
    const cat = catalogue({
      suppliers: [venue('ALL'), venue('ONE')],
      spaces: [space('ALL', 'P'), space('ONE', 'P')],
      rates: [hire('ALL', 'P', 10_000), hire('ONE', 'P', 100_000)],
      blackouts: [blackout('ALL', '2027-03-01', '2027-04-30'), blackout('ONE', '2027-03-01', '2027-03-31')],
    });
    const draft = buildQuoteDraft(brief({ event: { alternative_dates: ALTS }, non_negotiable: ['dates'] }), cat, settings());
    expect(draft.options.map((o) => [o.venue.supplier_id, o.dates])).toEqual([['ONE', ALTS[1]]]);
    expect(draft.eliminated).toEqual([{ supplier_id: 'ALL', name: 'Venue ALL', criterion: 'dates', detail: 'blocked 2027-03-01→2027-04-30' }]);
  });

  it('when dates is soft and a venue is blocked on every set, then it is still quoted on its cheapest set with dates unmet', () => {
    const cat = catalogue({ suppliers: [venue('V')], spaces: [space('V', 'P')], rates: [hire('V', 'P', 100_000)], blackouts: [blackout('V', '2027-03-01', '2027-04-30')] });
    const option = buildQuoteDraft(brief({ event: { alternative_dates: ALTS } }), cat, settings()).options[0]!;
    expect(option.dates).toEqual({ start_date: '2027-03-10', end_date: '2027-03-12' });
    expect(option.reasons.find((r) => r.criterion === 'dates')!.met).toBe(false);
  });

  it('when a set has no rates (rates end before it), then the venue is quoted on a set it can be priced on', () => {
    const cat = catalogue({ suppliers: [venue('V')], spaces: [space('V', 'P')], rates: [hire('V', 'P', 100_000, { validFrom: '2027-03-15' })] });
    const option = buildQuoteDraft(brief({ event: { alternative_dates: ALTS } }), cat, settings()).options[0]!;
    expect(option.dates).toEqual(ALTS[0]);
    expect(option.reasons.find((r) => r.criterion === 'dates')!.detail).toBe('17–19 March 2027; no rates for 10–12 March 2027');
  });
});

describe('buildQuoteDraft — breakouts (SPEC §5–6)', () => {
  const breakouts = { rooms: 2, attendees: 20, layout: 'classroom' as const };
  const spaces = [space('V', 'P', { theatre: 100, classroom: 60 }), space('V', 'B2', { classroom: 30 }), space('V', 'B1', { classroom: 20 }), space('V', 'B0', { classroom: 20 })];
  const rates = [hire('V', 'P', 100_000), hire('V', 'B0', 10_000), hire('V', 'B1', 12_000), hire('V', 'B2', 5_000), rate('V', 'day_delegate', 5_000)];

  it('when lunches use the day delegate package, then each breakout room is still hired every day', () => {
    const draft = buildQuoteDraft(brief({ breakouts, catering: { lunches: true } }), catalogue({ suppliers: [venue('V')], spaces, rates }), settings());
    const option = draft.options[0]!;
    expect(option.venue).toEqual({ supplier_id: 'V', name: 'Venue V', city: 'Marseille', space_id: 'P', breakout_space_ids: ['B0', 'B1'] });
    expect(option.lines.map((l) => [l.item, l.space_id, l.quantity, l.net_cents])).toEqual([
      ['day_delegate', null, 300, 1_500_000],
      ['space_hire_day', 'B0', 3, 30_000],
      ['space_hire_day', 'B1', 3, 36_000],
    ]);
    expect(option.lines[1]!.description).toBe('Breakout room — Room B0, 3 days');
    // 1 566 000 net, 313 200 VAT (20 %), 1 879 200 gross.
    expect(option.totals).toEqual({ net_cents: 1_566_000, vat_cents: 313_200, gross_cents: 1_879_200 });
    expect(option.dates).toEqual({ start_date: '2027-03-10', end_date: '2027-03-12' });
  });

  it('when a breakout space lacks a hire rate, then the venue cannot be priced', () => {
    const draft = buildQuoteDraft(brief({ breakouts }), catalogue({ suppliers: [venue('V')], spaces, rates: rates.filter((r) => r.spaceId !== 'B1') }), settings());
    expect(draft.options).toEqual([]);
    expect(draft.review_reasons[0]!.code).toBe('unpriceable');
    expect(draft.review_reasons[0]!.detail).toContain('no space hire rate for Room B1');
  });

  it('when breakouts need more spaces than the venue has, then it is out on capacity and another venue is quoted', () => {
    const cat = mergeCatalogues([
      catalogue({ suppliers: [venue('V')], spaces, rates }),
      catalogue({ suppliers: [venue('W')], spaces: [space('W', 'P', { theatre: 100 }), space('W', 'X', { classroom: 20 })], rates: [hire('W', 'P', 1_000), hire('W', 'X', 1_000)] }),
    ]);
    const draft = buildQuoteDraft(brief({ breakouts: { ...breakouts, rooms: 4 } }), cat, settings());
    expect(draft.options).toEqual([]);
    const b = buildQuoteDraft(brief({ breakouts: { ...breakouts, rooms: 3 } }), cat, settings());
    expect(b.options.map((o) => [o.venue.supplier_id, o.venue.breakout_space_ids])).toEqual([['V', ['B0', 'B1', 'B2']]]);
    expect(b.eliminated).toEqual([
      { supplier_id: 'W', name: 'Venue W', criterion: 'capacity', detail: '1 space(s) besides Room P seat 20 in classroom layout, 3 breakout room(s) needed' },
    ]);
  });

  it('when the plenary space is also the only breakout candidate, then the venue is out', () => {
    const cat = catalogue({ suppliers: [venue('V')], spaces: [space('V', 'P', { theatre: 100, classroom: 60 }), space('V', 'S', { classroom: 10 })], rates: [hire('V', 'P', 1_000), hire('V', 'S', 1_000)] });
    const draft = buildQuoteDraft(brief({ breakouts: { rooms: 1, attendees: 40, layout: 'classroom' } }), cat, settings());
    expect(draft.options).toEqual([]);
    expect(draft.review_reasons.map((r) => r.code)).toEqual(['no_feasible_venue']);
    expect(draft.eliminated.map((e) => e.criterion)).toEqual(['capacity']);
  });

  it('when a breakout space is blocked on the main dates, then dates is unmet there and the free alternative is chosen', () => {
    const cat = catalogue({ suppliers: [venue('V')], spaces, rates, blackouts: [blackout('V', '2027-03-12', '2027-03-12', 'B1', 'travaux')] });
    const main = buildQuoteDraft(brief({ breakouts }), cat, settings()).options[0]!;
    expect(main.reasons.find((r) => r.criterion === 'dates')).toEqual({ criterion: 'dates', met: false, hard: false, detail: 'Room B1 blocked 2027-03-12→2027-03-12 (travaux)' });
    const alt = buildQuoteDraft(brief({ breakouts, event: { alternative_dates: ALTS } }), cat, settings()).options[0]!;
    expect(alt.dates).toEqual(ALTS[0]);
    expect(alt.venue.breakout_space_ids).toEqual(['B0', 'B1']);
  });
});

describe('pricing — rooms night by night and tourist tax (SPEC §6)', () => {
  const meeting = [space('V', 'P')];
  const venueRates = [hire('V', 'P', 100_000)];

  it('when only the largest night exceeds a hotel bedrooms, then that hotel cannot supply the rooms and a bigger one does', () => {
    const cat = catalogue({
      suppliers: [venue('V'), supplier('H30', { kind: 'hotel', bedrooms: 30 }), supplier('H40', { kind: 'hotel', bedrooms: 40 })],
      spaces: meeting,
      rates: [
        ...venueRates,
        rate('H30', 'bedroom_single_night', 8_000, { vatPct: 10 }),
        rate('H30', 'bedroom_double_night', 9_000, { vatPct: 10 }),
        rate('H40', 'bedroom_single_night', 10_000, { vatPct: 10 }),
        rate('H40', 'bedroom_double_night', 12_000, { vatPct: 10 }),
      ],
    });
    // Nights of 20+5, 30+5 (the largest: 35 rooms) and 10+0: only H40 holds 35.
    const accommodation = { per_night: [{ single_rooms: 20, double_rooms: 5 }, { single_rooms: 30, double_rooms: 5 }, { single_rooms: 10, double_rooms: 0 }] };
    const option = buildQuoteDraft(brief({ accommodation }), cat, settings()).options[0]!;
    const rooms = option.lines.filter((l) => l.item.startsWith('bedroom'));
    // Σ singles 60 × 100 € = 6 000 €; Σ doubles 10 × 120 € = 1 200 €.
    expect(rooms.map((l) => [l.supplier_id, l.item, l.quantity, l.net_cents, l.vat_cents])).toEqual([
      ['H40', 'bedroom_single_night', 60, 600_000, 60_000],
      ['H40', 'bedroom_double_night', 10, 120_000, 12_000],
    ]);
    // Without the largest night, H30 (cheaper) would do.
    const smaller = { per_night: [{ single_rooms: 20, double_rooms: 5 }, { single_rooms: 25, double_rooms: 5 }, { single_rooms: 10, double_rooms: 0 }] };
    const cheaper = buildQuoteDraft(brief({ accommodation: smaller }), cat, settings()).options[0]!;
    expect(cheaper.lines.filter((l) => l.item.startsWith('bedroom')).map((l) => [l.supplier_id, l.quantity])).toEqual([
      ['H30', 55],
      ['H30', 10],
    ]);
  });

  it('when the rooms supplier lists a tourist tax, then one line counts doubles twice, with VAT 0', () => {
    const cat = catalogue({
      suppliers: [venue('V', { bedrooms: 50 })],
      spaces: meeting,
      rates: [
        ...venueRates,
        rate('V', 'bedroom_single_night', 10_000, { vatPct: 10 }),
        rate('V', 'bedroom_double_night', 12_000, { vatPct: 10 }),
        rate('V', 'tourist_tax_night', 288, { vatPct: 0 }),
      ],
    });
    // 10 singles + 5 doubles × 2 nights: (10 + 2 × 5) × 2 = 40 person-nights × 2,88 € = 115,20 €.
    const option = buildQuoteDraft(brief({ accommodation: { single_rooms: 10, double_rooms: 5 } }), cat, settings()).options[0]!;
    const tax = option.lines.find((l) => l.item === 'tourist_tax_night')!;
    expect(tax).toEqual({
      supplier_id: 'V',
      item: 'tourist_tax_night',
      space_id: null,
      description: 'Tourist tax, 40 person-nights',
      quantity: 40,
      unit_price_cents: 288,
      vat_pct: 0,
      net_cents: 11_520,
      vat_cents: 0,
      gross_cents: 11_520,
    });
    // Per night: 3 doubles then 1 single + 2 doubles: 6 + 5 = 11 person-nights.
    const perNight = buildQuoteDraft(brief({ accommodation: { per_night: [{ double_rooms: 3 }, { single_rooms: 1, double_rooms: 2 }] } }), cat, settings()).options[0]!;
    expect(perNight.lines.find((l) => l.item === 'tourist_tax_night')!.quantity).toBe(11);
    expect(perNight.lines.filter((l) => l.item.startsWith('bedroom')).map((l) => [l.item, l.quantity])).toEqual([
      ['bedroom_single_night', 1],
      ['bedroom_double_night', 5],
    ]);
  });

  it('when the rooms supplier has no tourist tax, or no rooms are quoted, then there is no tax line and nothing is missing', () => {
    const cat = catalogue({
      suppliers: [venue('V', { bedrooms: 50 })],
      spaces: meeting,
      rates: [...venueRates, rate('V', 'bedroom_single_night', 10_000), rate('V', 'tourist_tax_night', 200, { vatPct: 0, validFrom: '2027-06-01' })],
    });
    const option = buildQuoteDraft(brief({ accommodation: { single_rooms: 10 } }), cat, settings()).options[0]!;
    expect(option.lines.map((l) => l.item)).toEqual(['space_hire_day', 'bedroom_single_night']);
    const none = buildQuoteDraft(brief(), cat, settings()).options[0]!;
    expect(none.lines.map((l) => l.item)).toEqual(['space_hire_day']);
  });

  it('when the tax changes between seasons, then the option date set decides the rate', () => {
    const cat = catalogue({
      suppliers: [venue('V', { bedrooms: 50 })],
      spaces: meeting,
      rates: [
        ...venueRates,
        rate('V', 'bedroom_single_night', 10_000),
        rate('V', 'tourist_tax_night', 200, { vatPct: 0, validTo: '2027-03-31' }),
        rate('V', 'tourist_tax_night', 330, { vatPct: 0, validFrom: '2027-04-01' }),
      ],
      blackouts: [blackout('V', '2027-03-01', '2027-03-31')],
    });
    const option = buildQuoteDraft(brief({ accommodation: { single_rooms: 10 }, event: { alternative_dates: ALTS } }), cat, settings()).options[0]!;
    expect(option.dates).toEqual(ALTS[1]);
    expect(option.lines.find((l) => l.item === 'tourist_tax_night')!.unit_price_cents).toBe(330);
  });
});

describe('date-set choice (property)', () => {
  const day = (d: number) => addDays('2027-03-01', d);
  const venueArb = (i: number) =>
    fc.record({
      hires: fc.array(fc.tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.integer({ min: 0, max: 80 })), { minLength: 1, maxLength: 3 }),
      blocked: fc.option(fc.tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 6 })), { nil: undefined }),
      spaces: fc.integer({ min: 1, max: 4 }),
    }).map((v) => {
      const id = `V${i}`;
      return catalogue({
        suppliers: [venue(id)],
        spaces: [space(id, 'P', { theatre: 100 }), ...Array.from({ length: v.spaces }, (_, s) => space(id, `B${s}`, { theatre: 20 + 5 * s }))],
        rates: v.hires.flatMap(([cents, from]) => [hire(id, 'P', cents, { validFrom: day(from) }), ...Array.from({ length: v.spaces }, (_, s) => hire(id, `B${s}`, cents / 10 + s, { validFrom: day(from) }))]),
        blackouts: v.blocked ? [blackout(id, day(v.blocked[0]), day(v.blocked[0] + v.blocked[1]), v.blocked[1] % 2 ? 'B0' : null)] : [],
      });
    });
  const catalogueArb = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => venueArb(i))).map(mergeCatalogues));
  const briefArb = fc.record({
    starts: fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 4 }),
    hard: fc.boolean(),
    rooms: fc.integer({ min: 0, max: 3 }),
  }).map(({ starts, hard, rooms }) =>
    brief({
      event: { start_date: day(starts[0]!), end_date: day(starts[0]! + 2), alternative_dates: starts.slice(1).map((s) => ({ start_date: day(s), end_date: day(s + 2) })) },
      ...(rooms > 0 ? { breakouts: { rooms, attendees: 20, layout: 'theatre' as const } } : {}),
      non_negotiable: hard ? ['dates'] : [],
    }),
  );

  it('the chosen set is never beaten by another set of the same venue, and options keep dominance', () => {
    fc.assert(
      fc.property(catalogueArb, briefArb, (cat, b) => {
        const draft = buildQuoteDraft(b, cat, settings({ quoteOptions: 10 }));
        const d = beginDateSetMatching(b, cat);
        for (const option of draft.options) {
          const position = d.prepared.venues.findIndex((v) => v.venue.supplierId === option.venue.supplier_id);
          const evaluations = d.sets.map((_, set) => evaluateOn(d, set, position, false));
          const chosen = chooseSet(evaluations)!;
          expect(d.sets[chosen.set]).toEqual(option.dates ?? d.sets[0]);
          for (const e of evaluations) {
            const eligible = e.match.plan?.ok && e.breakouts !== null && (!b.non_negotiable.includes('dates') || (e.match.met & 0b100000) !== 0);
            if (eligible) expect(compareSets(chosen, e)).toBeLessThanOrEqual(0);
          }
        }
        // Dominance (SPEC §5): an option meeting every soft criterion another meets, for no more, never ranks below it.
        for (const a of draft.options) {
          for (const o of draft.options) {
            const softA = new Set(a.reasons.filter((r) => !r.hard && r.met).map((r) => r.criterion));
            const dominates = o.reasons.filter((r) => !r.hard && r.met).every((r) => softA.has(r.criterion)) && a.totals.gross_cents <= o.totals.gross_cents;
            if (dominates && a !== o && a.totals.gross_cents < o.totals.gross_cents) expect(a.rank).toBeLessThan(o.rank);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
