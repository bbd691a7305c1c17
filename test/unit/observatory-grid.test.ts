import { assembleGrid, buildMonth, destinationKeys, quartiles, REGION, topCriterion, type BriefFact } from '../../src/observatory/observatory-grid';
import { isStale } from '../../src/observatory/observatory-refresh';
import { monthOf, parseMonths } from '../../src/observatory/observatory-months';

const fact = (over: Partial<BriefFact> = {}): BriefFact => ({
  destinations: ['Marseille'], eventType: 'seminar', attendees: 10, budgetPerAttendeeCents: 10000, leadDays: 30, startDate: '2027-06-01',
  sent: true, interested: false, booked: false, unmetReasons: null, ...over,
});
const unmet = (eliminated: Record<string, number>) => JSON.stringify([{ code: 'stale_rates', detail: 'x' }, { code: 'no_feasible_venue', detail: 'y', data: { eliminated_by: eliminated } }]);

describe('observatory grid', () => {
  test('when quartiles are taken, then they are the nearest-rank values at ceil(p·n)', () => {
    expect(quartiles([1])).toEqual({ q1: 1, median: 1, q3: 1 });
    expect(quartiles([1, 2, 3, 4])).toEqual({ q1: 1, median: 2, q3: 3 });
    expect(quartiles([1, 2, 3, 4, 5])).toEqual({ q1: 2, median: 3, q3: 4 });
    expect(quartiles([10, 20, 30, 40, 50, 60, 70, 80])).toEqual({ q1: 20, median: 40, q3: 60 });
  });

  test('when venues were eliminated, then the top criterion is the one that eliminated most, ties going to capacity then the criteria order', () => {
    expect(topCriterion(unmet({ capacity: 2, dates: 5, budget: 5 }))).toBe('budget');
    expect(topCriterion(unmet({ capacity: 3, dates: 3 }))).toBe('capacity');
    expect(topCriterion(unmet({ capacity: 0, dates: 0 }))).toBe('no_venue');
    expect(topCriterion(JSON.stringify([{ code: 'stale_rates', detail: 'x' }]))).toBeNull();
    expect(topCriterion('not json')).toBeNull();
  });

  test('when destinations differ in case and accents, then they are one destination labelled as first written; none means anywhere', () => {
    expect(destinationKeys(['Saint-Raphaël', 'SAINT RAPHAEL', 'Nice'])).toEqual([{ key: 'saint raphael', label: 'Saint-Raphaël' }, { key: 'nice', label: 'Nice' }]);
    expect(destinationKeys([])).toEqual([{ key: '', label: '' }]);
  });

  test('when a cell has 4 briefs, then it is withheld with no figure kept; with 5 it is published', () => {
    const cells = buildMonth([...Array.from({ length: 4 }, () => fact({ destinations: ['Nice'] })), ...Array.from({ length: 5 }, () => fact({ destinations: ['Gap'] }))]);
    const nice = cells.find((c) => c.destination === 'nice')!;
    expect(nice).toEqual({ destination: 'nice', label: 'Nice', withheld: 'few_briefs', figures: null });
    // Nice is the only withheld destination: Gap, the smallest published one, goes too.
    expect(cells.find((c) => c.destination === 'gap')).toMatchObject({ withheld: 'complement', figures: null });
    expect(cells.find((c) => c.destination === REGION)!.figures!.briefs).toBe(9);
  });

  test('when two destination cells are withheld, then no complementary cell is withheld', () => {
    const cells = buildMonth([fact({ destinations: ['Nice'] }), fact({ destinations: ['Gap'] }), ...Array.from({ length: 5 }, () => fact())]);
    expect(cells.filter((c) => c.withheld).map((c) => `${c.destination}:${c.withheld}`)).toEqual(['gap:few_briefs', 'nice:few_briefs']);
  });

  test('when a brief names two destinations, then it counts in each and once in the region', () => {
    const cells = buildMonth(Array.from({ length: 5 }, () => fact({ destinations: ['Nice', 'Cannes'], attendees: 20 })));
    expect(cells.map((c) => [c.destination, c.figures?.briefs, c.figures?.attendees])).toEqual([['*', 5, 100], ['cannes', 5, 100], ['nice', 5, 100]]);
  });

  test('when fewer than 5 briefs give a budget or share a criterion, then those quartiles are withheld while the cell is published', () => {
    const facts = [
      ...Array.from({ length: 4 }, () => fact({ budgetPerAttendeeCents: null })),
      fact({ budgetPerAttendeeCents: 5000 }),
      ...[100, 200, 300, 400, 500].map((attendees, i) => fact({ attendees, budgetPerAttendeeCents: 1000 * (i + 1), unmetReasons: unmet({ capacity: 4 }), startDate: `2027-0${i + 1}-15`, sent: false })),
      fact({ unmetReasons: unmet({ dates: 1 }), sent: false }),
    ];
    const region = buildMonth(facts).find((c) => c.destination === REGION)!.figures!;
    expect(region.budgetBriefs).toBe(7);
    expect(region.budgetPerAttendeeCents).toEqual({ q1: 2000, median: 4000, q3: 5000 });
    expect(region.unmetByCriterion).toEqual([
      { criterion: 'capacity', briefs: 5, attendees: { q1: 200, median: 300, q3: 400 }, startDates: { q1: '2027-02-15', median: '2027-03-15', q3: '2027-04-15' } },
      { criterion: 'dates', briefs: 1, attendees: null, startDates: null },
    ]);
    expect(region.sent).toBe(5);
    const few = buildMonth(Array.from({ length: 5 }, (_, i) => fact({ budgetPerAttendeeCents: i < 4 ? null : 100 })))[0]!.figures!;
    expect(few.budgetBriefs).toBe(1);
    expect(few.budgetPerAttendeeCents).toBeNull();
  });

  test('when a brief names a place that is neither a form destination nor a catalogue city, then it is pooled under other places, never named', () => {
    const known = new Set(['nice']);
    const cells = buildMonth([
      ...Array.from({ length: 5 }, () => fact({ destinations: ['Nice'] })),
      fact({ destinations: ['Villa Dupont wedding', 'Mas des Tilleuls'] }),
      fact({ destinations: ['Nice', 'Villa Dupont wedding'] }),
    ], known);
    expect(cells.map((c) => [c.destination, c.label, c.withheld])).toEqual([['*', '', null], ['~', '', 'few_briefs'], ['nice', 'Nice', 'complement']]);
    expect(JSON.stringify(cells)).not.toContain('Dupont');
  });

  test('when months are assembled, then destinations are ordered by published briefs and a withheld cell adds nothing to the order', () => {
    const march = buildMonth([...Array.from({ length: 6 }, () => fact({ destinations: ['Gap'] })), ...Array.from({ length: 5 }, () => fact({ destinations: ['Nice'] }))]);
    const april = buildMonth(Array.from({ length: 7 }, () => fact({ destinations: ['Nice'] })));
    const grid = assembleGrid([march, null, april]);
    expect(grid.destinations.map((d) => d.key)).toEqual([REGION, 'nice', 'gap']);
    expect(grid.cells[1]!.size).toBe(0);
  });
});

