import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { formatEuros } from '../../src/pricing/money';
import { blackout, brief, catalogue, hire, rate, settings, space, supplier, venue } from '../support/catalogue-factory';

/** Spaces as Intl prints them (narrow no-break, no-break) compared as plain spaces. */
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

function fr(overrides: Parameters<typeof brief>[0] = {}) {
  const b = brief(overrides);
  return { ...b, organiser: { ...b.organiser, language: 'fr' as const } };
}

/** Venue X in Toulon (not wanted), day delegate, caterer dinners, a hotel for rooms, AV. */
function regionCatalogue() {
  return catalogue({
    suppliers: [
      venue('X', { name: 'Palais X', city: 'Toulon', kind: 'seminar_venue', accessible: false }),
      supplier('CAT', { name: 'Traiteur C', kind: 'caterer', city: 'Toulon' }),
      supplier('HOT', { name: 'Hôtel H', kind: 'hotel', city: 'Toulon', bedrooms: 50 }),
    ],
    spaces: [space('X', 'A', { theatre: 120 }, 'Salle X')],
    rates: [
      hire('X', 'A', 100_000),
      rate('X', 'day_delegate', 6500),
      rate('X', 'coffee_break', 800, { vatPct: 10 }),
      rate('CAT', 'dinner', 5000, { vatPct: 10 }),
      rate('HOT', 'bedroom_single_night', 9000, { vatPct: 10 }),
      rate('X', 'av_day', 40_000),
    ],
    blackouts: [blackout('X', '2027-03-11', '2027-03-11', 'A', 'travaux')],
  });
}

describe('buildQuoteDraft — the organiser’s language', () => {
  it('when the brief is French, then every criterion detail of an option is French', () => {
    const b = fr({
      destinations: ['Nice', 'Cannes'],
      venue_types: ['convention_centre'],
      accommodation: { single_rooms: 10, nights: 2 },
      catering: { lunches: true, coffee_breaks_per_day: 3, dinners: 1 },
      av: true,
      requirements: { accessible: true, quality_label: 'Clef Verte' },
    });
    const [option] = buildQuoteDraft(b, regionCatalogue(), settings()).options;
    const details = Object.fromEntries(option!.reasons.map((r) => [r.criterion, plain(r.detail)]));
    expect(details).toEqual({
      destinations: 'Toulon, pas à Nice, Cannes',
      venue_types: 'lieu de séminaire, pas centre de congrès',
      budget: `${plain(formatEuros(option!.totals.gross_cents, 'fr'))}, sans budget indiqué`,
      accessible: 'pas d’accès de plain-pied',
      quality_label: 'pas de label Clef Verte',
      dates: 'Salle X indisponible du 11/03/2027 au 11/03/2027 (travaux)',
      onsite_accommodation: '0 chambre sur place, 10 nécessaires',
    });
  });

  it('when the brief is French, then the line descriptions are French and outside suppliers are named', () => {
    const b = fr({ accommodation: { single_rooms: 10, nights: 2 }, catering: { lunches: true, coffee_breaks_per_day: 3, dinners: 1 }, av: true });
    const [option] = buildQuoteDraft(b, regionCatalogue(), settings()).options;
    expect(option!.lines.map((l) => l.description)).toEqual([
      "Forfait journée d'étude — Salle X",
      'Pauses-café au-delà de 2 par jour',
      'Dîner — Traiteur C',
      'Chambre individuelle, 2 nuits — Hôtel H',
      'Matériel audiovisuel, 3 jours',
    ]);
  });

  it('when the brief is French, then a met destination and a budget read in French', () => {
    const b = fr({ destinations: ['toulon'], budget_eur: 1_000_000, catering: { lunches: false } });
    const [option] = buildQuoteDraft(b, regionCatalogue(), settings()).options;
    expect(option!.lines.map((l) => l.description)).toEqual(['Location de salle — Salle X, 3 jours']);
    const byCriterion = Object.fromEntries(option!.reasons.map((r) => [r.criterion, plain(r.detail)]));
    expect(byCriterion.destinations).toBe('Toulon');
    expect(byCriterion.budget).toBe('3 600,00 € dans le budget de 1 000 000,00 €');
    expect(byCriterion.onsite_accommodation).toBe('aucune chambre demandée');
  });

  it('when the brief is French, then the hub-only eliminations stay English', () => {
    const b = fr({ destinations: ['Nice'], non_negotiable: ['destinations'] });
    const draft = buildQuoteDraft(b, regionCatalogue(), settings());
    expect(draft.options).toEqual([]);
    expect(draft.eliminated.filter((e) => e.supplier_id === 'X')).toEqual([
      expect.objectContaining({ criterion: 'destinations', detail: 'Toulon, not in Nice' }),
    ]);
  });

  it('when the brief is English, then details and descriptions stay English', () => {
    const [option] = buildQuoteDraft(brief({ catering: { lunches: true } }), regionCatalogue(), settings()).options;
    expect(option!.lines[0]!.description).toBe('Day delegate package — Salle X');
    expect(option!.reasons.find((r) => r.criterion === 'budget')!.detail).toMatch(/^€[\d,]+\.\d\d, no budget given$/);
  });
});

describe('formatEuros', () => {
  it('when French is asked, then it prints exactly what Intl fr-FR prints', () => {
    for (const cents of [0, 5, 99_999, 6_552_000, 123_456_789, -123_450]) {
      expect(formatEuros(cents, 'fr')).toBe(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100));
    }
  });
});
