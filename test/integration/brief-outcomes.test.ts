import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { startWorkers, type WorkerHost } from '../../workers/worker-host';
import { TABLES } from '../../src/platform/tables';
import type { Clock } from '../../src/platform/clock';
import { cancelBrief, expireUnanswered } from '../../src/briefs/brief-outcomes';
import { sendSatisfactionSurveys } from '../../src/briefs/satisfaction-survey';
import { statusHistory } from '../../src/briefs/brief-lifecycle';
import { addStaff, csrfOf, signIn } from './venue-portal-support';
import { bookBrief, insertHold, insertRequest, mintSurveyLink } from './lifecycle-fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2027-01-04T08:00:00.000Z');

class TestClock implements Clock {
  t = T0;
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): Date {
    this.t = Date.parse(iso);
    return this.now();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('after the quote: lost, cancelled, no_response, satisfaction (SPEC §9.6–9.8)', () => {
  let app: TestApp;
  let clock: TestClock;
  const hosts: WorkerHost[] = [];

  beforeEach(async () => {
    clock = new TestClock();
    app = await startTestApp({ clock, env: { PUBLIC_URL: 'https://fo.example.org', QUOTE_VALID_DAYS: '30' } });
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.close()));
    await app.stop();
  });

  const deps = () => ({ db: app.services.db, clock: app.services.clock, renderer: app.services.renderer, config: app.services.config, logger: app.services.logger });
  const sentBrief = async (email = 'ada@example.org') => {
    // The event of 10–12 March 2027, on this suite's clock (January 2027): the holds and the survey below count on it.
    const res = await postBrief(app, validBrief({ organiser: { name: 'Ada Martin', email, language: 'en' }, event: { ...validBrief().event, start_date: '2027-03-10', end_date: '2027-03-12' } }));
    const { ref } = (await res.json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);
    return { ref, id: (await app.services.stores.briefs.findByRef(ref))!.id };
  };
  const supplierEmail = async (id: string) => ((await app.services.db(TABLES.suppliers).where({ supplier_id: id }).first('email')) as { email: string }).email;
  const logged = async (briefId: number, kind: string) => (await app.services.db(TABLES.mailLog).where({ brief_id: briefId, kind })).length;
  const settle = async () => {
    for (let i = 0; i < 200; i++) {
      const pending = await app.services.db(TABLES.mailLog).whereIn('status', ['pending', 'sending']).count({ n: '*' });
      if (Number((pending[0] as { n: number | string }).n) === 0) break;
      await sleep(50);
    }
    await sleep(300);
  };
  /** Requests open to the venue and the caterer, one already confirmed, and the venue's auditorium on hold. */
  const openRequestsAndHold = async (id: number) => {
    const at = clock.now();
    await insertRequest(app.services.db, id, { supplierId: 'PALAIS', role: 'venue', status: 'confirmed', createdAt: at, answeredAt: new Date(at.getTime() + HOUR) });
    await insertRequest(app.services.db, id, { supplierId: 'TRAITEUR', role: 'service', createdAt: at });
    await insertRequest(app.services.db, id, { supplierId: 'PALAIS', role: 'venue', createdAt: at, optionRank: 2 });
    await insertHold(app.services.db, id, { supplierId: 'PALAIS', spaceId: 'AUDI', start: '2027-03-10', end: '2027-03-12', createdAt: at });
  };

  it('when hub staff mark a brief lost from the desk, then its open requests are withdrawn, its hold released, each supplier told once, and a second click changes nothing', async () => {
    const { ref, id } = await sentBrief();
    await openRequestsAndHold(id);
    await addStaff(app, 'desk@example.org', 'hub_staff');
    const { browser } = await signIn(app, 'desk@example.org');
    const desk = await (await browser.get(`/hub/briefs/${ref}`)).text();
    expect(desk).toContain('id="lost-form"');

    // No reason: refused, nothing changed.
    const refused = await browser.post(`/hub/briefs/${ref}/lost`, { _csrf: csrfOf(desk, `/hub/briefs/${ref}/lost`), reason: '', comment: 'x' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('choose a reason');
    expect((await app.services.stores.briefs.findById(id))!.status).toBe('sent');

    const res = await browser.post(`/hub/briefs/${ref}/lost`, { _csrf: csrfOf(desk, `/hub/briefs/${ref}/lost`), reason: 'price', comment: 'Went with a cheaper hotel' });
    expect(res.status).toBe(303);
    const again = await browser.post(`/hub/briefs/${ref}/lost`, { _csrf: csrfOf(desk, `/hub/briefs/${ref}/lost`), reason: 'other' });
    expect(again.status).toBe(409);

    const row = await app.services.db(TABLES.briefs).where({ id }).first('status', 'lost_reason');
    expect(row).toEqual({ status: 'lost', lost_reason: 'price' });
    const lost = (await statusHistory(app.services.db, id)).filter((e) => e.to === 'lost');
    expect(lost).toEqual([expect.objectContaining({ from: 'sent', actorKind: 'hub', actorRef: 'desk@example.org', reason: 'price', comment: 'Went with a cheaper hotel' })]);
    const requests = await app.services.db(TABLES.availabilityRequests).where({ brief_id: id }).orderBy('id').select('supplier_id', 'status');
    expect(requests).toEqual([
      { supplier_id: 'PALAIS', status: 'confirmed' },
      { supplier_id: 'TRAITEUR', status: 'withdrawn' },
      { supplier_id: 'PALAIS', status: 'withdrawn' },
    ]);
    const hold = await app.services.db(TABLES.holds).where({ brief_id: id }).first('status', 'end_reason');
    expect(hold).toEqual({ status: 'released', end_reason: 'lost' });

    await settle();
    const told = app.smtp.ofKind('request_withdrawn').filter((m) => m.ref === ref);
    expect(told.map((m) => m.to).sort()).toEqual([await supplierEmail('PALAIS'), await supplierEmail('TRAITEUR')].sort());
    expect(told.every((m) => /retirée|withdrawn/.test(m.text))).toBe(true);
    expect(told.map((m) => m.text).join('\n')).toContain('Auditorium');

    const page = await (await browser.get(`/hub/briefs/${ref}?ended=lost`)).text();
    expect(page).toContain('Reason: <strong>Price</strong>');
    expect(page).not.toContain('id="lost-form"');
  });

  it('when the hub cancels a brief, then the same happens with end reason cancelled, and running it twice tells nobody twice', async () => {
    const { ref, id } = await sentBrief();
    await openRequestsAndHold(id);
    const first = await cancelBrief(deps(), ref, { comment: 'client called' }, 'desk@example.org');
    expect(first).toEqual(expect.objectContaining({ ok: true, ended: { withdrawn: 2, released: 1, told: 2 } }));
    await expect(cancelBrief(deps(), ref, {}, 'desk@example.org')).rejects.toThrow(/no longer in a status/);
    expect((await app.services.db(TABLES.holds).where({ brief_id: id }).first('end_reason')).end_reason).toBe('cancelled');
    expect(await logged(id, 'request_withdrawn')).toBe(2);
  });

  it('when a sent brief goes unanswered QUOTE_VALID_DAYS with two workers and repeated runs, then it becomes lost/no_response once, by the system, and its suppliers are told once', async () => {
    const { id } = await sentBrief();
    await openRequestsAndHold(id);
    const sentAt = Date.parse((await statusHistory(app.services.db, id)).find((e) => e.to === 'sent')!.at);

    clock.t = sentAt + 30 * DAY - 60_000;
    expect(await expireUnanswered(deps())).toEqual({ lost: 0, failed: 0 });
    expect((await app.services.stores.briefs.findById(id))!.status).toBe('sent');

    clock.t = sentAt + 30 * DAY;
    const schedule = { quoteExpiryEveryMs: 150, reconcileEveryMs: 500, reconcileGraceMs: 2000 };
    hosts.push(await startWorkers(app.services, schedule), await startWorkers(app.services, schedule));
    const runs = await Promise.all([expireUnanswered(deps()), expireUnanswered(deps())]);
    expect(runs.reduce((n, r) => n + r.lost, 0)).toBeLessThanOrEqual(1);
    for (let i = 0; i < 100 && (await app.services.stores.briefs.findById(id))!.status !== 'lost'; i++) await sleep(50);
    await sleep(600); // several scheduled passes of both workers
    await settle();

    expect(await app.services.db(TABLES.briefs).where({ id }).first('status', 'lost_reason')).toEqual({ status: 'lost', lost_reason: 'no_response' });
    const lost = (await statusHistory(app.services.db, id)).filter((e) => e.to === 'lost');
    expect(lost).toEqual([expect.objectContaining({ actorKind: 'system', reason: 'no_response' })]);
    expect(await logged(id, 'request_withdrawn')).toBe(2);
    expect(app.smtp.ofKind('request_withdrawn')).toHaveLength(2);
  });

  it('when a booked event has ended, then the organiser gets one survey the next day whatever the workers, the link records a score once and then a comment', async () => {
    const { ref, id } = await sentBrief();
    const other = await sentBrief('bob@example.org');
    await bookBrief(app.services.db, id, clock.now());

    clock.set('2027-03-12T20:00:00.000Z'); // 21:00 in Paris, the last day of the event
    expect((await sendSatisfactionSurveys(deps())).queued).toBe(0);

    clock.set('2027-03-12T23:30:00.000Z'); // 00:30 on 13 March in Paris: the day after
    const schedule = { satisfactionSurveyEveryMs: 150, reconcileEveryMs: 500, reconcileGraceMs: 2000 };
    hosts.push(await startWorkers(app.services, schedule), await startWorkers(app.services, schedule));
    await Promise.all([sendSatisfactionSurveys(deps()), sendSatisfactionSurveys(deps())]);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'satisfaction_survey'));
    await sleep(600);
    await settle();
    const surveys = app.smtp.ofKind('satisfaction_survey');
    expect(surveys).toHaveLength(1);
    expect(surveys[0]!.to).toBe('ada@example.org');
    expect(surveys[0]!.ref).toBe(ref);
    const links = [...surveys[0]!.text.matchAll(/https:\/\/fo\.example\.org(\/survey\/[A-Za-z0-9_-]+\/(\d+))/g)];
    expect(links.map((l) => l[2])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // The mail log keeps the redacted copy only.
    const stored = await app.services.db(TABLES.mailLog).where({ brief_id: id, kind: 'satisfaction_survey' }).first('text');
    expect(stored.text).toContain('SURVEY-LINK-REDACTED');

    const seven = links[7]![1]!;
    const token = seven.split('/')[2]!;
    const page = await fetch(app.baseUrl + seven);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/value="7" checked/);
    expect(await app.services.db(TABLES.satisfactionResponses).where({ brief_id: id })).toHaveLength(0); // GET changes nothing

    const post = (path: string, form: Record<string, string>) =>
      fetch(app.baseUrl + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    expect((await post(`/survey/${token}`, { score: '7' })).status).toBe(303);
    expect((await post(`/survey/${token}`, { score: '2' })).status).toBe(303);
    const after = await (await fetch(`${app.baseUrl}/survey/${token}`)).text();
    expect(after).toContain('your score of 7 out of 10 is recorded');
    expect((await post(`/survey/${token}/comment`, { comment: '' })).status).toBe(422);
    expect((await post(`/survey/${token}/comment`, { comment: 'Great venue, the dinner was superb.' })).status).toBe(303);
    expect((await post(`/survey/${token}/comment`, { comment: 'changed my mind' })).status).toBe(200);
    const response = await app.services.db(TABLES.satisfactionResponses).where({ brief_id: id }).first('score', 'comment');
    expect(response).toEqual({ score: 7, comment: 'Great venue, the dinner was superb.' });

    // A bad token: a clear page in the visitor's language, never a 500.
    const bad = await fetch(`${app.baseUrl}/survey/not-a-real-token-000000/5`, { headers: { 'accept-language': 'fr-FR' } });
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('Ce lien ne fonctionne pas');

    // outcome (SPEC §9.8) carries the history, the pick and the satisfaction.
    const body = (await (await app.api(`/api/briefs/${ref}`)).json()) as { outcome: Record<string, unknown> };
    expect(body.outcome).toEqual({
      history: [
        expect.objectContaining({ from: 'received', to: 'matching', actor: 'system' }),
        expect.objectContaining({ from: 'matching', to: 'sent', actor: 'system' }),
        expect.objectContaining({ from: 'sent', to: 'interested', actor: 'organiser', reason: 'option_1' }),
        expect.objectContaining({ from: 'interested', to: 'confirmed', actor: 'system' }),
        expect.objectContaining({ from: 'confirmed', to: 'booked', actor: 'organiser' }),
      ],
      picked_option: { rank: 1, quote_version: 1, venue: { supplier_id: 'PALAIS', name: 'Palais du Pharo (test)' }, picked_at: new Date(T0).toISOString() },
      requests: [],
      holds: [],
      lost_reason: null,
      satisfaction: { score: 7, comment: 'Great venue, the dinner was superb.', answered_at: expect.any(String), commented_at: expect.any(String) },
    });
    // Another brief's survey token does not open this one; a quote token is not a survey token.
    const otherToken = await mintSurveyLink(app.services.db, other.id);
    expect((await post(`/survey/${otherToken}`, { score: '1' })).status).toBe(303);
    expect((await app.services.db(TABLES.satisfactionResponses).where({ brief_id: id }).first('score')).score).toBe(7);
  });

  it('when the API reads a lost brief, then outcome lists its requests with their answers, its holds and the lost reason', async () => {
    const { ref, id } = await sentBrief();
    await openRequestsAndHold(id);
    await cancelBrief(deps(), ref, {}, 'desk@example.org');
    const { outcome } = (await (await app.api(`/api/briefs/${ref}`)).json()) as { outcome: { requests: unknown[]; holds: unknown[]; history: { to: string }[]; lost_reason: unknown; picked_option: unknown } };
    expect(outcome.history.map((e) => e.to)).toEqual(['matching', 'sent', 'cancelled']);
    expect(outcome.picked_option).toBeNull();
    expect(outcome.lost_reason).toBeNull();
    expect(outcome.requests).toEqual([
      expect.objectContaining({ supplier_id: 'PALAIS', role: 'venue', status: 'confirmed', answered_at: expect.any(String), decline_reason: null }),
      expect.objectContaining({ supplier_id: 'TRAITEUR', role: 'service', status: 'withdrawn', answered_at: null }),
      expect.objectContaining({ supplier_id: 'PALAIS', status: 'withdrawn', option_rank: 2 }),
    ]);
    expect(outcome.holds).toEqual([{ supplier_id: 'PALAIS', space_id: 'AUDI', start_date: '2027-03-10', end_date: '2027-03-12', status: 'released', expires_at: expect.any(String), ended_at: expect.any(String), end_reason: 'cancelled' }]);
  });
});