describe('observatory months', () => {
  const now = new Date('2027-04-15T10:00:00Z');

  test('when no months are asked for, then the last 12 to the current Paris month are shown', () => {
    const s = parseMonths({}, now);
    expect([s.from, s.to, s.months.length, s.error]).toEqual(['2026-05', '2027-04', 12, null]);
    // 1 May 00:30 Paris is still 30 April in UTC: the Paris month counts.
    expect(parseMonths({}, new Date('2027-04-30T22:30:00Z')).to).toBe('2027-05');
  });

  test('when the months are wrong, reversed or too many, then the default is shown with a message', () => {
    expect(parseMonths({ from: '2027-13' }, now).error).toMatch(/YYYY-MM/);
    expect(parseMonths({ from: '2027-04', to: '2027-01' }, now).error).toMatch(/after/);
    expect(parseMonths({ from: '2024-01', to: '2027-01' }, now).error).toMatch(/at most 24/);
    expect(parseMonths({ from: '2025-02', to: '2027-01' }, now).months).toHaveLength(24);
  });

  test('when a month is read, then its bounds are Paris midnights (winter and summer time)', () => {
    const march = monthOf('2027-03');
    expect(march.start.toISOString()).toBe('2027-02-28T23:00:00.000Z');
    expect(march.end.toISOString()).toBe('2027-03-31T22:00:00.000Z');
  });

  test('when a stored month is judged, then recent months keep 10 minutes, settled ones a day, and one computed before its end is stale after it', () => {
    const april = monthOf('2027-04');
    expect(isStale(april, null, now)).toBe(true);
    expect(isStale(april, '2027-04-15T09:55:00Z', now)).toBe(false);
    expect(isStale(april, '2027-04-15T09:50:00Z', now)).toBe(true);
    const march = monthOf('2027-03');
    expect(isStale(march, '2027-03-31T21:59:00Z', new Date('2027-03-31T22:01:00Z'))).toBe(true);
    const old = monthOf('2026-10');
    expect(isStale(old, '2027-04-15T00:00:00Z', now)).toBe(false);
    expect(isStale(old, '2027-04-14T09:00:00Z', now)).toBe(true);
  });
});
