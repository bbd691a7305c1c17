import { postBrief, startTestApp, type TestApp } from '../support/test-app';
import { blackout, hire, rate, space } from '../support/catalogue-factory';
import { validBrief } from '../support/seed';
import { addDays, dayOfMonthAhead, monthYear } from '../support/clock';
import { htmlText, plain, regionCatalogue, seed, submit } from './quote-fixtures';

/**
 * SPEC §4–6 and §8 end to end: a brief with alternative dates, breakouts and rooms night by night goes
 * through POST /api/briefs, the worker, the e-mail and GET /api/briefs/:ref (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL).
 */
/** The 10th of a month about two months ahead: main dates 10–12, the option 17–19, same month. */
const on = (day: number) => addDays(dayOfMonthAhead(10, 60), day - 10);

describe('a brief with alternative dates, breakouts and rooms night by night', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.stop();
  });

  it('when the main dates are blocked, then the quote uses the free set, hires the breakout rooms and adds the tourist tax', async () => {
    app = await startTestApp();
    const cat = regionCatalogue();
    cat.spaces.push(
      space('PALAIS', 'S1', { classroom: 40 }, 'Salle Calanques'),
      space('PALAIS', 'S2', { classroom: 30 }, 'Salle Frioul'),
      space('PALAIS', 'S3', { classroom: 50 }, 'Salle Endoume'),
    );
    cat.rates.push(
      hire('PALAIS', 'S1', 20_000),
      hire('PALAIS', 'S2', 15_000),
      hire('PALAIS', 'S3', 30_000),
      rate('HOTEL', 'bedroom_double_night', 11_000, { vatPct: 10 }),
      rate('HOTEL', 'tourist_tax_night', 288, { vatPct: 0 }),
    );
    cat.blackouts.push(blackout('PALAIS', on(11), on(11), null, 'salon'));
    await seed(app.services, cat);
    const submitted = validBrief({
      event: {
        title: 'Annual congress', type: 'congress', start_date: on(10), end_date: on(12), attendees: 280, layout: 'theatre',
        alternative_dates: [{ start_date: on(17), end_date: on(19) }],
      },
      breakouts: { rooms: 2, attendees: 30, layout: 'classroom' },
      accommodation: { per_night: [{ single_rooms: 20, double_rooms: 5 }, { single_rooms: 10 }] },
    });
    const ref = await submit(app, submitted);
    const body = (await app.waitForStatus(ref, ['sent'])) as Record<string, any>;

    expect(body.brief.event.alternative_dates).toEqual([{ start_date: on(17), end_date: on(19) }]);
    expect(body.brief.breakouts).toEqual({ rooms: 2, attendees: 30, layout: 'classroom' });
    expect(body.brief.accommodation).toEqual({ per_night: [{ single_rooms: 20, double_rooms: 5 }, { single_rooms: 10, double_rooms: 0 }] });

    // DOCKS has no breakout room: out. PALAIS is blocked on the 11th: quoted on 17–19 March.
    expect(body.quote.options).toHaveLength(1);
    const option = body.quote.options[0];
    expect(option.dates).toEqual({ start_date: on(17), end_date: on(19) });
    expect(option.venue).toEqual({ supplier_id: 'PALAIS', name: 'Palais du Pharo (test)', city: 'Marseille', space_id: 'AUDI', breakout_space_ids: ['S2', 'S1'] });
    expect(option.reasons.find((r: { criterion: string }) => r.criterion === 'dates')).toEqual({
      criterion: 'dates', met: true, hard: false, detail: `free on 17–19 ${monthYear(on(10))}; blocked on 10–12 ${monthYear(on(10))}`,
    });
    expect(option.lines.map((l: Record<string, unknown>) => [l.supplier_id, l.item, l.space_id, l.quantity, l.net_cents, l.vat_cents])).toEqual([
      ['PALAIS', 'day_delegate', null, 840, 5_460_000, 1_092_000],
      ['TRAITEUR', 'dinner', null, 280, 1_540_000, 154_000],
      ['HOTEL', 'bedroom_single_night', null, 30, 270_000, 27_000],
      ['HOTEL', 'bedroom_double_night', null, 5, 55_000, 5_500],
      ['PALAIS', 'space_hire_day', 'S2', 3, 45_000, 9_000],
      ['PALAIS', 'space_hire_day', 'S1', 3, 60_000, 12_000],
      // (20 + 2 × 5) + 10 = 40 person-nights × 2,88 €, no VAT.
      ['HOTEL', 'tourist_tax_night', null, 40, 11_520, 0],
    ]);
    expect(option.totals).toEqual({ net_cents: 7_441_520, vat_cents: 1_299_500, gross_cents: 8_741_020 });

    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref));
    const mail = app.smtp.ofKind('draft_quote').find((m) => m.ref === ref)!;
    for (const part of [plain(mail.text), plain(htmlText(mail.html))]) {
      expect(part).toContain('Breakout rooms: Salle Frioul, Salle Calanques');
      expect(part).toContain('Tourist tax, 40 person-nights — Hôtel du Vieux-Port (test)');
      expect(part).toContain('Breakout room — Salle Frioul, 3 days');
      expect(part).toMatch(new RegExp(`17[^\\n]*${monthYear(on(10))}`));
    }
  });

  it('when per_night and nights are both given, or breakouts seat more than the event, then the API answers 422 naming the field and stores nothing', async () => {
    app = await startTestApp();
    const clash = await postBrief(app, validBrief({ accommodation: { nights: 2, per_night: [{ single_rooms: 1 }] } }));
    expect(clash.status).toBe(422);
    expect(await clash.json()).toEqual({
      errors: [{ field: 'accommodation.per_night', message: 'cannot be combined with accommodation.nights: give rooms night by night or as one block' }],
    });
    const big = await postBrief(app, validBrief({ breakouts: { rooms: 2, attendees: 281, layout: 'classroom' } }));
    expect(big.status).toBe(422);
    expect(await big.json()).toEqual({ errors: [{ field: 'breakouts.attendees', message: "must be at most the event's attendees (280)" }] });
    const [{ n }] = (await app.services.db('briefs').count({ n: '*' })) as [{ n: number | string }];
    expect(Number(n)).toBe(0);
  });
});

