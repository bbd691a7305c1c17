import type { Services } from '../../src/services';
import { catalogue, hire, rate, space, supplier, venue } from './catalogue-factory';
import { storesFor } from '../../src/stores';

/** A small priceable catalogue in Marseille: one convention centre with day-delegate rates and a caterer. */
export async function seedSmallCatalogue(services: Services): Promise<void> {
  const c = catalogue({
    suppliers: [
      venue('PALAIS', { name: 'Palais du Pharo (test)', city: 'Marseille', qualityLabels: ['Qualité Tourisme'] }),
      supplier('TRAITEUR', { name: 'Traiteur du Port (test)', kind: 'caterer', city: 'Marseille' }),
    ],
    spaces: [space('PALAIS', 'AUDI', { theatre: 300 }, 'Auditorium')],
    rates: [
      hire('PALAIS', 'AUDI', 500000),
      rate('PALAIS', 'day_delegate', 6500),
      rate('PALAIS', 'coffee_break', 800, { vatPct: 10 }),
      rate('TRAITEUR', 'dinner', 5500, { vatPct: 10 }),
    ],
  });
  await services.db.transaction((trx) => storesFor(trx).suppliers.upsert(c, services.clock.now()));
}

export function validBrief(overrides: Record<string, unknown> = {}) {
  return {
    organiser: { name: 'Ada Martin', organisation: 'SFC', email: 'ada@example.org', phone: '+33 6 12 34 56 78', language: 'en' },
    event: { title: 'Annual congress', type: 'congress', start_date: '2027-03-10', end_date: '2027-03-12', attendees: 280, layout: 'theatre' },
    destinations: ['Marseille'],
    catering: { lunches: true, coffee_breaks_per_day: 2, dinners: 1 },
    ...overrides,
  };
}
