import type { Brief } from '../../src/core/brief-schema';
import type { Catalogue } from '../../src/core/catalogue-types';
import { buildPricingIndex } from '../../src/pricing/pricing-index';
import { priceOption, type PricedOption } from '../../src/pricing/price-option';
import { briefQuantities } from '../../src/pricing/requested-lines';
import { brief, catalogue, hire, rate, space, supplier, venue } from '../support/catalogue-factory';

function price(b: Brief, cat: Catalogue, venueId = 'V', spaceId = 'A'): PricedOption {
  const v = cat.suppliers.find((s) => s.supplierId === venueId)!;
  const s = cat.spaces.find((x) => x.supplierId === venueId && x.spaceId === spaceId)!;
  return priceOption(buildPricingIndex(cat), briefQuantities(b), v, s);
}

function lines(result: PricedOption): [string, string, number, number][] {
  if (!result.ok) throw new Error(`unpriceable: ${result.missing.join('; ')}`);
  return result.lines.map((l) => [l.item, l.supplier_id, l.quantity, l.unit_price_cents]);
}

/** Venue V in Marseille with space A (100 theatre) and every meeting rate. */
function fullVenue(extra: Partial<Catalogue> = {}): Catalogue {
  return catalogue({
    suppliers: [venue('V', { name: 'Palais V' }), ...(extra.suppliers ?? [])],
    spaces: [space('V', 'A', { theatre: 100 }, 'Salle Mistral')],
    rates: [
      hire('V', 'A', 100_000),
      rate('V', 'day_delegate', 6500),
      rate('V', 'lunch', 3000, { vatPct: 10 }),
      rate('V', 'coffee_break', 800, { vatPct: 10 }),
      rate('V', 'dinner', 5000, { vatPct: 10 }),
      rate('V', 'av_day', 40_000),
      ...(extra.rates ?? []),
    ],
  });
}

describe('priceOption — meeting', () => {
  it('when lunches are requested and the venue has a day delegate rate, then one day delegate line covers lunch and 2 breaks', () => {
    const result = price(brief({ catering: { lunches: true, coffee_breaks_per_day: 2 } }), fullVenue());
    expect(lines(result)).toEqual([['day_delegate', 'V', 300, 6500]]);
    expect(result.ok && result.lines[0]).toMatchObject({
      space_id: null,
      description: 'Day delegate package — Salle Mistral',
      net_cents: 1_950_000,
      vat_cents: 390_000,
      gross_cents: 2_340_000,
    });
    expect(result.ok && result.totals).toEqual({ net_cents: 1_950_000, vat_cents: 390_000, gross_cents: 2_340_000 });
  });

  it('when more than 2 breaks a day come with a day delegate, then only the extra breaks are charged', () => {
    expect(lines(price(brief({ catering: { lunches: true, coffee_breaks_per_day: 3 } }), fullVenue()))).toEqual([
      ['day_delegate', 'V', 300, 6500],
      ['coffee_break', 'V', 300, 800],
    ]);
    expect(lines(price(brief({ catering: { lunches: true, coffee_breaks_per_day: 4 } }), fullVenue()))[1]).toEqual(['coffee_break', 'V', 600, 800]);
  });

  it('when lunches are not requested, then the plenary space is hired per day and breaks charged per break', () => {
    const result = price(brief({ catering: { lunches: false, coffee_breaks_per_day: 2 } }), fullVenue());
    expect(lines(result)).toEqual([
      ['space_hire_day', 'V', 3, 100_000],
      ['coffee_break', 'V', 600, 800],
    ]);
    expect(result.ok && result.lines[0]).toMatchObject({ space_id: 'A', description: 'Space hire — Salle Mistral, 3 days' });
  });

  it('when the venue has no day delegate rate, then space hire, lunch and every break are separate lines', () => {
    const cat = fullVenue();
    cat.rates = cat.rates.filter((r) => r.item !== 'day_delegate');
    expect(lines(price(brief({ catering: { lunches: true, coffee_breaks_per_day: 1 } }), cat))).toEqual([
      ['space_hire_day', 'V', 3, 100_000],
      ['lunch', 'V', 300, 3000],
      ['coffee_break', 'V', 300, 800],
    ]);
  });

  it('when nothing but the room is asked for, then zero-quantity lines are left out', () => {
    expect(lines(price(brief({ catering: { lunches: false, coffee_breaks_per_day: 0, dinners: 0 } }), fullVenue()))).toEqual([
      ['space_hire_day', 'V', 3, 100_000],
    ]);
  });

  it('when dinners and AV are requested, then dinner is per person per dinner and AV per day', () => {
    expect(lines(price(brief({ catering: { dinners: 2 }, av: true }), fullVenue()))).toEqual([
      ['space_hire_day', 'V', 3, 100_000],
      ['dinner', 'V', 200, 5000],
      ['av_day', 'V', 3, 40_000],
    ]);
  });

  it('when the day delegate rate starts after the event, then the venue falls back to space hire', () => {
    const cat = fullVenue();
    cat.rates = cat.rates.map((r) => (r.item === 'day_delegate' ? { ...r, validFrom: '2027-03-11' } : r));
    expect(lines(price(brief({ catering: { lunches: true } }), cat)).map((l) => l[0])).toEqual(['space_hire_day', 'lunch']);
  });
});

