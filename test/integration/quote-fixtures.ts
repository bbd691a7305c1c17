import type { Services } from '../../src/services';
import type { Catalogue } from '../../src/core/catalogue-types';
import { catalogue, hire, rate, space, supplier, venue } from '../support/catalogue-factory';
import type { TestApp } from '../support/test-app';
import { postBrief } from '../support/test-app';
import { validBrief } from '../support/seed';
import { storesFor } from '../../src/stores';

/**
 * Two Marseille venues sharing one caterer, one hotel and one AV firm: each option's lines come from
 * four suppliers, and three of them appear in both options.
 */
export function regionCatalogue(): Catalogue {
  return catalogue({
    suppliers: [
      venue('PALAIS', { name: 'Palais du Pharo (test)', city: 'Marseille', email: 'palais@example.org' }),
      venue('DOCKS', { name: 'Les Docks (test)', city: 'Marseille', email: 'docks@example.org', kind: 'seminar_venue' }),
      supplier('TRAITEUR', { name: 'Traiteur du Port (test)', kind: 'caterer', city: 'Marseille', email: 'traiteur@example.org' }),
      supplier('HOTEL', { name: 'Hôtel du Vieux-Port (test)', kind: 'hotel', city: 'Marseille', bedrooms: 200, email: 'hotel@example.org' }),
      supplier('SONO', { name: 'Sono Sud (test)', kind: 'av', city: 'Marseille', email: 'sono@example.org' }),
      supplier('IDLE', { name: 'Traiteur cher (test)', kind: 'caterer', city: 'Marseille', email: 'idle@example.org' }),
    ],
    spaces: [space('PALAIS', 'AUDI', { theatre: 300 }, 'Auditorium'), space('DOCKS', 'NEF', { theatre: 400 }, 'La Nef')],
    rates: [
      rate('PALAIS', 'day_delegate', 6500),
      hire('PALAIS', 'AUDI', 500_000),
      rate('DOCKS', 'day_delegate', 7000),
      hire('DOCKS', 'NEF', 600_000),
      rate('TRAITEUR', 'dinner', 5500, { vatPct: 10 }),
      rate('IDLE', 'dinner', 9900, { vatPct: 10 }),
      rate('HOTEL', 'bedroom_single_night', 9000, { vatPct: 10 }),
      rate('SONO', 'av_day', 40_000),
    ],
  });
}

export async function seed(services: Services, cat: Catalogue, at: Date = services.clock.now()): Promise<void> {
  await services.db.transaction((trx) => storesFor(trx).suppliers.upsert(cat, at));
}

/** 280 attendees, 3 days, lunches, 1 dinner, 20 single rooms × 2 nights, AV: every supplier kind is quoted. */
export function fullBrief(language: 'en' | 'fr' = 'en') {
  const b = validBrief({ accommodation: { single_rooms: 20, nights: 2 }, av: true });
  return { ...b, organiser: { ...b.organiser, language } };
}

export async function submit(app: TestApp, body: unknown): Promise<string> {
  const res = await postBrief(app, body);
  if (res.status !== 201) throw new Error(`brief refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ref: string }).ref;
}

/** Intl prints narrow no-break and no-break spaces in French amounts; compare them as plain spaces. */
export const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

/** HTML text as a reader sees it: the few entities Handlebars escapes, decoded. */
export const htmlText = (s: string) =>
  s.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
