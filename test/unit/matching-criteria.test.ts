import type { Brief, Criterion } from '../../src/core/brief-schema';
import type { Catalogue } from '../../src/core/catalogue-types';
import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { normaliseName } from '../../src/core/names';
import { plenarySpace } from '../../src/matching/plenary-space';
import { blackout, brief, catalogue, hire, mergeCatalogues, rate, settings, space, supplier, venue } from '../support/catalogue-factory';

/** A priceable venue: one 100-seat theatre space A and a space hire rate. */
function priceable(id: string, overrides: Parameters<typeof venue>[1] = {}): Catalogue {
  return catalogue({ suppliers: [venue(id, overrides)], spaces: [space(id, 'A', { theatre: 100 })], rates: [hire(id, 'A', 10_000)] });
}

const merge = (...cats: Catalogue[]): Catalogue => mergeCatalogues(cats);

function reason(b: Brief, cat: Catalogue, criterion: Criterion) {
  const draft = buildQuoteDraft(b, cat, settings());
  const option = draft.options[0];
  return { option, result: option?.reasons.find((r) => r.criterion === criterion), eliminated: draft.eliminated };
}

describe('normaliseName', () => {
  it('when cities differ only in case, accents, hyphens or spaces, then they compare equal', () => {
    expect(normaliseName('SAINT-RAPHAEL')).toBe(normaliseName('Saint-Raphaël'));
    expect(normaliseName('aix en provence')).toBe(normaliseName('Aix-en-Provence'));
    expect(normaliseName('  Hyères ')).toBe(normaliseName('HYERES'));
    expect(normaliseName('Nice')).not.toBe(normaliseName('Niece'));
  });
});

describe('plenarySpace', () => {
  it('when several spaces fit, then the smallest in the brief layout wins', () => {
    const spaces = [space('V', 'A', { theatre: 500, banquet: 80 }), space('V', 'B', { theatre: 120, banquet: 300 }), space('V', 'C', { theatre: 90 })];
    expect(plenarySpace(spaces, 'theatre', 100)?.spaceId).toBe('B');
    expect(plenarySpace(spaces, 'banquet', 80)?.spaceId).toBe('A');
  });

  it('when two fitting spaces have the same capacity, then the lowest space_id wins', () => {
    const spaces = [space('V', 'b2', { theatre: 100 }), space('V', 'B1', { theatre: 100 }), space('V', 'b1', { theatre: 100 })];
    expect(plenarySpace(spaces, 'theatre', 100)?.spaceId).toBe('B1');
  });

  it('when no space offers the layout at that size, then there is none', () => {
    expect(plenarySpace([space('V', 'A', { theatre: 99, classroom: 500 })], 'theatre', 100)).toBeNull();
  });

  it('when a venue has no fitting space, then it is out as capacity, whatever the brief marks hard', () => {
    const cat = catalogue({ suppliers: [venue('V')], spaces: [space('V', 'A', { theatre: 99 })], rates: [hire('V', 'A', 1)] });
    const draft = buildQuoteDraft(brief(), cat, settings());
    expect(draft.options).toEqual([]);
    expect(draft.eliminated).toEqual([{ supplier_id: 'V', name: 'Venue V', criterion: 'capacity', detail: 'no space for 100 in theatre layout (largest 99)' }]);
  });
});

