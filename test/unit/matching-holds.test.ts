import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { prepareCatalogue } from '../../src/matching/prepared-catalogue';
import { catalogueForBrief, ON_HOLD } from '../../src/matching/holds';
import { brief, catalogue, hire, settings, space, venue } from '../support/catalogue-factory';

describe('holds in matching (SPEC §5 dates, §9.3–9.4)', () => {
  const c = catalogue({
    suppliers: [venue('PALAIS', { city: 'Marseille' }), venue('DOCKS', { city: 'Marseille' })],
    spaces: [space('PALAIS', 'AUDI', { theatre: 300 }), space('DOCKS', 'HALL', { theatre: 300 })],
    rates: [hire('PALAIS', 'AUDI', 100000), hire('DOCKS', 'HALL', 200000)],
  });
  const prepared = prepareCatalogue(c);
  const b = brief();
  const hold = { briefId: 7, supplierId: 'PALAIS', spaceId: 'AUDI', startDate: '2027-03-11', endDate: '2027-03-11' };
  const datesOf = (draft: ReturnType<typeof buildQuoteDraft>, id: string) => draft.options.find((o) => o.venue.supplier_id === id)?.reasons.find((r) => r.criterion === 'dates');

  it('when another brief holds the plenary space on one of the days, then the dates criterion is unmet, saying "on hold"', () => {
    const draft = buildQuoteDraft(b, catalogueForBrief(prepared, 8, [hold], []), settings());
    const dates = datesOf(draft, 'PALAIS')!;
    expect(dates.met).toBe(false);
    expect(dates.detail).toContain(ON_HOLD);
  });

  it('when the brief itself holds the space, then its own hold never blocks it (and the cached catalogue is used as is)', () => {
    expect(catalogueForBrief(prepared, 7, [hold], [])).toBe(prepared);
    const draft = buildQuoteDraft(b, catalogueForBrief(prepared, 7, [hold], []), settings());
    expect(datesOf(draft, 'PALAIS')!.met).toBe(true);
  });

  it('when a venue declined the brief, then it is left out of the brief\'s options', () => {
    const draft = buildQuoteDraft(b, catalogueForBrief(prepared, 7, [], ['PALAIS']), settings());
    expect(draft.options.map((o) => o.venue.supplier_id)).toEqual(['DOCKS']);
  });
});
