import type { Services } from '../../src/services';
import type { Clock } from '../../src/platform/clock';
import { catalogue, hire, rate, space, supplier, venue } from './catalogue-factory';
import { storesFor } from '../../src/stores';
import { addDays, testClock, todayOn } from './clock';

/** A small priceable catalogue in Marseille: one convention centre with day-delegate rates and a caterer (rates confirmed at the app's clock). */
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

/** Days from the clock's today to a brief's first day, unless the test says otherwise. */
export const BRIEF_LEAD_DAYS = 100;

/** Start and end (3 days) of an event `leadDays` after today on `clock`. */
export function eventDates(clock: Clock | string = testClock(), leadDays = BRIEF_LEAD_DAYS, days = 3): { start_date: string; end_date: string } {
  const start = addDays(typeof clock === 'string' ? clock : todayOn(clock), leadDays);
  return { start_date: start, end_date: addDays(start, days - 1) };
}

/**
 * A valid API brief for 280 in theatre in Marseille, 100 days after today on `clock` (the test
 * clock unless given: pass the app's clock, `app.services.clock`, when the test fixes one).
 */
export function validBrief(overrides: Record<string, unknown> = {}, clock: Clock | string = testClock()) {
  return {
    organiser: { name: 'Ada Martin', organisation: 'SFC', email: 'ada@example.org', phone: '+33 6 12 34 56 78', language: 'en' },
    event: { title: 'Annual congress', type: 'congress', ...eventDates(clock), attendees: 280, layout: 'theatre' },
    destinations: ['Marseille'],
    catering: { lunches: true, coffee_breaks_per_day: 2, dinners: 1 },
    ...overrides,
  };
}
