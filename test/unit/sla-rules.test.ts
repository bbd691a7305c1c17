import fc from 'fast-check';
import { slaAlertFor, slaAlertsDue, slaWarningAt, type SlaCandidate } from '../../src/sla/sla-rules';
import { formatSpan } from '../../src/sla/sla-emails';

const HOUR = 3_600_000;
const RECEIVED = '2027-01-04T08:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(RECEIVED) + hours * HOUR);

function brief(overrides: Partial<SlaCandidate> = {}): SlaCandidate {
  return {
    id: 1,
    status: 'needs_review',
    receivedAt: RECEIVED,
    slaDueAt: at(48).toISOString(),
    slaWarningAt: null,
    slaBreachAt: null,
    ...overrides,
  };
}

describe('SLA rules', () => {
  it('when less than 75 % of the SLA has passed, then no alert is due', () => {
    expect(slaAlertFor(brief(), at(0))).toBeNull();
    expect(slaAlertFor(brief(), new Date(at(36).getTime() - 1))).toBeNull();
  });

  it('when exactly 75 % of the SLA has passed, then the warning is due', () => {
    expect(slaWarningAt(RECEIVED, at(48).toISOString()).toISOString()).toBe(at(36).toISOString());
    expect(slaAlertFor(brief(), at(36))).toBe('sla_warning');
    expect(slaAlertFor(brief(), at(47.9))).toBe('sla_warning');
  });

  it('when the warning was already sent, then nothing is due until the deadline', () => {
    const warned = brief({ slaWarningAt: at(36).toISOString() });
    expect(slaAlertFor(warned, at(40))).toBeNull();
    expect(slaAlertFor(warned, at(48))).toBe('sla_breach');
  });

  it('when the deadline has passed and no breach alert was sent, then the breach is due (and a missed warning is not sent late)', () => {
    expect(slaAlertFor(brief({ slaWarningAt: at(36).toISOString() }), at(48))).toBe('sla_breach');
    expect(slaAlertFor(brief(), at(60))).toBe('sla_breach');
  });

  it('when the breach alert was already sent, then nothing more is ever due', () => {
    expect(slaAlertFor(brief({ slaWarningAt: at(36).toISOString(), slaBreachAt: at(48).toISOString() }), at(500))).toBeNull();
    expect(slaAlertFor(brief({ slaBreachAt: at(48).toISOString() }), at(49))).toBeNull();
  });

  it.each(['received', 'matching', 'needs_review'])('when the brief is %s (unsent), then it is watched', (status) => {
    expect(slaAlertFor(brief({ status }), at(37))).toBe('sla_warning');
    expect(slaAlertFor(brief({ status }), at(49))).toBe('sla_breach');
  });

  it.each(['sent', 'accepted', 'declined', 'cancelled'])('when the brief is %s, then no alert is ever due', (status) => {
    expect(slaAlertFor(brief({ status }), at(37))).toBeNull();
    expect(slaAlertFor(brief({ status }), at(49))).toBeNull();
  });

  it('when a brief was received with a shorter SLA, then its warning falls at 75 % of its own SLA', () => {
    const short = brief({ slaDueAt: at(24).toISOString() });
    expect(slaAlertFor(short, at(17.9))).toBeNull();
    expect(slaAlertFor(short, at(18))).toBe('sla_warning');
    expect(slaAlertFor(short, at(24))).toBe('sla_breach');
  });

  it('when several briefs are due, then each gets at most one alert, the nearest deadline first', () => {
    const briefs = [
      brief({ id: 3, receivedAt: at(-10).toISOString(), slaDueAt: at(38).toISOString() }),
      brief({ id: 1, receivedAt: at(-20).toISOString(), slaDueAt: at(28).toISOString() }),
      brief({ id: 2, status: 'sent', receivedAt: at(-30).toISOString(), slaDueAt: at(18).toISOString() }),
      brief({ id: 4 }),
      brief({ id: 1, receivedAt: at(-20).toISOString(), slaDueAt: at(28).toISOString() }),
    ];
    expect(slaAlertsDue(briefs, at(30))).toEqual([
      { briefId: 1, kind: 'sla_breach' },
      { briefId: 3, kind: 'sla_warning' },
    ]);
  });

  it('when any brief is watched at any moment, then the alert matches the thresholds and marking it sent makes it not due again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: -10 * HOUR, max: 120 * HOUR }),
        fc.boolean(),
        fc.boolean(),
        (slaHours, elapsedMs, warned, breached) => {
          const candidate = brief({
            slaDueAt: at(slaHours).toISOString(),
            slaWarningAt: warned ? RECEIVED : null,
            slaBreachAt: breached ? RECEIVED : null,
          });
          const now = new Date(Date.parse(RECEIVED) + elapsedMs);
          const kind = slaAlertFor(candidate, now);
          const pastDue = elapsedMs >= slaHours * HOUR;
          const pastWarning = elapsedMs >= Math.floor(slaHours * HOUR * 0.75);
          if (pastDue) expect(kind).toBe(breached ? null : 'sla_breach');
          else if (pastWarning) expect(kind).toBe(warned ? null : 'sla_warning');
          else expect(kind).toBeNull();
          if (kind) {
            const marked = kind === 'sla_warning' ? { ...candidate, slaWarningAt: now.toISOString() } : { ...candidate, slaBreachAt: now.toISOString() };
            expect(slaAlertFor(marked, now)).toBeNull();
          }
        },
      ),
    );
  });

  it('when the time left is shown to the hub, then it reads in hours and minutes', () => {
    expect(formatSpan(12 * HOUR)).toBe('12 h 00 min');
    expect(formatSpan(11 * HOUR + 5 * 60_000)).toBe('11 h 05 min');
    expect(formatSpan(3 * 60_000)).toBe('3 min');
    expect(formatSpan(-90 * 60_000)).toBe('1 h 30 min');
  });
});
