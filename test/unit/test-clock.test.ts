import { briefSchema } from '../../src/core/brief-schema';
import { DAY_MS, addDays, clockOffsetDays, dayOfMonthAhead, daysFromToday, fixedClock, monthYear, testClock, todayOn } from '../support/clock';
import { BRIEF_LEAD_DAYS, validBrief } from '../support/seed';

/**
 * The test clock and the fixtures dated from it (issue 17: the calendar time bomb). Fixture dates
 * count from the clock the app under test reads, so a brief stays valid on any day the suite runs:
 * `TEST_CLOCK_OFFSET_DAYS=730 npm run test:clock-ahead` runs suites two years ahead.
 */
describe('the test clock', () => {
  it('when TEST_CLOCK_OFFSET_DAYS is set, then the test clock is that many days ahead of the machine; a bad value is refused', () => {
    expect(clockOffsetDays({})).toBe(0);
    expect(clockOffsetDays({ TEST_CLOCK_OFFSET_DAYS: '730' })).toBe(730);
    expect(clockOffsetDays({ TEST_CLOCK_OFFSET_DAYS: '-3' })).toBe(-3);
    expect(() => clockOffsetDays({ TEST_CLOCK_OFFSET_DAYS: 'two years' })).toThrow(/TEST_CLOCK_OFFSET_DAYS/);
    const before = Date.now();
    const shifted = testClock(730).now().getTime() - 730 * DAY_MS;
    expect(shifted).toBeGreaterThanOrEqual(before);
    expect(shifted).toBeLessThanOrEqual(Date.now());
  });

  it('when the clock is two years ahead, then validBrief() on that clock is still accepted, and a brief with the old fixed dates is refused', () => {
    const ahead = testClock(clockOffsetDays() + 730);
    const schema = briefSchema(todayOn(ahead));
    const brief = validBrief({}, ahead);
    expect(brief.event.start_date).toBe(daysFromToday(BRIEF_LEAD_DAYS, ahead));
    expect(schema.safeParse(brief).success).toBe(true);
    // What every suite did before: the fixed 10 March 2027, in the past two years from now.
    const fixed = { ...brief, event: { ...brief.event, start_date: '2027-03-10', end_date: '2027-03-12' } };
    expect(schema.safeParse(fixed).success).toBe(false);
  });

  it('when a test fixes the clock, then validBrief() counts from that clock', () => {
    const clock = fixedClock('2031-12-30T23:30:00.000Z'); // already 31 December in Paris
    expect(todayOn(clock)).toBe('2031-12-31');
    expect(validBrief({}, clock).event).toMatchObject({ start_date: addDays('2031-12-31', BRIEF_LEAD_DAYS), end_date: addDays('2031-12-31', BRIEF_LEAD_DAYS + 2) });
  });

  it('when a fixture needs dates read back in words, then dayOfMonthAhead keeps the 10th–19th in one month', () => {
    expect(dayOfMonthAhead(10, 60, fixedClock('2027-01-05T12:00:00Z'))).toBe('2027-03-10');
    expect(dayOfMonthAhead(10, 60, fixedClock('2027-01-12T12:00:00Z'))).toBe('2027-04-10');
    expect(dayOfMonthAhead(10, 60, fixedClock('2028-10-20T12:00:00Z'))).toBe('2029-01-10');
    expect(monthYear('2027-03-17')).toBe('March 2027');
    expect(monthYear('2027-03-17', 'fr')).toBe('mars 2027');
  });
});
