import type { Catalogue } from '../../src/core/catalogue-types';
import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { blackout, brief, catalogue, hire, rate, settings, space, supplier, venue } from '../support/catalogue-factory';

const CITIES = ['Marseille', 'Nice', 'Aix-en-Provence', 'Toulon', 'Cannes', 'Avignon', 'Saint-Raphaël', 'Hyères'];

/** A region-sized catalogue: venues with 3 spaces, two rate seasons, partners and local services. */
function bigCatalogue(venues: number): Catalogue {
  const cat = catalogue();
  for (let i = 0; i < venues; i++) {
    const id = `V${i}`;
    cat.suppliers.push(venue(id, { city: CITIES[i % CITIES.length]!, bedrooms: i % 5 === 0 ? 200 : 0, accessible: i % 3 !== 0 }));
    for (let s = 0; s < 3; s++) {
      cat.spaces.push(space(id, `S${s}`, { theatre: 50 + ((i * 7 + s * 100) % 600), banquet: 40 + s * 50 }));
      cat.rates.push(hire(id, `S${s}`, 100_000 + s * 10_000, { validTo: '2026-12-31' }), hire(id, `S${s}`, 110_000 + s * 10_000, { validFrom: '2027-01-01' }));
    }
    if (i % 2 === 0) cat.rates.push(rate(id, 'day_delegate', 6000 + (i % 1000)));
    if (i % 5 === 0) cat.rates.push(rate(id, 'bedroom_single_night', 9000), rate(id, 'bedroom_double_night', 11_000));
    if (i % 4 === 0) cat.blackouts.push(blackout(id, '2027-03-11', '2027-03-11', i % 8 === 0 ? null : 'S1', 'works'));
  }
  for (let i = 0; i < venues / 10; i++) {
    const kind = (['caterer', 'hotel', 'av'] as const)[i % 3]!;
    // Every tenth service firm is a venue's partner; the rest serve their whole city.
    const associatedWith = i % 10 === 0 ? [`V${i * 7}`, `V${i * 7 + 1}`] : [];
    cat.suppliers.push(supplier(`P${i}`, { kind, city: CITIES[Math.floor(i / 3) % CITIES.length]!, associatedWith, bedrooms: kind === 'hotel' ? 300 : null }));
    if (kind === 'caterer') cat.rates.push(rate(`P${i}`, 'lunch', 3000 + i), rate(`P${i}`, 'coffee_break', 700 + i), rate(`P${i}`, 'dinner', 5000 + i));
    if (kind === 'hotel') cat.rates.push(rate(`P${i}`, 'bedroom_single_night', 8000 + i), rate(`P${i}`, 'bedroom_double_night', 10_000 + i));
    if (kind === 'av') cat.rates.push(rate(`P${i}`, 'av_day', 30_000 + i));
  }
  return cat;
}

describe('buildQuoteDraft — performance', () => {
  it('when the catalogue holds 10,000 venues, then a full brief is matched and priced in well under a second', () => {
    const cat = bigCatalogue(10_000);
    const b = brief({
      event: { attendees: 280 },
      destinations: ['Marseille', 'Aix-en-Provence'],
      accommodation: { single_rooms: 120, double_rooms: 20 },
      catering: { lunches: true, coffee_breaks_per_day: 3, dinners: 1 },
      av: true,
      budget_eur: 150_000,
      requirements: { accessible: true, quality_label: 'Qualité Tourisme' },
      non_negotiable: ['destinations', 'budget'],
    });
    for (let i = 0; i < 3; i++) buildQuoteDraft(b, cat, settings()); // warm-up: the JIT, as in a long-running worker
    const times: number[] = [];
    let options = 0;
    for (let run = 0; run < 5; run++) {
      const start = process.hrtime.bigint();
      options = buildQuoteDraft(b, cat, settings()).options.length;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((x, y) => x - y);
    expect(options).toBe(3);
    // The product target is < 25 ms (npm run bench); this bound only catches an accidental O(n²) on a loaded machine.
    expect(times[2]).toBeLessThan(1000);
    process.stdout.write(`10k venues: median ${times[2]!.toFixed(1)} ms\n`);
  });
});
