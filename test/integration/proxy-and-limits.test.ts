import { startTestApp, type TestApp } from '../support/test-app';
import { PROCESS_CLOCK, spawnEntry, type AppProcess } from '../support/processes';
import { startReverseProxy, type ReverseProxy } from '../support/reverse-proxy';
import { validBrief } from '../support/seed';
import { addStaff, Browser, confirmLink, csrfOf, requestLink } from './venue-portal-support';

/** SPEC §11 behind a load balancer: real processes, a real proxy hop, one Redis for the counters. */
describe('behind a load balancer: proxy hop, secure cookies, shared rate limits', () => {
  let app: TestApp;
  const procs: AppProcess[] = [];
  let proxy: ReverseProxy | null = null;
  beforeEach(async () => {
    app = await startTestApp({ workers: false, clock: PROCESS_CLOCK });
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
    await Promise.all(procs.splice(0).map((p) => p.kill9()));
    await app.stop();
  });

  const env = () => ({
    DATABASE_URL: app.database.url,
    REDIS_URL: app.services.redisUrl,
    QUEUE_PREFIX: app.services.queuePrefix,
    SMTP_URL: `smtp://127.0.0.1:${app.smtp.port}`,
    HUB_EMAIL: 'hub@example.org',
  });
  const web = async (extra: Record<string, string> = {}) => {
    const p = spawnEntry('web', { ...env(), PORT: '0', ...extra });
    procs.push(p);
    return `http://127.0.0.1:${JSON.parse(await p.waitForLog(/web listening/)).port as number}`;
  };

  it('when one client sends briefs to two web processes on one Redis, then together they refuse its 21st brief of the minute', async () => {
    const [a, b] = await Promise.all([web(), web()]);
    const post = (base: string) =>
      fetch(`${base}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' }, body: JSON.stringify(validBrief({}, PROCESS_CLOCK)) }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push(await post(i % 2 === 0 ? a! : b!));
    expect(statuses).toEqual(Array(20).fill(201));
    expect(await post(a!)).toBe(429);
    expect(await post(b!)).toBe(429);
    // Another client is still served.
    const other = await fetch(`${b}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.10' }, body: JSON.stringify(validBrief({}, PROCESS_CLOCK)) });
    expect(other.status).toBe(201);
  }, 60_000);

  it('when PUBLIC_URL is https and requests come through a proxy hop, then the session cookie is Secure, named __Host-, and HSTS is sent', async () => {
    const target = await web({ PUBLIC_URL: 'https://pce.example.test' });
    const worker = spawnEntry('worker', { ...env(), PUBLIC_URL: 'https://pce.example.test' });
    procs.push(worker);
    await worker.waitForLog(/worker started/);
    proxy = await startReverseProxy(target, 'https');
    await addStaff(app, 'admin@hub.example', 'hub_admin');

    const browser = new Browser(proxy.url);
    const signInPage = await browser.get('/auth/sign-in');
    expect(signInPage.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(signInPage.headers.get('cache-control')).toBe('no-store');
    const pre = signInPage.headers.getSetCookie().join('\n');
    expect(pre).toMatch(/__Host-pce_pre_csrf=[^;]+;.*Path=\//);
    expect(pre).toMatch(/Secure/);

    const link = await requestLink(app, browser, 'admin@hub.example');
    const confirmed = await confirmLink(browser, link);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/hub');
    const cookie = confirmed.headers.getSetCookie().find((c) => c.startsWith('__Host-pce_session='))!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const hub = await browser.get('/hub');
    expect(hub.status).toBe(200);
    expect(hub.headers.get('cache-control')).toBe('no-store');
    // The bare cookie name is not accepted over HTTPS (it could have been planted by another port).
    const planted = await fetch(`${proxy.url}/hub`, { redirect: 'manual', headers: { cookie: `pce_session=${browser.cookies.get('__Host-pce_session')}` } });
    expect(planted.status).toBe(303);
  }, 60_000);
});

describe('sign-in abuse (SPEC §11)', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ workers: false });
    await addStaff(app, 'claire@palais.example', 'hub_admin');
  });
  afterEach(async () => app.stop());

  const ask = async (client: string, email: string, headers: Record<string, string> = {}, token?: string) => {
    const browser = new Browser(app.baseUrl);
    const page = await (await browser.get('/auth/sign-in', { 'x-forwarded-for': client })).text();
    return browser.fetch('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client, ...headers },
      body: new URLSearchParams({ _csrf: token ?? csrfOf(page, '/auth/sign-in'), email }).toString(),
    });
  };

  it('when one address is asked for from ten client addresses, then the requests past five are refused', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) statuses.push((await ask(`198.51.100.${i}`, 'Claire@Palais.example')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    expect((await ask('198.51.100.11', 'someone.else@example.org')).status).toBe(200);
  });

  it('when twelve cross-site posts hit the form, then they are refused before counting, and the person can still ask for a link', async () => {
    for (let i = 0; i < 6; i++) expect((await ask('192.0.2.5', 'claire@palais.example', {}, 'forged')).status).toBe(403);
    for (let i = 0; i < 6; i++) expect((await ask('192.0.2.5', 'claire@palais.example', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).status).toBe(403);
    expect((await ask('192.0.2.5', 'claire@palais.example')).status).toBe(200);
  });

  it('when a page on another port of this host posts the attacker’s own link with a valid pair, then it is refused and the visitor stays signed in as themselves', async () => {
    // The visitor is signed in as the admin.
    const visitor = new Browser(app.baseUrl);
    const own = await confirmLink(visitor, await requestLinkWithWorkers(app, visitor, 'claire@palais.example'));
    expect(own.status).toBe(303);
    // The attacker gets a link for their own account and a valid cookie/form pair for it...
    await addStaff(app, 'attacker@evil.example', 'venue_staff', []);
    const attacker = new Browser(app.baseUrl);
    const attackLink = await requestLinkWithWorkers(app, attacker, 'attacker@evil.example');
    const confirmPage = await (await attacker.get(attackLink)).text();
    // ...plants the cookie in the visitor's browser (cookies are not bound to ports) and posts.
    for (const [k, v] of attacker.cookies) if (k !== 'pce_session') visitor.cookies.set(k, v);
    const origin = `http://127.0.0.1:${Number(new URL(app.baseUrl).port) + 1}`;
    const forged = await visitor.fetch(attackLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'sec-fetch-site': 'same-site' },
      body: new URLSearchParams({ _csrf: csrfOf(confirmPage, attackLink) }).toString(),
    });
    expect(forged.status).toBe(403);
    expect((await visitor.get('/hub')).status).toBe(200);
    // A cookie value the server did not issue is refused too, even from our own page.
    const madeUp = new Browser(app.baseUrl);
    madeUp.cookies.set('pce_pre_csrf', 'A'.repeat(43) + '.forged');
    expect((await madeUp.post(attackLink, { _csrf: csrfOf(confirmPage, attackLink) })).status).toBe(403);
    // The test can fail: the same pair from the attacker's own browser signs the attacker in.
    expect((await attacker.post(attackLink, { _csrf: csrfOf(confirmPage, attackLink) })).status).toBe(303);
  });

  it('when an Origin header is malformed, then the answer is 403, not 500', async () => {
    for (const origin of ['http://[::1', 'not a url', 'http://exa mple.org', '\u00e9://x']) {
      const res = await ask('192.0.2.9', 'claire@palais.example', { origin: encodeURI(origin) });
      expect(res.status).toBe(403);
    }
    const interest = await fetch(`${app.baseUrl}/q/${'A'.repeat(32)}/interest`, { method: 'POST', redirect: 'manual', headers: { origin: 'http://[::1', 'content-type': 'application/x-www-form-urlencoded' }, body: 'rank=1' });
    expect(interest.status).toBeLessThan(500);
  });
});

/** requestLink needs the e-mail to be sent: start the workers for it. */
async function requestLinkWithWorkers(app: TestApp, browser: Browser, email: string): Promise<string> {
  await app.startWorkers();
  try {
    return await requestLink(app, browser, email);
  } finally {
    await app.stopWorkers();
  }
}
