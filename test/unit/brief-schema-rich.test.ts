import { accommodationNights, briefSchema, dateSets, toFieldErrors } from '../../src/core/brief-schema';
import { humanFieldErrors } from '../../src/briefs/form-errors';

const today = '2026-11-26';
const minimal = (event: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  organiser: { name: 'Ada Martin', email: 'ada@example.org' },
  event: { start_date: '2027-03-10', end_date: '2027-03-12', attendees: 40, layout: 'theatre', ...event },
  ...rest,
});
const errorsOf = (input: unknown) => {
  const result = briefSchema(today).safeParse(input);
  expect(result.success).toBe(false);
  return toFieldErrors(result.error!);
};

describe('briefSchema — alternative dates (SPEC §4)', () => {
  it('when up to three valid date sets are given, then they are kept in the organiser order after the main dates', () => {
    const alts = [
      { start_date: '2027-03-17', end_date: '2027-03-19' },
      { start_date: '2027-04-07', end_date: '2027-04-09' },
      { start_date: '2027-05-05', end_date: '2027-05-07' },
    ];
    const brief = briefSchema(today).parse(minimal({ alternative_dates: alts }));
    expect(brief.event.alternative_dates).toEqual(alts);
    expect(dateSets(brief).map((s) => s.start_date)).toEqual(['2027-03-10', '2027-03-17', '2027-04-07', '2027-05-05']);
  });

  it('when four alternative sets are given, then a 422 names event.alternative_dates', () => {
    const four = Array.from({ length: 4 }, (_, i) => ({ start_date: `2027-0${i + 4}-07`, end_date: `2027-0${i + 4}-09` }));
    expect(errorsOf(minimal({ alternative_dates: four }))).toEqual([{ field: 'event.alternative_dates', message: 'must hold at most 3 date sets' }]);
  });

  it('when a set has another length, is in the past, ends before it starts or repeats, then each error names the set and its date', () => {
    const errors = errorsOf(
      minimal({
        alternative_dates: [
          { start_date: '2027-03-17', end_date: '2027-03-20' },
          { start_date: '2026-11-01', end_date: '2026-11-03' },
          { start_date: '2027-03-10', end_date: '2027-03-12' },
        ],
      }),
    );
    expect(errors).toEqual([
      { field: 'event.alternative_dates.0.end_date', message: 'must give as many days as the main dates (3)' },
      { field: 'event.alternative_dates.1.start_date', message: 'must be today (2026-11-26) or later' },
      { field: 'event.alternative_dates.2.start_date', message: 'repeats dates already given' },
    ]);
    const backwards = errorsOf(minimal({ alternative_dates: [{ start_date: '2027-03-19', end_date: '2027-03-17' }] }));
    expect(backwards).toEqual([{ field: 'event.alternative_dates.0.end_date', message: 'must be on or after the start date' }]);
    const twice = errorsOf(minimal({ alternative_dates: [{ start_date: '2027-03-17', end_date: '2027-03-19' }, { start_date: '2027-03-17', end_date: '2027-03-19' }] }));
    expect(twice).toEqual([{ field: 'event.alternative_dates.1.start_date', message: 'repeats dates already given' }]);
  });

  it('when a set is not a pair of dates or carries an unknown field, then it is refused', () => {
    expect(errorsOf(minimal({ alternative_dates: [{ start_date: '17/03/2027', end_date: '2027-03-19' }] }))[0]!.field).toBe('event.alternative_dates.0.start_date');
    expect(errorsOf(minimal({ alternative_dates: [{ start_date: '2027-03-17', end_date: '2027-03-19', note: 'x' }] }))).toEqual([
      { field: 'event.alternative_dates.0.note', message: 'unknown field' },
    ]);
  });
});

describe('briefSchema — breakouts (SPEC §4)', () => {
  it('when breakouts are within bounds, then they are kept as given', () => {
    const brief = briefSchema(today).parse(minimal({}, { breakouts: { rooms: 4, attendees: 10, layout: 'classroom' } }));
    expect(brief.breakouts).toEqual({ rooms: 4, attendees: 10, layout: 'classroom' });
  });

  it.each([
    [{ rooms: 0, attendees: 10, layout: 'classroom' }, 'breakouts.rooms', 'must be at least 1'],
    [{ rooms: 21, attendees: 10, layout: 'classroom' }, 'breakouts.rooms', 'must be at most 20'],
    [{ rooms: 2.5, attendees: 10, layout: 'classroom' }, 'breakouts.rooms', 'must be a whole number'],
    [{ rooms: 2, attendees: 0, layout: 'classroom' }, 'breakouts.attendees', 'must be at least 1'],
    [{ rooms: 2, attendees: 41, layout: 'classroom' }, 'breakouts.attendees', "must be at most the event's attendees (40)"],
    [{ rooms: 2, attendees: 10, layout: 'standing' }, 'breakouts.layout', 'must be one of theatre, classroom, banquet, cabaret, reception, boardroom'],
  ])('when breakouts are %j, then a 422 names %s', (breakouts, field, message) => {
    expect(errorsOf(minimal({}, { breakouts }))).toEqual([{ field, message }]);
  });

  it('when attendees equal the event attendees, then it is accepted (the bound is inclusive)', () => {
    expect(briefSchema(today).safeParse(minimal({}, { breakouts: { rooms: 20, attendees: 40, layout: 'boardroom' } })).success).toBe(true);
  });
});