describe('priceOption — who supplies a line', () => {
  const noVenueLunch = (extra: Partial<Catalogue>): Catalogue => {
    const cat = fullVenue(extra);
    cat.rates = cat.rates.filter((r) => !(r.supplierId === 'V' && (r.item === 'day_delegate' || r.item === 'lunch')));
    return cat;
  };
  const lunchBrief = brief({ catering: { lunches: true } });
  const lunchLine = (cat: Catalogue) => lines(price(lunchBrief, cat)).find((l) => l[0] === 'lunch');

  it('when the venue has the rate, then the venue supplies it even if a caterer is cheaper', () => {
    const cat = fullVenue({ suppliers: [supplier('C', { associatedWith: ['V'] })], rates: [rate('C', 'coffee_break', 1)] });
    expect(lines(price(brief({ catering: { coffee_breaks_per_day: 1 } }), cat))[1]).toEqual(['coffee_break', 'V', 300, 800]);
  });

  it('when the venue lacks the rate, then an associated caterer from another city beats a cheaper local one', () => {
    const cat = noVenueLunch({
      suppliers: [supplier('ASSOC', { city: 'Nice', associatedWith: ['V'] }), supplier('LOCAL')],
      rates: [rate('ASSOC', 'lunch', 4000), rate('LOCAL', 'lunch', 2500)],
    });
    expect(lunchLine(cat)).toEqual(['lunch', 'ASSOC', 300, 4000]);
  });

  it('when several caterers are associated, then the cheapest with the rate wins, ties to the lowest supplier_id', () => {
    const cat = noVenueLunch({
      suppliers: [
        supplier('C3', { associatedWith: ['V'] }),
        supplier('C2', { associatedWith: ['X', 'V'] }),
        supplier('C1', { associatedWith: ['V'] }),
        supplier('C0', { associatedWith: ['V'] }),
      ],
      rates: [rate('C3', 'lunch', 3900), rate('C2', 'lunch', 3900), rate('C1', 'lunch', 4000), rate('C0', 'dinner', 100)],
    });
    expect(lunchLine(cat)).toEqual(['lunch', 'C2', 300, 3900]);
  });

  it('when no associated caterer has the rate, then the cheapest unattached caterer of the venue’s city supplies it', () => {
    const cat = noVenueLunch({
      suppliers: [
        supplier('ASSOC', { associatedWith: ['V'] }),
        supplier('OTHER_VENUE', { associatedWith: ['W'] }),
        supplier('NICE', { city: 'Nice' }),
        supplier('INACTIVE', { active: false }),
        supplier('AV', { kind: 'av' }),
        supplier('L2'),
        supplier('L1', { city: 'MARSEILLE' }),
      ],
      rates: [
        rate('ASSOC', 'dinner', 100),
        rate('OTHER_VENUE', 'lunch', 100),
        rate('NICE', 'lunch', 100),
        rate('INACTIVE', 'lunch', 100),
        rate('AV', 'lunch', 100),
        rate('L2', 'lunch', 2500),
        rate('L1', 'lunch', 2500),
      ],
    });
    expect(lunchLine(cat)).toEqual(['lunch', 'L1', 300, 2500]);
    const result = price(lunchBrief, cat);
    expect(result.ok && result.lines.find((l) => l.item === 'lunch')!.description).toBe('Lunch — Supplier L1');
  });

  it('when the venue city is written with accents and the caterer’s without, then they are the same city', () => {
    const cat = noVenueLunch({ suppliers: [supplier('L', { city: 'SAINT RAPHAEL' })], rates: [rate('L', 'lunch', 2000)] });
    cat.suppliers[0] = { ...cat.suppliers[0]!, city: 'Saint-Raphaël' };
    expect(lunchLine(cat)).toEqual(['lunch', 'L', 300, 2000]);
  });

  it('when nobody can supply lunch, then the venue cannot be quoted and the missing rate is named', () => {
    const result = price(lunchBrief, noVenueLunch({}));
    expect(result).toEqual({ ok: false, missing: ['no lunch supplier'] });
  });

  it('when the plenary space has no hire rate and AV has no supplier, then both are named', () => {
    const cat = fullVenue();
    cat.rates = cat.rates.filter((r) => r.item !== 'space_hire_day' && r.item !== 'av_day');
    expect(price(brief({ av: true }), cat)).toEqual({ ok: false, missing: ['no space hire rate for Salle Mistral', 'no AV supplier'] });
  });
});

