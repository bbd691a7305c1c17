import type { Catalogue, Supplier } from '../../src/core/catalogue-types';
import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { hasStaleRates } from '../../src/pricing/stale-rates';
import { brief, catalogue, hire, rate, settings, space, supplier, venue } from '../support/catalogue-factory';

/** Venues that each hire space A (100 theatre) for `dayCents` a day; 3-day brief, 20 % VAT. */
function venues(specs: { id: string; dayCents: number; overrides?: Partial<Supplier> }[]): Catalogue {
  return catalogue({
    suppliers: specs.map((s) => venue(s.id, s.overrides)),
    spaces: specs.map((s) => space(s.id, 'A', { theatre: 100 })),
    rates: specs.map((s) => hire(s.id, 'A', s.dayCents)),
  });
}

describe('buildQuoteDraft — ranking', () => {
  it('when options meet the same soft criteria, then the cheapest ranks first, ties to the lowest supplier_id', () => {
    const cat = venues([
      { id: 'C', dayCents: 20_000 },
      { id: 'B', dayCents: 10_000 },
      { id: 'A', dayCents: 10_000 },
      { id: 'D', dayCents: 5_000 },
    ]);
    const draft = buildQuoteDraft(brief(), cat, settings());
    expect(draft.options.map((o) => [o.rank, o.venue.supplier_id, o.totals.gross_cents])).toEqual([
      [1, 'D', 18_000],
      [2, 'A', 36_000],
      [3, 'B', 36_000],
    ]);
    expect(draft.review_reasons).toEqual([]);
    expect(draft.eliminated).toEqual([]);
  });

  it('when a dearer venue meets more soft criteria, then it ranks above a cheaper one', () => {
    const cat = venues([
      { id: 'CHEAP', dayCents: 1_000, overrides: { city: 'Toulon' } },
      { id: 'DEAR', dayCents: 50_000, overrides: { city: 'Marseille' } },
    ]);
    const draft = buildQuoteDraft(brief({ destinations: ['Marseille'], requirements: { accessible: true } }), cat, settings());
    expect(draft.options.map((o) => [o.venue.supplier_id, o.score])).toEqual([
      ['DEAR', 1],
      ['CHEAP', 0.86],
    ]);
  });

  it('when hard criteria are listed, then the score counts only the soft ones', () => {
    const cat = venues([{ id: 'V', dayCents: 1_000, overrides: { city: 'Marseille', accessible: false } }]);
    const b = brief({ destinations: ['Marseille'], requirements: { accessible: true }, non_negotiable: ['destinations', 'budget'], budget_eur: 1000 });
    // 5 soft criteria, accessible unmet → 4/5.
    expect(buildQuoteDraft(b, cat, settings()).options[0]!.score).toBe(0.8);
    const allHard = brief({ non_negotiable: ['destinations', 'venue_types', 'budget', 'accessible', 'quality_label', 'dates', 'onsite_accommodation'] });
    expect(buildQuoteDraft(allHard, cat, settings()).options[0]!.score).toBe(1);
  });

  it('when more venues qualify than QUOTE_OPTIONS, then only the best distinct venues are kept', () => {
    const cat = venues([1, 2, 3, 4, 5].map((n) => ({ id: `V${n}`, dayCents: n * 1000 })));
    expect(buildQuoteDraft(brief(), cat, settings({ quoteOptions: 2 })).options.map((o) => o.venue.supplier_id)).toEqual(['V1', 'V2']);
    expect(buildQuoteDraft(brief(), cat, settings({ quoteOptions: 10 })).options).toHaveLength(5);
  });

  it('when services and the venue are inactive or not venues, then they are never options', () => {
    const cat = venues([
      { id: 'OFF', dayCents: 1, overrides: { active: false } },
      { id: 'CAT', dayCents: 1, overrides: { kind: 'caterer' } },
      { id: 'ON', dayCents: 1000 },
    ]);
    expect(buildQuoteDraft(brief(), cat, settings()).options.map((o) => o.venue.supplier_id)).toEqual(['ON']);
  });

  it('when an option is built, then it carries the venue, its plenary space and the SPEC §8 shape', () => {
    const cat = venues([{ id: 'V', dayCents: 10_000, overrides: { name: 'Palais V', city: 'Marseille' } }]);
    const option = buildQuoteDraft(brief(), cat, settings()).options[0]!;
    expect(option).toMatchObject({
      rank: 1,
      score: 1,
      stale_rates: false,
      venue: { supplier_id: 'V', name: 'Palais V', city: 'Marseille', space_id: 'A' },
      totals: { net_cents: 30_000, vat_cents: 6_000, gross_cents: 36_000 },
    });
  });
  it('when options exist, then a venue out on a non-negotiable is listed for it alone, unpriced', () => {
    const cat = venues([
      { id: 'IN', dayCents: 1000 },
      { id: 'OUT', dayCents: 9_999_999, overrides: { city: 'Nice' } },
    ]);
    const draft = buildQuoteDraft(brief({ destinations: ['Marseille'], budget_eur: 100, non_negotiable: ['destinations', 'budget'] }), cat, settings());
    expect(draft.options.map((o) => o.venue.supplier_id)).toEqual(['IN']);
    // OUT would also break the budget, but pricing it would change nothing for the quote.
    expect(draft.eliminated).toEqual([{ supplier_id: 'OUT', name: 'Venue OUT', criterion: 'destinations', detail: 'Nice, not in Marseille' }]);
  });
});

