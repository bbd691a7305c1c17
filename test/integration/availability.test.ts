import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { validBrief } from '../support/seed';
import { catalogue, hire, rate, space, supplier, venue } from '../support/catalogue-factory';
import { mintQuoteLink } from '../support/quote-link';
import { interestFormToken } from '../../src/quotes/interest-token';
import { answerFormToken, bookFormToken } from '../../src/availability/availability-service';
import { runAvailabilityWatch } from '../../src/availability/availability-watch';
import { moveBrief } from '../../src/briefs/brief-lifecycle';
import { TABLES } from '../../src/platform/tables';
import type { Clock } from '../../src/platform/clock';
import type { ReceivedMail } from '../support/smtp-sink';
import { addStaff, signIn, csrfOf } from './venue-portal-support';
import { storesFor } from '../../src/stores';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2027-01-04T08:00:00.000Z');

class TestClock implements Clock {
  private t = T0;
  now(): Date {
    return new Date(this.t);
  }
  at(hours: number): Date {
    this.t = T0 + hours * HOUR;
    return this.now();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' as const });

/** Two venues in Marseille (the Palais cheaper, so option 1) and a caterer for the dinner. */
async function seedTwoVenues(app: TestApp): Promise<void> {
  const c = catalogue({
    suppliers: [
      venue('PALAIS', { name: 'Palais du Pharo (test)', city: 'Marseille' }),
      venue('DOCKS', { name: 'Les Docks (test)', city: 'Marseille' }),
      supplier('TRAITEUR', { name: 'Traiteur du Port (test)', kind: 'caterer', city: 'Marseille' }),
    ],
    spaces: [space('PALAIS', 'AUDI', { theatre: 300 }, 'Auditorium'), space('DOCKS', 'HALL', { theatre: 400 }, 'Grand Hall')],
    rates: [
      hire('PALAIS', 'AUDI', 500000),
      rate('PALAIS', 'day_delegate', 6500),
      hire('DOCKS', 'HALL', 600000),
      rate('DOCKS', 'day_delegate', 7500),
      rate('TRAITEUR', 'dinner', 5500, { vatPct: 10 }),
    ],
  });
  await app.services.db.transaction((trx) => storesFor(trx).suppliers.upsert(c, app.services.clock.now()));
}

describe('availability requests, holds and booking (SPEC §9.1–9.5)', () => {
  let app: TestApp;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock();
    app = await startTestApp({ clock, env: { HUB_EMAIL: 'hub@example.org' } });
    await seedTwoVenues(app);
  });
  afterEach(async () => {
    await app.stop();
  });

  const db = () => app.services.db;
  const submit = async (email = 'ada@example.org') => {
    const res = await postBrief(app, validBrief({ organiser: { name: 'Ada Martin', email, language: 'en' } }));
    const { ref } = (await res.json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);
    const id = (await app.services.stores.briefs.findByRef(ref))!.id;
    return { ref, id, token: await mintQuoteLink(app, id) };
  };
  const pick = async (b: { ref: string; token: string }, rank: number) => {
    const res = await fetch(`${app.baseUrl}/q/${b.token}/interest`, form({ rank: String(rank), _form: interestFormToken(b.token, b.ref) }));
    expect(res.status).toBe(303);
  };
  const status = async (id: number) => ((await db()(TABLES.briefs).where({ id }).first('status')) as { status: string }).status;
  const requests = async (id: number) => (await db()(TABLES.availabilityRequests).where({ brief_id: id }).orderBy('id')) as Array<Record<string, unknown>>;
  const holds = async (id: number) => (await db()(TABLES.holds).where({ brief_id: id }).orderBy('id')) as Array<Record<string, unknown>>;
  const requestMail = async (ref: string, to: string, count = 1): Promise<ReceivedMail> => {
    const mails = await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'availability_request' && x.ref === ref && x.to === to && /\/a\/[A-Za-z0-9_-]{20,}\?do=confirm/.test(x.text)).length >= count);
    return mails.filter((x) => x.kind === 'availability_request' && x.ref === ref && x.to === to && /\/a\/[A-Za-z0-9_-]{20,}\?do=confirm/.test(x.text))[count - 1]!;
  };
  const linkToken = (mail: ReceivedMail) => /\/a\/([A-Za-z0-9_-]{20,})\?do=confirm/.exec(mail.text)![1]!;
  const answer = async (token: string, requestId: number, fields: Record<string, string>) =>
    fetch(`${app.baseUrl}/a/${token}`, form({ ...fields, _form: answerFormToken(token, requestId) }));
  const settle = async () => {
    for (let i = 0; i < 200; i++) {
      const pending = await db()(TABLES.mailLog).whereIn('status', ['pending', 'sending']).count({ n: '*' });
      if (Number((pending[0] as { n: number | string }).n) === 0) break;
      await sleep(50);
    }
    await sleep(300);
  };
  const watch = () => runAvailabilityWatch({ db: db(), renderer: app.services.renderer, config: app.services.config, clock: app.services.clock, logger: app.services.logger });

  it('when the organiser picks an option, the venue confirms from its e-mail and the caterer from the portal, then the organiser books: confirmed, held, booked, blackout and booking_confirmed to both', async () => {
    const b = await submit();
    await pick(b, 1);
    expect(await status(b.id)).toBe('interested');
    const reqs = await requests(b.id);
    expect(reqs.map((r) => [r.supplier_id, r.role, r.status])).toEqual([
      ['PALAIS', 'venue', 'open'],
      ['TRAITEUR', 'service', 'open'],
    ]);

    const venueMail = await requestMail(b.ref, 'palais@example.org');
    expect(venueMail.text).toContain('Auditorium');
    expect(venueMail.text).toContain('280');
    const token = linkToken(venueMail);
    // SPEC §11: the mail log holds a placeholder, never the token.
    const logged = (await db()(TABLES.mailLog).where({ kind: 'availability_request' })) as Array<{ html: string; text: string }>;
    for (const m of logged) expect(m.html + m.text).not.toContain(token);

    // A GET (a mail scanner's prefetch) shows the page and changes nothing.
    const page = await fetch(`${app.baseUrl}/a/${token}?do=confirm`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(b.ref);
    expect((await requests(b.id))[0]!.status).toBe('open');
    // A post without the page's form token is refused and changes nothing.
    const forged = await fetch(`${app.baseUrl}/a/${token}`, form({ action: 'confirm', _form: 'forged' }));
    expect(forged.status).toBe(403);
    expect((await requests(b.id))[0]!.status).toBe('open');

    const confirmed = await answer(token, Number(reqs[0]!.id), { action: 'confirm' });
    expect(confirmed.status).toBe(200);
    // In French: the supplier's staff did not choose English (SPEC §7).
    expect(await confirmed.text()).toContain('votre disponibilité est confirmée');
    expect((await holds(b.id)).map((h) => [h.supplier_id, h.space_id, h.status])).toEqual([['PALAIS', 'AUDI', 'active']]);
    expect(await status(b.id)).toBe('interested');
    // Answering twice changes nothing more.
    const again = await answer(token, Number(reqs[0]!.id), { action: 'decline', reason: 'other' });
    expect(await again.text()).toContain('déjà reçu une réponse\u00a0: confirmée');

    await addStaff(app, 'chef@traiteur.example.org', 'venue_staff', ['TRAITEUR']);
    const { browser } = await signIn(app, 'chef@traiteur.example.org');
    const portal = await (await browser.get('/venue/TRAITEUR')).text();
    const action = `/venue/TRAITEUR/requests/${reqs[1]!.id}`;
    expect(portal).toContain(action);
    const res = await browser.post(action, { _csrf: csrfOf(portal, action), action: 'confirm' });
    expect(res.status).toBe(303);
    expect(await status(b.id)).toBe('confirmed');

    const organiserMail = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'availability_confirmed' && x.ref === b.ref))).find((x) => x.kind === 'availability_confirmed')!;
    expect(organiserMail.to).toBe('ada@example.org');
    expect(organiserMail.text).toContain('held for you until');
    const quoteToken = /\/q\/([A-Za-z0-9_-]{20,})#book/.exec(organiserMail.text)![1]!;
    const quotePage = await (await fetch(`${app.baseUrl}/q/${quoteToken}`)).text();
    expect(quotePage).toContain('Book option 1');

    const badBook = await fetch(`${app.baseUrl}/q/${quoteToken}/book`, form({ _form: 'nope' }));
    expect(badBook.status).toBe(403);
    expect(await status(b.id)).toBe('confirmed');
    const booked = await fetch(`${app.baseUrl}/q/${quoteToken}/book`, form({ _form: bookFormToken(quoteToken, b.ref) }));
    expect(booked.status).toBe(303);
    expect(await status(b.id)).toBe('booked');
    // A double click books nothing twice.
    expect((await fetch(`${app.baseUrl}/q/${quoteToken}/book`, form({ _form: bookFormToken(quoteToken, b.ref) }))).status).toBe(303);

    expect((await holds(b.id)).map((h) => h.status)).toEqual(['booked']);
    const blackouts = await db()(TABLES.blackouts).where({ supplier_id: 'PALAIS', space_id: 'AUDI' });
    expect(blackouts).toHaveLength(1);
    expect((blackouts[0] as { reason: string }).reason).toBe(`booked ${b.ref}`);
    await settle();
    const bookings = app.smtp.ofKind('booking_confirmed').filter((m) => m.ref === b.ref).map((m) => m.to).sort();
    expect(bookings).toEqual(['palais@example.org', 'traiteur@example.org']);
    const events = (await db()(TABLES.briefStatusEvents).where({ brief_id: b.id }).orderBy('id')) as Array<{ to_status: string; actor_kind: string }>;
    expect(events.map((e) => e.to_status).filter((s) => ['interested', 'confirmed', 'booked'].includes(s))).toEqual(['interested', 'confirmed', 'booked']);
  }, 60_000);

  it('when the organiser re-picks while requests are open, then the earlier requests are withdrawn (suppliers told), holds released, and only the new option is asked', async () => {
    const b = await submit();
    await pick(b, 1);
    const first = await requests(b.id);
    const venueMail = await requestMail(b.ref, 'palais@example.org');
    await answer(linkToken(venueMail), Number(first[0]!.id), { action: 'confirm' });
    expect((await holds(b.id)).map((h) => h.status)).toEqual(['active']);

    await pick(b, 2);
    // Picking the same option again changes nothing.
    await pick(b, 2);
    const all = await requests(b.id);
    expect(all.map((r) => [r.option_rank, r.supplier_id, r.status])).toEqual([
      [1, 'PALAIS', 'confirmed'],
      [1, 'TRAITEUR', 'withdrawn'],
      [2, 'DOCKS', 'open'],
      [2, 'TRAITEUR', 'open'],
    ]);
    expect((await holds(b.id)).map((h) => [h.status, h.end_reason])).toEqual([['released', 're_pick']]);
    // The old link now says it was answered; the caterer's withdrawn one says withdrawn.
    const catererFirst = await requestMail(b.ref, 'traiteur@example.org');
    const page = await (await fetch(`${app.baseUrl}/a/${linkToken(catererFirst)}`)).text();
    expect(page).toMatch(/retirée|withdrawn/);
    const late = await answer(linkToken(catererFirst), Number(all[1]!.id), { action: 'confirm' });
    expect(late.status).toBe(200);
    expect((await requests(b.id))[1]!.status).toBe('withdrawn');
    await settle();
    expect(app.smtp.ofKind('availability_request').filter((m) => m.ref === b.ref && m.to === 'traiteur@example.org' && /retir/.test(m.subject))).toHaveLength(1);
  }, 60_000);

  it('when the venue and the caterer answer at the same instant, then the brief is confirmed exactly once with one e-mail to the organiser', async () => {
    const b = await submit();
    await pick(b, 1);
    const reqs = await requests(b.id);
    const v = linkToken(await requestMail(b.ref, 'palais@example.org'));
    const c = linkToken(await requestMail(b.ref, 'traiteur@example.org'));
    const [r1, r2] = await Promise.all([answer(v, Number(reqs[0]!.id), { action: 'confirm' }), answer(c, Number(reqs[1]!.id), { action: 'confirm' })]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(await status(b.id)).toBe('confirmed');
    const confirmedEvents = await db()(TABLES.briefStatusEvents).where({ brief_id: b.id, to_status: 'confirmed' });
    expect(confirmedEvents).toHaveLength(1);
    await settle();
    expect(app.smtp.ofKind('availability_confirmed').filter((m) => m.ref === b.ref)).toHaveLength(1);
  }, 60_000);

  it('when the caterer declines after the venue hold expired, then the hold stays expired and the brief goes to the hub as supplier_declined', async () => {
    const b = await submit();
    await pick(b, 1);
    const reqs = await requests(b.id);
    await answer(linkToken(await requestMail(b.ref, 'palais@example.org')), Number(reqs[0]!.id), { action: 'confirm' });
    const caterer = linkToken(await requestMail(b.ref, 'traiteur@example.org'));
    clock.at(8 * 24);
    await watch();
    expect((await holds(b.id)).map((h) => [h.status, h.end_reason])).toEqual([['expired', 'expired']]);
    const declined = await answer(caterer, Number(reqs[1]!.id), { action: 'decline', reason: 'capacity', comment: 'Kitchen closed for works' });
    expect(declined.status).toBe(200);
    expect(await status(b.id)).toBe('needs_review');
    const r = (await requests(b.id))[1]!;
    expect([r.status, r.decline_reason, r.comment]).toEqual(['declined', 'capacity', 'Kitchen closed for works']);
    expect((await holds(b.id)).map((h) => h.status)).toEqual(['expired']);
    const brief = (await app.services.stores.briefs.findById(b.id))!;
    expect(brief.reviewReasons.map((x) => x.code)).toContain('supplier_declined');
  }, 60_000);

  it('when the caterer declines, then the next caterer in §6 order replaces it in the option and alone gets a request; when it declines too, the brief goes to the hub', async () => {
    const extra = catalogue({
      suppliers: [supplier('CUISINE', { name: 'Cuisine du Sud (test)', kind: 'caterer', city: 'Marseille' })],
      rates: [rate('CUISINE', 'dinner', 6000, { vatPct: 10 })],
    });
    await db().transaction((trx) => storesFor(trx).suppliers.upsert(extra, app.services.clock.now()));
    const b = await submit();
    await pick(b, 1);
    const reqs = await requests(b.id);
    expect(reqs.map((r) => r.supplier_id)).toEqual(['PALAIS', 'TRAITEUR']);
    await answer(linkToken(await requestMail(b.ref, 'traiteur@example.org')), Number(reqs[1]!.id), { action: 'decline', reason: 'unavailable' });
    expect(await status(b.id)).toBe('interested');
    const after = await requests(b.id);
    expect(after.map((r) => [r.supplier_id, r.status])).toEqual([
      ['PALAIS', 'open'],
      ['TRAITEUR', 'declined'],
      ['CUISINE', 'open'],
    ]);
    const quote = (await app.services.db(TABLES.quoteLines).select('supplier_id', 'item', 'unit_price_cents')) as Array<{ supplier_id: string; item: string; unit_price_cents: number }>;
    expect(quote.filter((l) => l.item === 'dinner').map((l) => [l.supplier_id, l.unit_price_cents])).toContainEqual(['CUISINE', 6000]);
    const cuisine = await requestMail(b.ref, 'cuisine@example.org');
    await settle();
    // Only the new supplier was asked: the venue got its one request, nothing more.
    expect(app.smtp.ofKind('availability_request').filter((m) => m.ref === b.ref && m.to === 'palais@example.org')).toHaveLength(1);
    await answer(linkToken(cuisine), Number(after[2]!.id), { action: 'decline', reason: 'price_changed' });
    expect(await status(b.id)).toBe('needs_review');
    expect((await requests(b.id)).map((r) => r.status)).toEqual(['withdrawn', 'declined', 'declined']);
  }, 60_000);

  it('when a decline reason is missing or the token is bad, then nothing changes and the answer is a clear page, never a 5xx', async () => {
    const b = await submit();
    await pick(b, 1);
    const reqs = await requests(b.id);
    const token = linkToken(await requestMail(b.ref, 'palais@example.org'));
    const noReason = await answer(token, Number(reqs[0]!.id), { action: 'decline' });
    expect(noReason.status).toBe(422);
    const unknown = await fetch(`${app.baseUrl}/a/${'x'.repeat(43)}`, form({ action: 'confirm', _form: 'x' }));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/lien|link/);
    expect((await requests(b.id)).map((r) => r.status)).toEqual(['open', 'open']);
  }, 60_000);

  it('when the venue declines, then the brief is re-matched without it into a new version sent to the organiser', async () => {
    const b = await submit();
    await pick(b, 1);
    const reqs = await requests(b.id);
    await answer(linkToken(await requestMail(b.ref, 'palais@example.org')), Number(reqs[0]!.id), { action: 'decline', reason: 'unavailable' });
    const after = await app.waitForStatus(b.ref, ['sent']);
    const quote = after.quote as { version: number; options: Array<{ venue: { supplier_id: string } }> };
    expect(quote.version).toBe(2);
    expect(quote.options.map((o) => o.venue.supplier_id)).toEqual(['DOCKS']);
    expect((await requests(b.id)).map((r) => r.status)).toEqual(['declined', 'withdrawn']);
  }, 60_000);

  it('when a venue holds its space for one brief, then another brief on the same dates sees it blocked "on hold" until the first is lost', async () => {
    const a = await submit('a@example.org');
    await pick(a, 1);
    const reqs = await requests(a.id);
    await answer(linkToken(await requestMail(a.ref, 'palais@example.org')), Number(reqs[0]!.id), { action: 'confirm' });

    const datesOf = async (ref: string, venueId: string) => {
      const body = (await (await app.api(`/api/briefs/${ref}`)).json()) as { quote: { options: Array<{ venue: { supplier_id: string }; reasons: Array<{ criterion: string; met: boolean; detail: string }> }> } };
      return body.quote.options.find((o) => o.venue.supplier_id === venueId)!.reasons.find((r) => r.criterion === 'dates')!;
    };
    const b = await submit('b@example.org');
    const blocked = await datesOf(b.ref, 'PALAIS');
    expect(blocked.met).toBe(false);
    expect(blocked.detail).toContain('on hold');

    await db().transaction((trx) => moveBrief(trx, a.id, { to: 'lost', actor: { kind: 'hub', ref: 'staff@example.org' }, at: clock.now(), reason: 'price' }));
    const c = await submit('c@example.org');
    expect((await datesOf(c.ref, 'PALAIS')).met).toBe(true);
    await watch();
    expect((await holds(a.id)).map((h) => [h.status, h.end_reason])).toEqual([['released', 'lost']]);
  }, 90_000);

  it('when two workers run the watch at once, then each supplier gets one reminder at half of SUPPLIER_RESPONSE_HOURS and the hub one supplier_overdue at the deadline', async () => {
    const b = await submit();
    await pick(b, 1);
    await requestMail(b.ref, 'palais@example.org');
    clock.at(12 - 1 / 60);
    await Promise.all([watch(), watch()]);
    expect(await db()(TABLES.mailLog).where({ brief_id: b.id, kind: 'availability_request' }).whereLike('dedupe_key', '%reminder%')).toHaveLength(0);
    clock.at(12);
    await Promise.all([watch(), watch(), watch()]);
    clock.at(24);
    await Promise.all([watch(), watch(), watch()]);
    await Promise.all([watch(), watch()]);
    await settle();
    const reminders = app.smtp.ofKind('availability_request').filter((m) => m.ref === b.ref && /Rappel|Reminder/.test(m.subject));
    expect(reminders.map((m) => m.to).sort()).toEqual(['palais@example.org', 'traiteur@example.org']);
    // The reminder carries working links of its own.
    expect(reminders[0]!.text).toMatch(/\/a\/[A-Za-z0-9_-]{20,}\?do=confirm/);
    const overdue = app.smtp.ofKind('supplier_overdue').filter((m) => m.ref === b.ref);
    expect(overdue.map((m) => m.to)).toEqual(['hub@example.org', 'hub@example.org']);
    expect(overdue.map((m) => m.subject).sort().join('\n')).toMatch(/Palais[\s\S]*Traiteur/);
    void DAY;
  }, 60_000);
  it('when hub staff record a booking agreed by telephone, then the brief is booked by the hub, every supplier of the picked option is told once, and a second click changes nothing', async () => {
    const b = await submit();
    await pick(b, 1);
    await addStaff(app, 'hub@staff.example', 'hub_staff');
    const hub = await signIn(app, 'hub@staff.example');
    const first = await hub.browser.post(`/hub/briefs/${b.ref}/book`, { _csrf: hub.csrf, rank: '1' });
    expect(first.status).toBe(303);
    expect(await status(b.id)).toBe('booked');
    const event = (await db()(TABLES.briefStatusEvents).where({ brief_id: b.id, to_status: 'booked' })) as Array<Record<string, unknown>>;
    expect(event).toEqual([expect.objectContaining({ from_status: 'interested', actor_kind: 'hub', actor_ref: 'hub@staff.example' })]);
    await settle();
    const told = app.smtp.ofKind('booking_confirmed').filter((m) => m.ref === b.ref).map((m) => m.to).sort();
    expect(told).toEqual(['palais@example.org', 'traiteur@example.org']);
    const again = await hub.browser.post(`/hub/briefs/${b.ref}/book`, { _csrf: hub.csrf, rank: '1' });
    expect(again.status).toBe(409);
    await settle();
    expect(app.smtp.ofKind('booking_confirmed').filter((m) => m.ref === b.ref)).toHaveLength(2);
    expect(await db()(TABLES.briefStatusEvents).where({ brief_id: b.id, to_status: 'booked' })).toHaveLength(1);
  });
});
