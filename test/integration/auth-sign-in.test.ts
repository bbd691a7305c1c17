import { startTestApp, type TestApp } from '../support/test-app';
import { testClock } from '../support/clock';
import { seedSmallCatalogue } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { sha256Hex } from '../../src/auth/tokens';
import { addStaff, Browser, confirmLink, csrfOf, requestLink, signIn } from './venue-portal-support';

describe('staff sign-in by e-mailed link', () => {
  let app: TestApp;
  let now: Date;
  beforeEach(async () => {
    now = testClock().now();
    app = await startTestApp({ clock: { now: () => now } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'claire@palais.example', 'venue_staff', ['PALAIS']);
  });
  afterEach(async () => {
    await app.stop();
  });

  it('when a staff member asks for a link, then a login_link e-mail arrives and the link signs in once, not twice', async () => {
    const browser = new Browser(app.baseUrl);
    const link = await requestLink(app, browser, 'claire@palais.example');
    const [mail] = app.smtp.ofKind('login_link');
    expect(mail!.html).toContain(link);
    expect(mail!.subject).toMatch(/sign-in link/i);

    const token = link.split('/').pop()!;
    const stored = await app.services.db(TABLES.loginTokens).select('token_hash');
    expect(stored.map((r: { token_hash: string }) => r.token_hash)).toEqual([sha256Hex(token)]);

    // Opening the link twice (a mail scanner, then the person) does not use it up.
    expect((await browser.get(link)).status).toBe(200);
    const confirmed = await confirmLink(browser, link);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/venue');
    const cookie = confirmed.headers.getSetCookie().find((c) => c.startsWith('pce_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    const sessionId = /pce_session=([^;]+)/.exec(cookie)![1]!;
    const sessions = await app.services.db(TABLES.staffSessions).select('session_hash', 'expires_at');
    expect(sessions.map((s: { session_hash: string }) => s.session_hash)).toEqual([sha256Hex(decodeURIComponent(sessionId))]);

    const venue = await browser.get('/venue');
    expect(venue.status).toBe(200);
    expect(await venue.text()).toContain('Palais du Pharo (test)');

    const again = await confirmLink(new Browser(app.baseUrl), link);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already been used');
  });

  it('when the address has no account, then the same answer is shown and no e-mail is written', async () => {
    const browser = new Browser(app.baseUrl);
    const form = await (await browser.get('/auth/sign-in')).text();
    const unknown = await browser.post('/auth/sign-in', { _csrf: csrfOf(form), email: 'nobody@example.org' });
    const known = await browser.post('/auth/sign-in', { _csrf: csrfOf(form), email: 'Claire@Palais.example' });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(await unknown.text())).toBe(strip(await known.text()));
    // The link is written after the answer (same timing for both): wait for the known one's row.
    const recipients = async () => (await app.services.db(TABLES.mailLog).where({ kind: 'login_link' }).select('recipient')).map((r: { recipient: string }) => r.recipient);
    for (let i = 0; i < 100 && (await recipients()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(await recipients()).toEqual(['claire@palais.example']);
  });

  it('when the link is opened after 30 minutes, then it is refused with a way to ask for a new one', async () => {
    const browser = new Browser(app.baseUrl);
    const link = await requestLink(app, browser, 'claire@palais.example');
    // The confirm page was opened in time (its form is bound to this link), the button pressed late.
    const confirmForm = await (await browser.get(link)).text();
    now = new Date(now.getTime() + 31 * 60_000);
    const page = await browser.get(link);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('expired');
    expect(html).toContain('href="/auth/sign-in"');
    expect((await browser.post(link, { _csrf: csrfOf(confirmForm, link) })).status).toBe(410);
    expect(Number((await app.services.db(TABLES.staffSessions).count({ n: '*' }).first())!.n)).toBe(0);
  });

  it('when a pre-session form arrives without its cookie token, then it is refused with 403', async () => {
    const browser = new Browser(app.baseUrl);
    const link = await requestLink(app, browser, 'claire@palais.example');
    const stranger = new Browser(app.baseUrl);
    expect((await stranger.post('/auth/sign-in', { email: 'claire@palais.example' })).status).toBe(403);
    expect((await stranger.post(link, { _csrf: 'forged' })).status).toBe(403);
    // The link is still usable by its owner.
    expect((await confirmLink(browser, link)).status).toBe(303);
  });

  it('when signed out, then the session stops working and sign-out itself needs the CSRF token', async () => {
    const { browser, csrf } = await signIn(app, 'claire@palais.example');
    expect((await browser.post('/auth/sign-out', { _csrf: 'wrong' })).status).toBe(403);
    const out = await browser.post('/auth/sign-out', { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/auth/sign-in?signed_out=1');
    expect(browser.cookies.has('pce_session')).toBe(false);
    expect(Number((await app.services.db(TABLES.staffSessions).count({ n: '*' }).first())!.n)).toBe(0);
    expect((await browser.get('/venue')).status).toBe(303);
  });

  it('when someone signs in again, then a new session id is issued and the old one stops working', async () => {
    const first = await signIn(app, 'claire@palais.example');
    const oldCookie = first.browser.cookies.get('pce_session')!;
    const link = await requestLink(app, first.browser, 'claire@palais.example');
    expect((await confirmLink(first.browser, link)).status).toBe(303);
    expect(first.browser.cookies.get('pce_session')).not.toBe(oldCookie);
    const stale = new Browser(app.baseUrl);
    stale.cookies.set('pce_session', oldCookie);
    expect((await stale.get('/venue')).status).toBe(303);
    expect((await first.browser.get('/venue')).status).toBe(200);
  });

  it('when the session is older than 12 hours, then the person is sent to sign in again', async () => {
    const { browser } = await signIn(app, 'claire@palais.example');
    now = new Date(now.getTime() + 12 * 3600_000 + 1000);
    const res = await browser.get('/venue/PALAIS');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/auth/sign-in?next=%2Fvenue%2FPALAIS');
  });

  it('when a signed-out person opens a portal page, then they are sent to sign-in and come back after it', async () => {
    const browser = new Browser(app.baseUrl);
    const res = await browser.get('/venue/PALAIS');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/auth/sign-in?next=%2Fvenue%2FPALAIS');
    const json = await browser.get('/venue/PALAIS', { accept: 'application/json' });
    expect(json.status).toBe(401);
    const link = await requestLink(app, browser, 'claire@palais.example', '/venue/PALAIS');
    const confirmed = await confirmLink(browser, link);
    expect(confirmed.headers.get('location')).toBe('/venue/PALAIS');
  });

  it('when next points off-site, then sign-in ignores it and lands on the portal', async () => {
    const browser = new Browser(app.baseUrl);
    const link = await requestLink(app, browser, 'claire@palais.example', '//evil.example/x');
    expect((await confirmLink(browser, link)).headers.get('location')).toBe('/venue');
  });

  it('when one client asks for links too often, then it is slowed down with 429', async () => {
    const browser = new Browser(app.baseUrl);
    const csrf = csrfOf(await (await browser.get('/auth/sign-in')).text());
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await browser.post('/auth/sign-in', { _csrf: csrf, email: `x${i}@example.org` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