describe('buildQuoteDraft — stale rates', () => {
  const days = (n: number) => new Date(Date.parse('2027-01-15T09:00:00.000Z') - n * 86_400_000).toISOString();

  it('when a line’s supplier confirmed rates more than RATE_STALE_DAYS ago, then the option is stale', () => {
    const cat = venues([{ id: 'V', dayCents: 1000 }]);
    cat.suppliers.push(supplier('C', { ratesConfirmedAt: days(46) }));
    cat.rates.push(rate('C', 'lunch', 2000));
    const withCaterer = buildQuoteDraft(brief({ catering: { lunches: true } }), cat, settings());
    expect(withCaterer.options[0]!.stale_rates).toBe(true);
    expect(hasStaleRates(withCaterer.options)).toBe(true);
    // The stale caterer is not in the lines when no lunch is asked for.
    expect(buildQuoteDraft(brief(), cat, settings()).options[0]!.stale_rates).toBe(false);
  });

  it('when rates were confirmed exactly RATE_STALE_DAYS ago, then they are still fresh; never confirmed is stale', () => {
    const cat = venues([{ id: 'V', dayCents: 1000, overrides: { ratesConfirmedAt: days(45) } }]);
    expect(buildQuoteDraft(brief(), cat, settings()).options[0]!.stale_rates).toBe(false);
    cat.suppliers[0] = { ...cat.suppliers[0]!, ratesConfirmedAt: null };
    const draft = buildQuoteDraft(brief(), cat, settings());
    expect(draft.options[0]!.stale_rates).toBe(true);
    expect(draft.review_reasons).toEqual([]);
  });
});

describe('buildQuoteDraft — no option', () => {
  it('when hard criteria rule every venue out, then counts per criterion and the single relaxation are given', () => {
    const cat = venues([
      { id: 'NICE1', dayCents: 1000, overrides: { city: 'Nice' } },
      { id: 'NICE2', dayCents: 1000, overrides: { city: 'Nice' } },
      { id: 'DEAR', dayCents: 1_000_000, overrides: { city: 'Marseille' } },
      { id: 'BOTH', dayCents: 1_000_000, overrides: { city: 'Nice' } },
    ]);
    cat.suppliers.push(venue('SMALL'));
    cat.spaces.push(space('SMALL', 'A', { theatre: 10 }));
    const b = brief({ destinations: ['Marseille'], budget_eur: 5000, non_negotiable: ['destinations', 'budget'] });
    const draft = buildQuoteDraft(b, cat, settings());
    expect(draft.options).toEqual([]);
    expect(draft.review_reasons).toHaveLength(1);
    const [r] = draft.review_reasons;
    expect(r!.code).toBe('no_feasible_venue');
    expect(r!.data).toEqual({
      eliminated_by: {
        capacity: 1,
        destinations: 3, // NICE1, NICE2 and BOTH: a venue failing two criteria counts for each
        venue_types: 0,
        budget: 2, // DEAR and BOTH
        accessible: 0,
        quality_label: 0,
        dates: 0,
        onsite_accommodation: 0,
        unpriceable: 0,
      },
      relax: { criterion: 'destinations', options: 2, venues: 2 },
    });
    expect(r!.detail).toContain('Relaxing destinations would give 2 options');
  });

  it('when only the budget holds venues back, then relaxing the budget is suggested with the capped option count', () => {
    const cat = venues([1, 2, 3, 4].map((n) => ({ id: `V${n}`, dayCents: 100_000 * n })));
    const draft = buildQuoteDraft(brief({ budget_eur: 100, non_negotiable: ['budget', 'destinations'] }), cat, settings());
    expect(draft.review_reasons[0]!.data!.relax).toEqual({ criterion: 'budget', options: 3, venues: 4 });
    expect(draft.eliminated.map((e) => e.criterion)).toEqual(['budget', 'budget', 'budget', 'budget']);
  });

  it('when no single relaxation helps, then no relax suggestion is given', () => {
    const cat = venues([{ id: 'V', dayCents: 1_000_000, overrides: { city: 'Nice' } }]);
    const draft = buildQuoteDraft(brief({ destinations: ['Marseille'], budget_eur: 100, non_negotiable: ['destinations', 'budget'] }), cat, settings());
    expect(draft.review_reasons[0]!.code).toBe('no_feasible_venue');
    expect(draft.review_reasons[0]!.data).not.toHaveProperty('relax');
  });

  it('when the catalogue has no venue, then no_feasible_venue says so', () => {
    const draft = buildQuoteDraft(brief(), catalogue(), settings());
    expect(draft.review_reasons).toEqual([
      expect.objectContaining({ code: 'no_feasible_venue', detail: 'No active venue in the catalogue.' }),
    ]);
  });

  it('when venues meet every hard criterion but lack rates, then unpriceable names the missing rates', () => {
    const cat = venues([{ id: 'P', dayCents: 1000, overrides: { name: 'Palais X' } }]);
    cat.suppliers.push(venue('Q', { name: 'Quai Y', city: 'Nice' }));
    cat.spaces.push(space('Q', 'A', { theatre: 100 }, 'Salle Bleue'));
    const draft = buildQuoteDraft(brief({ catering: { lunches: true } }), cat, settings());
    expect(draft.options).toEqual([]);
    expect(draft.review_reasons).toEqual([
      {
        code: 'unpriceable',
        detail: 'No venue could be priced: Palais X: no lunch supplier; Quai Y: no space hire rate for Salle Bleue, no lunch supplier',
        data: {
          venues: [
            { supplier_id: 'P', name: 'Palais X', missing: ['no lunch supplier'] },
            { supplier_id: 'Q', name: 'Quai Y', missing: ['no space hire rate for Salle Bleue', 'no lunch supplier'] },
          ],
        },
      },
    ]);
    expect(draft.eliminated.map((e) => [e.supplier_id, e.criterion])).toEqual([
      ['P', 'unpriceable'],
      ['Q', 'unpriceable'],
    ]);
  });

  it('when one venue is quotable and another unpriceable, then the quote has no review reason', () => {
    const cat = venues([{ id: 'OK', dayCents: 1000 }]);
    cat.suppliers.push(venue('NORATE'));
    cat.spaces.push(space('NORATE', 'A', { theatre: 100 }));
    const draft = buildQuoteDraft(brief(), cat, settings());
    expect(draft.options.map((o) => o.venue.supplier_id)).toEqual(['OK']);
    expect(draft.review_reasons).toEqual([]);
    expect(draft.eliminated).toEqual([expect.objectContaining({ supplier_id: 'NORATE', criterion: 'unpriceable' })]);
  });
});

