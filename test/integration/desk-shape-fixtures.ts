import type { Catalogue } from '../../src/core/catalogue-types';
import type { Clock } from '../../src/platform/clock';
import { blackout, catalogue, hire, space, venue } from '../support/catalogue-factory';

/**
 * Issues 13 and 15 on the desk: one venue with a plenary room and three possible breakout rooms whose
 * plenary hire costs more from April, and one venue in Aix. Prices chosen so the cents are computed
 * by hand in the tests:
 * - main dates (3 days from 2027-03-10), plenary 1 000,00 €/day + breakout Calanque 200,00 €/day:
 *   net 3 × 100 000 + 3 × 20 000 = 360 000, VAT 20 % 72 000, gross 432 000;
 * - 7–9 April, plenary 1 200,00 €/day + breakout Frioul 300,00 €/day:
 *   net 3 × 120 000 + 3 × 30 000 = 450 000, VAT 90 000, gross 540 000.
 */
export const DESK_CLOCK: Clock = { now: () => new Date('2027-01-15T09:00:00.000Z') };

export function deskCatalogue(): Catalogue {
  return catalogue({
    suppliers: [
      venue('PALAIS-T', { name: 'Palais Test', city: 'Marseille', email: 'palais-t@example.org' }),
      venue('DOMAINE-T', { name: 'Domaine Test', city: 'Aix-en-Provence', email: 'domaine-t@example.org' }),
    ],
    spaces: [
      space('PALAIS-T', 'AMPHI', { theatre: 150, classroom: 80 }, 'Grand Amphi'),
      space('PALAIS-T', 'CALANQUE', { classroom: 30 }, 'Salle Calanque'),
      space('PALAIS-T', 'FRIOUL', { classroom: 40 }, 'Salle Frioul'),
      space('PALAIS-T', 'CABINET', { classroom: 10 }, 'Cabinet'),
      space('DOMAINE-T', 'ORANGERIE', { theatre: 120, classroom: 60 }, 'Orangerie'),
    ],
    rates: [
      hire('PALAIS-T', 'AMPHI', 100_000, { validTo: '2027-03-31' }),
      hire('PALAIS-T', 'AMPHI', 120_000, { validFrom: '2027-04-01' }),
      hire('PALAIS-T', 'CALANQUE', 20_000),
      hire('PALAIS-T', 'FRIOUL', 30_000),
      hire('PALAIS-T', 'CABINET', 5_000),
      hire('DOMAINE-T', 'ORANGERIE', 90_000),
    ],
    blackouts: [blackout('DOMAINE-T', '2027-01-01', '2027-12-31', null, 'travaux')],
  });
}

/** 100 in theatre layout, 3 days, one breakout room of 25 in classroom layout, one alternative date set. */
export function deskBrief(overrides: Record<string, unknown> = {}, language: 'en' | 'fr' = 'en') {
  return {
    organiser: { name: 'Ada Martin', organisation: 'SFC', email: 'ada@example.org', language },
    event: {
      title: 'Desk congress', type: 'congress', start_date: '2027-03-10', end_date: '2027-03-12', attendees: 100, layout: 'theatre',
      alternative_dates: [{ start_date: '2027-04-07', end_date: '2027-04-09' }],
    },
    destinations: ['Marseille'],
    breakouts: { rooms: 1, attendees: 25, layout: 'classroom' },
    ...overrides,
  };
}
