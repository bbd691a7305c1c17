import { briefSchema, eventDays, accommodationNights, toFieldErrors } from '../../src/core/brief-schema';

const today = '2026-11-26';
const minimal = () => ({
  organiser: { name: 'Ada Martin', email: 'ada@example.org' },
  event: { start_date: '2027-03-10', end_date: '2027-03-12', attendees: 40, layout: 'theatre' },
});

describe('briefSchema', () => {
  it('when only the required fields are given, then defaults fill the rest', () => {
    const brief = briefSchema(today).parse(minimal());
    expect(brief.organiser.language).toBe('en');
    expect(brief.destinations).toEqual([]);
    expect(brief.non_negotiable).toEqual([]);
    expect(eventDays(brief)).toBe(3);
    expect(accommodationNights(brief)).toBe(2);
  });

  it('when fields are unknown or values wrong, then each error names its field', () => {
    const input = { ...minimal(), extra: 1, event: { ...minimal().event, attendees: 0, end_date: '2027-03-01' } };
    const result = briefSchema(today).safeParse(input);
    expect(result.success).toBe(false);
    const errors = toFieldErrors(result.error!);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: 'unknown field' },
        { field: 'event.attendees', message: 'must be at least 1' },
      ]),
    );
  });

  it('when the event starts in the past or lasts more than 14 days, then it is refused', () => {
    const past = briefSchema(today).safeParse({ ...minimal(), event: { ...minimal().event, start_date: '2026-11-25' } });
    expect(toFieldErrors(past.error!).map((e) => e.field)).toContain('event.start_date');
    const long = briefSchema(today).safeParse({ ...minimal(), event: { ...minimal().event, end_date: '2027-03-24' } });
    expect(toFieldErrors(long.error!)).toEqual([{ field: 'event.end_date', message: 'the event may last at most 14 days' }]);
    const fourteen = briefSchema(today).safeParse({ ...minimal(), event: { ...minimal().event, end_date: '2027-03-23' } });
    expect(fourteen.success).toBe(true);
  });
});
