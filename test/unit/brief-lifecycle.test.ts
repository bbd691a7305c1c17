import { BRIEF_STATUSES, canMove, movesFrom, sourcesOf, type ActorKind, type BriefStatus } from '../../src/briefs/brief-lifecycle';

describe('the brief state machine (SPEC §7, §9)', () => {
  // Written out by hand from the spec, not derived from the table under test.
  const expected: Record<ActorKind, Partial<Record<BriefStatus, BriefStatus[]>>> = {
    system: {
      received: ['matching', 'cancelled'],
      matching: ['needs_review', 'sent', 'cancelled'],
      needs_review: ['cancelled'],
      sent: ['needs_review', 'lost'],
      interested: ['matching', 'needs_review', 'confirmed', 'lost'],
    },
    organiser: { sent: ['interested'], interested: ['interested'], confirmed: ['booked'] },
    supplier: {},
    hub: {
      received: ['cancelled'],
      matching: ['sent', 'cancelled'],
      needs_review: ['sent', 'lost', 'cancelled'],
      sent: ['sent', 'booked', 'lost', 'cancelled'],
      interested: ['sent', 'booked', 'lost', 'cancelled'],
      confirmed: ['booked', 'lost', 'cancelled'],
      booked: ['lost', 'cancelled'],
    },
  };

  for (const actor of Object.keys(expected) as ActorKind[]) {
    for (const from of BRIEF_STATUSES) {
      const to = [...(expected[actor][from] ?? [])].sort();
      it(`when the ${actor} acts on a ${from} brief, then it may move it to [${to.join(', ')}] and nowhere else`, () => {
        expect(movesFrom(from, actor).sort()).toEqual(to);
      });
    }
  }

  it('when a brief is lost or cancelled, then nobody moves it again (terminal)', () => {
    for (const actor of ['system', 'organiser', 'supplier', 'hub'] as ActorKind[]) {
      expect(movesFrom('lost', actor)).toEqual([]);
      expect(movesFrom('cancelled', actor)).toEqual([]);
    }
  });

  it('when asked where a booking comes from, then an organiser books only a confirmed brief and the hub also records a telephone booking', () => {
    expect(sourcesOf('booked', 'organiser')).toEqual(['confirmed']);
    expect(sourcesOf('booked', 'hub').sort()).toEqual(['confirmed', 'interested', 'sent']);
    expect(canMove('sent', 'booked', 'organiser')).toBe(false);
  });
});