describe('the brief form with the new sections (no script)', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.stop();
  });

  const post = (fields: [string, string][]) =>
    fetch(`${app.baseUrl}/briefs`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
      body: new URLSearchParams(fields).toString(),
    });

  it('when a French form has a wrong date option, then the French message sits beside it with every value kept; once fixed, the brief holds all three fields', async () => {
    app = await startTestApp();
    const base: [string, string][] = [
      ['_lang', 'fr'],
      ['organiser.name', 'Ada Martin'],
      ['organiser.email', 'ada@example.org'],
      ['organiser.language', 'fr'],
      ['event.type', 'seminar'],
      ['event.start_date', on(10)],
      ['event.end_date', on(12)],
      ['event.attendees', '120'],
      ['event.layout', 'theatre'],
      ['event.alternative_dates.0.start_date', on(17)],
      ['event.alternative_dates.1.start_date', ''],
      ['event.alternative_dates.1.end_date', ''],
      ['breakouts.rooms', '3'],
      ['breakouts.attendees', '25'],
      ['breakouts.layout', 'classroom'],
      ['accommodation.single_rooms', '9'],
      ['accommodation.per_night.0.single_rooms', '40'],
      ['accommodation.per_night.0.double_rooms', '5'],
      ['accommodation.per_night.1.single_rooms', '30'],
    ];
    const wrong = await post([...base, ['event.alternative_dates.0.end_date', on(20)]]);
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toContain('id="e-event.alternative_dates.0.end_date"');
    expect(html).toContain('Chaque option de dates doit durer autant de jours que les dates principales (3)');
    expect(html).toContain('href="#f-event.alternative_dates.0.end_date"');
    expect(html).toContain(`name="event.alternative_dates.0.start_date" type="date" value="${on(17)}"`);
    expect(html).toMatch(/name="breakouts.rooms" type="number" value="3"/);
    expect(html).toMatch(/<option value="classroom" selected>/);
    expect(html).toMatch(/<details class="per-night" open>/);
    expect(html).toMatch(/name="accommodation.per_night.1.single_rooms" type="number" min="0" inputmode="numeric" value="30"/);

    const right = await post([...base, ['event.alternative_dates.0.end_date', on(19)]]);
    expect(right.status).toBe(303);
    const token = right.headers.get('location')!.split('/').pop()!.split('?')[0]!;
    const stored = (await app.services.stores.briefs.findByPublicToken(token))!;
    expect(stored.brief.event.alternative_dates).toEqual([{ start_date: on(17), end_date: on(19) }]);
    expect(stored.brief.breakouts).toEqual({ rooms: 3, attendees: 25, layout: 'classroom' });
    // The filled table replaces the uniform rooms (the page says so).
    expect(stored.brief.accommodation).toEqual({ per_night: [{ single_rooms: 40, double_rooms: 5 }, { single_rooms: 30, double_rooms: 0 }] });
  });
});