describe('buildQuoteDraft — a combined quote, hand-computed', () => {
  it('when a venue, a partner caterer, a local hotel and a local AV firm combine, then every line and total is exact', () => {
    const cat = catalogue({
      suppliers: [
        venue('V', { name: 'Palais V' }),
        supplier('C', { name: 'Traiteur C', city: 'Nice', associatedWith: ['V'] }),
        supplier('H', { name: 'Hôtel H', kind: 'hotel', city: 'marseille', bedrooms: 15 }),
        supplier('AV', { name: 'Sono AV', kind: 'av' }),
      ],
      spaces: [space('V', 'A', { theatre: 60 }, 'Salle Mistral'), space('V', 'B', { theatre: 50 }, 'Salle Calanque')],
      rates: [
        rate('V', 'day_delegate', 6500),
        hire('V', 'B', 99_999),
        rate('C', 'coffee_break', 450, { vatPct: 10 }),
        rate('C', 'dinner', 4200, { vatPct: 10 }),
        rate('H', 'bedroom_single_night', 8950, { vatPct: 5.5 }),
        rate('H', 'bedroom_double_night', 10_950, { vatPct: 2.1 }),
        rate('AV', 'av_day', 35_000),
      ],
    });
    const b = brief({
      event: { start_date: '2027-03-10', end_date: '2027-03-11', attendees: 50 },
      catering: { lunches: true, coffee_breaks_per_day: 3, dinners: 1 },
      accommodation: { single_rooms: 10, double_rooms: 5 },
      av: true,
    });
    const option = buildQuoteDraft(b, cat, settings()).options[0]!;
    expect(option.venue.space_id).toBe('B');
    expect(option.lines.map((l) => [l.supplier_id, l.item, l.description, l.quantity, l.net_cents, l.vat_cents, l.gross_cents])).toEqual([
      ['V', 'day_delegate', 'Day delegate package — Salle Calanque', 100, 650_000, 130_000, 780_000],
      ['C', 'coffee_break', 'Coffee breaks beyond 2 a day — Traiteur C', 100, 45_000, 4_500, 49_500],
      ['C', 'dinner', 'Dinner — Traiteur C', 50, 210_000, 21_000, 231_000],
      // 89,500 × 5.5 % = 4,922.5 → 4,923 (half up); 54,750 × 2.1 % = 1,149.75 → 1,150.
      ['H', 'bedroom_single_night', 'Single room, 1 night — Hôtel H', 10, 89_500, 4_923, 94_423],
      ['H', 'bedroom_double_night', 'Double room, 1 night — Hôtel H', 5, 54_750, 1_150, 55_900],
      ['AV', 'av_day', 'Audio-visual equipment, 2 days — Sono AV', 2, 70_000, 14_000, 84_000],
    ]);
    expect(option.totals).toEqual({ net_cents: 1_119_250, vat_cents: 175_573, gross_cents: 1_294_823 });
  });
});