describe('priceOption — accommodation', () => {
  const roomsBrief = brief({ accommodation: { single_rooms: 10, double_rooms: 5, nights: 2 } });
  const rooms = (result: PricedOption) => lines(result).filter((l) => l[0].startsWith('bedroom'));

  it('when hotels compete, then both room lines come from one hotel with enough bedrooms and both rates', () => {
    const cat = fullVenue({
      suppliers: [
        supplier('H1', { kind: 'hotel', bedrooms: 15 }),
        supplier('H2', { kind: 'hotel', bedrooms: 50 }),
        supplier('H3', { kind: 'hotel', bedrooms: 14 }),
      ],
      rates: [
        rate('H1', 'bedroom_single_night', 9000, { vatPct: 10 }),
        rate('H1', 'bedroom_double_night', 11_000, { vatPct: 10 }),
        rate('H2', 'bedroom_single_night', 1000),
        rate('H3', 'bedroom_single_night', 1000),
        rate('H3', 'bedroom_double_night', 1000),
      ],
    });
    const result = price(roomsBrief, cat);
    expect(rooms(result)).toEqual([
      ['bedroom_single_night', 'H1', 20, 9000],
      ['bedroom_double_night', 'H1', 10, 11_000],
    ]);
    expect(result.ok && result.lines.filter((l) => l.item.startsWith('bedroom')).map((l) => l.description)).toEqual([
      'Single room, 2 nights — Supplier H1',
      'Double room, 2 nights — Supplier H1',
    ]);
  });

  it('when hotels are compared, then the lowest net of both room lines together wins', () => {
    const cat = fullVenue({
      suppliers: [supplier('HA', { kind: 'hotel', bedrooms: 15 }), supplier('HB', { kind: 'hotel', bedrooms: 15 })],
      rates: [
        rate('HA', 'bedroom_single_night', 8000), // 20 × 8,000 + 10 × 15,000 = 310,000
        rate('HA', 'bedroom_double_night', 15_000),
        rate('HB', 'bedroom_single_night', 9000), // 20 × 9,000 + 10 × 12,000 = 300,000
        rate('HB', 'bedroom_double_night', 12_000),
      ],
    });
    expect(rooms(price(roomsBrief, cat)).map((l) => l[1])).toEqual(['HB', 'HB']);
  });

  it('when the venue has enough bedrooms and both rates, then it supplies the rooms itself', () => {
    const cat = fullVenue({
      suppliers: [supplier('H', { kind: 'hotel', bedrooms: 500 })],
      rates: [
        rate('V', 'bedroom_single_night', 20_000),
        rate('V', 'bedroom_double_night', 25_000),
        rate('H', 'bedroom_single_night', 100),
        rate('H', 'bedroom_double_night', 100),
      ],
    });
    cat.suppliers[0] = { ...cat.suppliers[0]!, bedrooms: 15 };
    expect(rooms(price(roomsBrief, cat)).map((l) => l[1])).toEqual(['V', 'V']);
    cat.suppliers[0] = { ...cat.suppliers[0]!, bedrooms: 14 };
    expect(rooms(price(roomsBrief, cat)).map((l) => l[1])).toEqual(['H', 'H']);
  });

  it('when only single rooms are requested, then a double rate is not needed', () => {
    const cat = fullVenue({ rates: [rate('V', 'bedroom_single_night', 20_000)] });
    cat.suppliers[0] = { ...cat.suppliers[0]!, bedrooms: 10 };
    expect(rooms(price(brief({ accommodation: { single_rooms: 10, nights: 1 } }), cat))).toEqual([['bedroom_single_night', 'V', 10, 20_000]]);
  });

  it('when no hotel has enough bedrooms, then the venue cannot be quoted', () => {
    const cat = fullVenue({
      suppliers: [supplier('H', { kind: 'hotel', bedrooms: 14, associatedWith: ['V'] })],
      rates: [rate('H', 'bedroom_single_night', 100), rate('H', 'bedroom_double_night', 100)],
    });
    expect(price(roomsBrief, cat)).toEqual({ ok: false, missing: ['no hotel with 15 rooms and the room rates'] });
  });

  it('when nights is 0, then no rooms are priced', () => {
    expect(rooms(price(brief({ accommodation: { single_rooms: 10, nights: 0 } }), fullVenue()))).toEqual([]);
  });

  it('when nights is omitted, then it defaults to days − 1', () => {
    const cat = fullVenue({ rates: [rate('V', 'bedroom_double_night', 20_000)] });
    cat.suppliers[0] = { ...cat.suppliers[0]!, bedrooms: 10 };
    expect(rooms(price(brief({ accommodation: { double_rooms: 4 } }), cat))).toEqual([['bedroom_double_night', 'V', 8, 20_000]]);
  });
});
