import { startTestApp, type TestApp } from '../support/test-app';
import { validBrief } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { rowCounts } from '../support/arbitraries';
import { addStaff, Browser, csrfOf } from './venue-portal-support';

/** The app trusts X-Forwarded-For from loopback only (its reverse proxy): each value is one client here. */
const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('rate limits', () => {
  let app: TestApp;

  beforeEach(async () => {
    const now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now }, workers: false, env: { INTAKE_RATE_LIMIT: '5' } });
  });
  afterEach(async () => {
    await app.stop();
  });

  const postBrief = (ip: string) =>
    fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json', ...from(ip) }, body: JSON.stringify(validBrief({}, app.services.clock)) });

  it('when one client sends more briefs than INTAKE_RATE_LIMIT in a minute, then the next answers 429 with a JSON error, stores nothing, and another client is still served', async () => {
    for (let i = 0; i < 5; i++) expect((await postBrief('203.0.113.7')).status).toBe(201);
    const before = await rowCounts(app.services.db, [TABLES.briefs, TABLES.outbox, TABLES.mailLog]);

    const refused = await postBrief('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({ errors: [{ field: '(request)', message: expect.stringMatching(/too many/) }] });
    // The form shares the same allowance: it cannot be used to get around the limit.
    const form = await fetch(`${app.baseUrl}/briefs`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...from('203.0.113.7') }, body: 'organiser.name=A' });
    expect(form.status).toBe(429);
    expect(await rowCounts(app.services.db, [TABLES.briefs, TABLES.outbox, TABLES.mailLog])).toEqual(before);

    expect((await postBrief('203.0.113.8')).status).toBe(201);
  });

  it('when one client asks for sign-in links again and again, then it is refused with 429 after ten, sends no more e-mails, and another client can still ask', async () => {
    // Real accounts, a different one each time (the per-address limit of five is another test's):
    // each accepted request queues a sign-in e-mail, so "no more e-mails" is seen to mean something.
    for (let i = 0; i < 12; i++) await addStaff(app, `staff${i}@example.org`, 'hub_staff');
    let n = 0;
    const ask = async (ip: string) => {
      const browser = new Browser(app.baseUrl);
      const page = await (await browser.get('/auth/sign-in', from(ip))).text();
      return browser.fetch('/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...from(ip) },
        body: new URLSearchParams({ _csrf: csrfOf(page, '/auth/sign-in'), email: `staff${n++}@example.org` }).toString(),
      });
    };
    const counts = () => rowCounts(app.services.db, [TABLES.mailLog, TABLES.loginTokens]);
    const plus = (base: Record<string, number>, n: number) => Object.fromEntries(Object.entries(base).map(([t, c]) => [t, c + n]));
    // The link is written after the answer has gone (its timing must not tell whether an account exists).
    const countsReach = async (want: Record<string, number>) => {
      for (let i = 0; i < 400 && JSON.stringify(await counts()) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 50));
      return counts();
    };
    const before = await counts();
    for (let i = 0; i < 10; i++) expect((await ask('198.51.100.1')).status).toBe(200);
    const afterTen = await countsReach(plus(before, 10));
    expect(afterTen).toEqual(plus(before, 10));
    const refused = await ask('198.51.100.1');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many sign-in requests');
    // Another client is still served (staff11); once its e-mail is written, the refused address
    // (staff10) has none and there is exactly one more e-mail and link than after the tenth.
    expect((await ask('198.51.100.2')).status).toBe(200);
    await countsReach(plus(afterTen, 1));
    const mailTo = async (to: string) => Number(((await app.services.db(TABLES.mailLog).where({ recipient: to }).count({ n: '*' })) as [{ n: unknown }])[0].n);
    expect(await mailTo('staff11@example.org')).toBe(1);
    expect(await mailTo('staff10@example.org')).toBe(0);
    expect(await counts()).toEqual(plus(afterTen, 1));
  });
});