describe('criteria, hard and soft', () => {
  it('when destinations are hard, then a venue elsewhere is out; when soft, it stays but unmet', () => {
    const cat = merge(priceable('V', { city: 'Toulon' }));
    const hard = reason(brief({ destinations: ['Nice', 'Cannes'], non_negotiable: ['destinations'] }), cat, 'destinations');
    expect(hard.option).toBeUndefined();
    expect(hard.eliminated).toEqual([expect.objectContaining({ criterion: 'destinations', detail: 'Toulon, not in Nice, Cannes' })]);
    const soft = reason(brief({ destinations: ['Nice', 'Cannes'] }), cat, 'destinations');
    expect(soft.result).toEqual({ criterion: 'destinations', met: false, hard: false, detail: 'Toulon, not in Nice, Cannes' });
  });

  it('when the brief names a city with other accents and case, then the venue city matches', () => {
    const r = reason(brief({ destinations: ['SAINT RAPHAEL'], non_negotiable: ['destinations'] }), priceable('V', { city: 'Saint-Raphaël' }), 'destinations');
    expect(r.result).toEqual({ criterion: 'destinations', met: true, hard: true, detail: 'Saint-Raphaël' });
  });

  it('when venue types are hard, then other kinds are out', () => {
    const cat = merge(priceable('H', { kind: 'hotel' }), priceable('S', { kind: 'seminar_venue' }));
    const draft = buildQuoteDraft(brief({ venue_types: ['hotel'], non_negotiable: ['venue_types'] }), cat, settings());
    expect(draft.options.map((o) => o.venue.supplier_id)).toEqual(['H']);
    expect(draft.eliminated).toEqual([expect.objectContaining({ supplier_id: 'S', criterion: 'venue_types', detail: 'seminar venue, not hotel' })]);
  });

  it('when the budget is hard, then the gross total must not exceed it, to the cent', () => {
    // 3 days × €100.00 hire + 20 % VAT = €360.00 gross.
    const cat = priceable('V', { city: 'Marseille' });
    cat.rates = [hire('V', 'A', 10_000)];
    const exact = reason(brief({ budget_eur: 360, non_negotiable: ['budget'] }), cat, 'budget');
    expect(exact.result).toEqual({ criterion: 'budget', met: true, hard: true, detail: '€360.00 within budget €360.00' });
    const under = reason(brief({ budget_eur: 359.99, non_negotiable: ['budget'] }), cat, 'budget');
    expect(under.option).toBeUndefined();
    expect(under.eliminated[0]).toMatchObject({ criterion: 'budget', detail: '€360.00 over budget €359.99' });
    const soft = reason(brief({ budget_eur: 359.99 }), cat, 'budget');
    expect(soft.result).toMatchObject({ met: false, hard: false });
  });

  it('when step-free access is required and hard, then inaccessible venues are out', () => {
    const cat = merge(priceable('A', { accessible: true }), priceable('B', { accessible: false }));
    const draft = buildQuoteDraft(brief({ requirements: { accessible: true }, non_negotiable: ['accessible'] }), cat, settings());
    expect(draft.options.map((o) => o.venue.supplier_id)).toEqual(['A']);
    const notRequired = reason(brief(), priceable('B', { accessible: false }), 'accessible');
    expect(notRequired.result).toMatchObject({ met: true, hard: false, detail: 'step-free access not required' });
  });

  it('when a quality label is required, then it is matched case- and accent-insensitively', () => {
    const cat = merge(priceable('A', { qualityLabels: ['Clef Verte', 'QUALITE TOURISME'] }), priceable('B', { qualityLabels: ['Clef Verte'] }));
    const draft = buildQuoteDraft(brief({ requirements: { quality_label: 'Qualité Tourisme' }, non_negotiable: ['quality_label'] }), cat, settings());
    expect(draft.options.map((o) => o.venue.supplier_id)).toEqual(['A']);
    expect(draft.options[0]!.reasons.find((r) => r.criterion === 'quality_label')!.detail).toBe('QUALITE TOURISME');
    expect(draft.eliminated[0]).toMatchObject({ supplier_id: 'B', detail: 'no Qualité Tourisme label' });
  });

  it('when onsite accommodation is hard, then only venues supplying every room stay', () => {
    const withRooms = priceable('A', { bedrooms: 20 });
    withRooms.rates.push(rate('A', 'bedroom_single_night', 9000), rate('A', 'bedroom_double_night', 9000));
    const fewRooms = priceable('B', { bedrooms: 19 });
    fewRooms.rates.push(rate('B', 'bedroom_single_night', 9000), rate('B', 'bedroom_double_night', 9000));
    const b = brief({ accommodation: { single_rooms: 15, double_rooms: 5 }, non_negotiable: ['onsite_accommodation'] });
    const hotel = catalogue({
      suppliers: [supplier('H', { kind: 'hotel', bedrooms: 100 })],
      rates: [rate('H', 'bedroom_single_night', 5000), rate('H', 'bedroom_double_night', 5000)],
    });
    const draft = buildQuoteDraft(b, merge(withRooms, fewRooms, hotel), settings());
    // H is a hotel venue too but has no space; B could be priced with H's rooms, yet B is ruled out.
    expect(draft.options.map((o) => o.venue.supplier_id)).toEqual(['A']);
    expect(draft.options[0]!.reasons.find((r) => r.criterion === 'onsite_accommodation')!.detail).toBe('all 20 rooms on site');
    expect(draft.eliminated.filter((e) => e.supplier_id === 'B')).toEqual([
      expect.objectContaining({ criterion: 'onsite_accommodation', detail: '19 bedrooms on site, 20 needed' }),
    ]);
    const noneRequested = reason(brief({ non_negotiable: ['onsite_accommodation'] }), priceable('C'), 'onsite_accommodation');
    expect(noneRequested.result).toEqual({ criterion: 'onsite_accommodation', met: true, hard: true, detail: 'no rooms requested' });
  });

  it('when an option is made, then it explains all seven criteria in a fixed order', () => {
    const r = reason(brief(), priceable('V'), 'dates');
    expect(r.option!.reasons.map((x) => x.criterion)).toEqual([
      'destinations', 'venue_types', 'budget', 'accessible', 'quality_label', 'dates', 'onsite_accommodation',
    ]);
    expect(r.option!.score).toBe(1);
  });
});

