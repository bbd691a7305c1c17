import { startTestApp, type TestApp } from '../support/test-app';
import { validBrief } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { rowCounts } from '../support/arbitraries';
import { Browser, csrfOf } from './venue-portal-support';

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
    fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json', ...from(ip) }, body: JSON.stringify(validBrief()) });

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
    let n = 0;
    const ask = async (ip: string) => {
      const browser = new Browser(app.baseUrl);
      const page = await (await browser.get('/auth/sign-in', from(ip))).text();
      return browser.fetch('/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...from(ip) },
        // A different address each time: the per-address limit (five) is the next test's.
        body: new URLSearchParams({ _csrf: csrfOf(page, '/auth/sign-in'), email: `nobody${n++}@example.org` }).toString(),
      });
    };
    for (let i = 0; i < 10; i++) expect((await ask('198.51.100.1')).status).toBe(200);
    const mailsBefore = await rowCounts(app.services.db, [TABLES.mailLog, TABLES.loginTokens]);
    const refused = await ask('198.51.100.1');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many sign-in requests');
    expect(await rowCounts(app.services.db, [TABLES.mailLog, TABLES.loginTokens])).toEqual(mailsBefore);
    expect((await ask('198.51.100.2')).status).toBe(200);
  });
});