describe('briefSchema — rooms night by night (SPEC §4)', () => {
  it('when per_night is given, then it is kept alone and its length is the number of nights', () => {
    const brief = briefSchema(today).parse(minimal({}, { accommodation: { per_night: [{ single_rooms: 3, double_rooms: 1 }, { single_rooms: 2 }] } }));
    expect(brief.accommodation).toEqual({ per_night: [{ single_rooms: 3, double_rooms: 1 }, { single_rooms: 2, double_rooms: 0 }] });
    expect(accommodationNights(brief)).toBe(2);
  });

  it('when per_night is combined with single_rooms or nights, then a 422 names the clash', () => {
    expect(errorsOf(minimal({}, { accommodation: { single_rooms: 2, nights: 1, per_night: [{ single_rooms: 3 }] } }))).toEqual([
      {
        field: 'accommodation.per_night',
        message: 'cannot be combined with accommodation.single_rooms, accommodation.nights: give rooms night by night or as one block',
      },
    ]);
  });

  it('when per_night lists more entries than event days (D), then it is refused; D entries are accepted', () => {
    const night = { single_rooms: 1, double_rooms: 0 };
    expect(errorsOf(minimal({}, { accommodation: { per_night: [night, night, night, night] } }))).toEqual([
      { field: 'accommodation.per_night', message: 'must list at most 3 nights (one per night from the start date)' },
    ]);
    expect(briefSchema(today).safeParse(minimal({}, { accommodation: { per_night: [night, night, night] } })).success).toBe(true);
    expect(errorsOf(minimal({}, { accommodation: { per_night: [] } }))).toEqual([{ field: 'accommodation.per_night', message: 'must list at least one night' }]);
    expect(errorsOf(minimal({}, { accommodation: { per_night: [{ single_rooms: -1 }] } }))).toEqual([{ field: 'accommodation.per_night.0.single_rooms', message: 'must be 0 or more' }]);
  });

  it('when the uniform block is given as before, then the parsed brief is exactly the old one (defaults, key order)', () => {
    const brief = briefSchema(today).parse(minimal({}, { accommodation: { nights: 1 } }));
    expect(JSON.stringify(brief.accommodation)).toBe('{"single_rooms":0,"double_rooms":0,"nights":1}');
    const plain = briefSchema(today).parse(minimal());
    expect(plain.accommodation).toBeUndefined();
    expect('breakouts' in plain).toBe(false);
    expect('alternative_dates' in plain.event).toBe(false);
  });
});

describe('form error messages for the new fields', () => {
  it.each([
    ['fr', 'event.alternative_dates.0.end_date', 'must give as many days as the main dates (3)', 'Chaque option de dates doit durer autant de jours que les dates principales (3)'],
    ['en', 'event.alternative_dates.1.start_date', 'repeats dates already given', 'These dates are already given above'],
    ['fr', 'event.alternative_dates.0.start_date', 'must be today (2026-11-26) or later', 'Indiquez le premier jour de cette option de dates, aujourd’hui ou plus tard'],
    ['en', 'breakouts.rooms', 'must be at most 20', 'Enter a number of breakout rooms from 1 to 20'],
    ['fr', 'breakouts.attendees', "must be at most the event's attendees (40)", 'Indiquez combien de personnes chaque salle accueille, de 1 au nombre de participants'],
    ['en', 'breakouts.layout', 'must be one of …', 'Choose the layout of the breakout rooms'],
    ['fr', 'accommodation.per_night', 'cannot be combined with accommodation.nights: give rooms night by night or as one block', 'Indiquez les chambres soit nuit par nuit, soit en un seul bloc, pas les deux'],
    ['en', 'accommodation.per_night', 'must list at most 3 nights (one per night from the start date)', 'List at most one line per night of the event (3)'],
    ['fr', 'accommodation.per_night.2.double_rooms', 'must be 0 or more', 'Indiquez un nombre entier, 0 ou plus'],
  ] as const)('in %s, %s reads as a sentence for a person', (lang, field, message, expected) => {
    expect(humanFieldErrors([{ field, message }], lang)).toEqual([{ field, message: expected }]);
  });
});
