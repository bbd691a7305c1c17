import type { Catalogue } from '../../src/core/catalogue-types';
import { buildQuoteDraft, ELIMINATED_LISTED } from '../../src/matching/build-quote-draft';
import { prepareCatalogue } from '../../src/matching/match-venues';
import { brief, catalogue, hire, settings, space, venue } from '../support/catalogue-factory';

/** `marseille` venues in Marseille and `nice` in Nice, each hiring space A (100 theatre). */
function region(marseille: number, nice: number): Catalogue {
  const ids = [...Array.from({ length: marseille }, (_, i) => [`M${String(i).padStart(4, '0')}`, 'Marseille']), ...Array.from({ length: nice }, (_, i) => [`N${String(i).padStart(4, '0')}`, 'Nice'])];
  return catalogue({
    suppliers: ids.map(([id, city]) => venue(id!, { city: city! })),
    spaces: ids.map(([id]) => space(id!, 'A', { theatre: 100 })),
    rates: ids.map(([id]) => hire(id!, 'A', 10_000)),
  });
}

describe('buildQuoteDraft — eliminated venues in a big region', () => {
  it('when more venues are eliminated than the quote lists, then the first ones in catalogue order are listed with every cause', () => {
    const draft = buildQuoteDraft(brief({ destinations: ['Marseille'], non_negotiable: ['destinations'] }), region(3, ELIMINATED_LISTED + 50), settings());
    expect(draft.options).toHaveLength(3);
    expect(draft.eliminated).toHaveLength(ELIMINATED_LISTED);
    expect(draft.eliminated[0]).toEqual({ supplier_id: 'N0000', name: expect.any(String), criterion: 'destinations', detail: 'Nice, not in Marseille' });
    expect(draft.eliminated.at(-1)!.supplier_id).toBe(`N${String(ELIMINATED_LISTED - 1).padStart(4, '0')}`);
  });

  it('when no venue is feasible, then the counts per criterion still cover every venue, listed or not', () => {
    const b = brief({ destinations: ['Toulon'], non_negotiable: ['destinations'] });
    const draft = buildQuoteDraft(b, region(40, ELIMINATED_LISTED + 60), settings());
    expect(draft.options).toEqual([]);
    const [reason] = draft.review_reasons;
    expect(reason!.code).toBe('no_feasible_venue');
    expect((reason!.data as { eliminated_by: Record<string, number> }).eliminated_by.destinations).toBe(ELIMINATED_LISTED + 100);
    expect(reason!.data).toMatchObject({ relax: { criterion: 'destinations', venues: ELIMINATED_LISTED + 100 } });
  });

  it('when the catalogue is prepared once, then the draft is the same as from the raw catalogue', () => {
    const cat = region(5, 5);
    cat.suppliers.push(venue('OFF', { active: false }));
    const b = brief({ destinations: ['Marseille'], non_negotiable: ['destinations'] });
    expect(buildQuoteDraft(b, prepareCatalogue(cat), settings())).toEqual(buildQuoteDraft(b, cat, settings()));
  });
});