describe('dates and blackouts', () => {
  const withBlackout = (b: ReturnType<typeof blackout>): Catalogue => {
    const cat = catalogue({
      suppliers: [venue('V')],
      spaces: [space('V', 'A', { theatre: 100 }, 'Salle Mistral'), space('V', 'BIG', { theatre: 1000 })],
      rates: [hire('V', 'A', 10_000)],
    });
    cat.blackouts.push(b);
    return cat;
  };
  const hardDates = brief({ non_negotiable: ['dates'] });

  it('when the whole venue is blocked on an event day, then dates are unmet', () => {
    const r = reason(hardDates, withBlackout(blackout('V', '2027-03-12', '2027-03-20', null, 'maintenance')), 'dates');
    expect(r.option).toBeUndefined();
    expect(r.eliminated[0]).toMatchObject({ criterion: 'dates', detail: 'blocked 2027-03-12→2027-03-20 (maintenance)' });
  });

  it('when the plenary space is blocked, then dates are unmet and the space is named', () => {
    const r = reason(brief(), withBlackout(blackout('V', '2027-03-01', '2027-03-10', 'A')), 'dates');
    expect(r.result).toEqual({ criterion: 'dates', met: false, hard: false, detail: 'Salle Mistral blocked 2027-03-01→2027-03-10' });
  });

  it('when only another space is blocked, or the blackout ends before the event, then dates are met', () => {
    expect(reason(hardDates, withBlackout(blackout('V', '2027-03-10', '2027-03-12', 'BIG')), 'dates').result).toMatchObject({ met: true });
    expect(reason(hardDates, withBlackout(blackout('V', '2027-03-01', '2027-03-09')), 'dates').result).toMatchObject({
      met: true,
      detail: 'free 2027-03-10→2027-03-12',
    });
    expect(reason(hardDates, withBlackout(blackout('V', '2027-03-13', '2027-03-14')), 'dates').result).toMatchObject({ met: true });
  });
});
