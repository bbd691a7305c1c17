import { startTestApp, postBrief, TEST_TOKEN, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import type { Clock } from '../../src/platform/clock';
import { moveBrief, SYSTEM } from '../../src/briefs/brief-lifecycle';
import { cancelBrief, markLost } from '../../src/briefs/brief-outcomes';
import { recordComment, recordScore } from '../../src/briefs/satisfaction-survey';
import { FunnelReadModel } from '../../src/hub/read-models/funnel-read-model';
import { parsePeriod } from '../../src/hub/dashboard-period';
import { TABLES } from '../../src/platform/tables';
import { addStaff, signIn } from './venue-portal-support';
import { bookBrief, insertRequest } from './lifecycle-fixtures';

const HOUR = 3_600_000;
const T0 = Date.parse('2027-01-04T08:00:00.000Z');
const clock: Clock = { now: () => new Date(T0) };

/**
 * SPEC §9.8 on a hand-built set of four briefs in Marseille, all quoted with one venue (PALAIS):
 * A booked (venue answered in 2 h, caterer in 4 h, satisfaction 9 with a comment), B interested then
 * lost on price (venue declined after 6 h), C lost/no_response by the system, D cancelled.
 */
describe('the funnel (SPEC §9.8)', () => {
  let app: TestApp;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    app = await startTestApp({ clock });
    await seedSmallCatalogue(app.services);
    for (const name of ['A', 'B', 'C', 'D']) {
      const { ref } = (await (await postBrief(app, validBrief({ organiser: { name: 'Ada Martin', email: `${name.toLowerCase()}@example.org`, language: 'en' } }))).json()) as { ref: string };
      await app.waitForStatus(ref, ['sent']);
      ids[name] = (await app.services.stores.briefs.findByRef(ref))!.id;
    }
    const db = app.services.db;
    const at = (h: number) => new Date(T0 + h * HOUR);
    const deps = { db, clock, renderer: app.services.renderer, config: app.services.config };
    await bookBrief(db, ids.A!, at(0));
    await insertRequest(db, ids.A!, { supplierId: 'PALAIS', role: 'venue', status: 'confirmed', createdAt: at(0), answeredAt: at(2) });
    await insertRequest(db, ids.A!, { supplierId: 'TRAITEUR', role: 'service', status: 'confirmed', createdAt: at(0), answeredAt: at(4) });
    await recordScore(db, ids.A!, 9, at(5));
    await recordComment(db, ids.A!, 'Superb dinner', at(5));
    await db(TABLES.briefs).where({ id: ids.B }).update({ interest_rank: 1 });
    await db.transaction((trx) => moveBrief(trx, ids.B!, { to: 'interested', actor: { kind: 'organiser' }, at: at(0) }));
    await insertRequest(db, ids.B!, { supplierId: 'PALAIS', role: 'venue', status: 'declined', declineReason: 'unavailable', createdAt: at(0), answeredAt: at(6) });
    const refOf = async (id: number) => (await app.services.stores.briefs.findById(id))!.ref!;
    expect(await markLost(deps, await refOf(ids.B!), { reason: 'price' }, 'desk@example.org')).toEqual(expect.objectContaining({ ok: true }));
    await db.transaction((trx) => moveBrief(trx, ids.C!, { to: 'lost', actor: SYSTEM, at: at(1), reason: 'no_response' }));
    await cancelBrief(deps, await refOf(ids.D!), {}, 'desk@example.org');
  });
  afterAll(async () => app.stop());

  const period = () => parsePeriod({ from: '2027-01-01', to: '2027-01-31' }, clock.now());

  it('when the period holds the four briefs, then the totals, lost reasons, response times, decline rate and satisfaction are the hand-computed ones', async () => {
    const funnel = await new FunnelReadModel(app.services.db).load(period());
    expect(funnel.total).toEqual(
      expect.objectContaining({
        received: 4, quoted: 4, interested: 2, confirmed: 1, booked: 1, cancelled: 1, lostTotal: 2,
        lost: { price: 1, availability: 0, destination_elsewhere: 0, cancelled_by_client: 0, no_response: 1, other: 0 },
        // 2 h, 4 h, 6 h: nearest-rank median the 2nd, p90 the 3rd; one of three declined.
        responses: 3, responseMedianSeconds: 4 * 3600, responseP90Seconds: 6 * 3600, declined: 1,
        satisfactionCount: 1, satisfactionMean: 9, satisfactionMedian: 9,
      }),
    );
    expect(funnel.destinations.map((d) => [d.name, d.received, d.booked, d.responseMedianSeconds])).toEqual([['Marseille', 4, 1, 4 * 3600]]);
    // Per venue: offered to all four; later steps only where its option was picked (A, B); its own answers only (2 h, 6 h).
    expect(funnel.venues).toEqual([
      expect.objectContaining({
        key: 'PALAIS', name: 'Palais du Pharo (test)', received: 4, quoted: 4, interested: 2, confirmed: 1, booked: 1, cancelled: 0, lostTotal: 1,
        responses: 2, responseMedianSeconds: 2 * 3600, responseP90Seconds: 6 * 3600, declined: 1, satisfactionCount: 1, satisfactionMean: 9,
      }),
    ]);
    expect(funnel.comments).toEqual([expect.objectContaining({ score: 9, comment: 'Superb dinner' })]);
    const empty = await new FunnelReadModel(app.services.db).load(parsePeriod({ from: '2026-12-01', to: '2026-12-31' }, clock.now()));
    expect(empty.total.received).toBe(0);
    expect(empty.venues).toEqual([]);
  });

  it('when hub staff open the dashboard for the period, then the funnel shows one booked brief and the comment', async () => {
    await addStaff(app, 'hub@example.org', 'hub_staff');
    const { browser } = await signIn(app, 'hub@example.org');
    const html = await (await browser.get('/hub?from=2027-01-01&to=2027-01-31')).text();
    const total = /<table class="funnel" id="funnel-total">[\s\S]*?<\/table>/.exec(html)![0];
    expect(total).toContain('<td class="num booked">1</td>');
    expect(total).toContain('price 1, no_response 1');
    expect(total).toContain('4 h 00 min / 6 h 00 min');
    expect(total).toContain('33.3 %');
    expect(html).toContain('Superb dinner');
  });

  it('when the venue staff open their leads, then they see the score and comment of their booked event', async () => {
    await addStaff(app, 'sales@palais.example', 'venue_staff', ['PALAIS']);
    const { browser } = await signIn(app, 'sales@palais.example');
    const html = await (await browser.get('/venue/PALAIS')).text();
    const leads = /<section id="leads"[\s\S]*?<\/section>/.exec(html)![0];
    expect(leads).toContain('9\u00a0/\u00a010');
    expect(leads).toContain('Superb dinner');
    expect(leads.match(/lead-satisfaction/g)).toHaveLength(1);
  });

  it('when Prometheus scrapes /metrics, then every transition is counted from the recorded events', async () => {
    const text = await (await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).text();
    const value = (labels: string) => Number(text.split('\n').find((l) => l.startsWith(`pce_brief_transitions_total{${labels}} `))?.split(' ')[1]);
    expect(value('from="received",to="matching",reason=""')).toBe(4);
    expect(value('from="matching",to="sent",reason=""')).toBe(4);
    expect(value('from="confirmed",to="booked",reason=""')).toBe(1);
    expect(value('from="interested",to="lost",reason="price"')).toBe(1);
    expect(value('from="sent",to="lost",reason="no_response"')).toBe(1);
    expect(value('from="sent",to="cancelled",reason=""')).toBe(1);
  });
});
