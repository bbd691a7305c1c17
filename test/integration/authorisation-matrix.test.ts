import { startTestApp, postBrief, TEST_TOKEN, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { catalogue, rate, space, venue } from '../support/catalogue-factory';
import { addStaff, signIn, csrfOf, Browser } from './venue-portal-support';
import { mintQuoteLink } from '../support/quote-link';
import { mountedRoutes } from '../support/routes';
import { createApp } from '../../src/app';
import { storesFor } from '../../src/stores';

type Actor = 'anonymous' | 'venue_other' | 'venue_own' | 'hub_staff' | 'hub_admin' | 'bearer' | 'wrong_bearer';
const ACTORS: Actor[] = ['anonymous', 'venue_other', 'venue_own', 'hub_staff', 'hub_admin', 'bearer', 'wrong_bearer'];

/** Signed out, a page sends you to sign-in (302/303); a JSON API answers 401. */
const SIGN_IN = 'sign-in';
type Expect = number | number[] | typeof SIGN_IN;

/** Typed by an organiser into a brief: every staff page must show it escaped. */
const PAYLOAD = '<img src=x onerror=alert(1)>';
const ESCAPED_PAYLOAD = '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;';
/** Brief B's event title: only B's organiser link may show it. */
const TITLE_B = 'Bea board retreat';

/**
 * Every route against every role. A row lists the expected answer per actor; the test walks
 * the whole table, so a new route without a row here is a review question, not an accident.
 */
describe('authorisation matrix', () => {
  let app: TestApp;
  const clients = new Map<Actor, { browser: Browser; csrf: string | null; headers: Record<string, string> }>();
  let refA: string;
  let refB: string;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTAKE_RATE_LIMIT: '1000' } });
    await seedSmallCatalogue(app.services);
    await app.services.db.transaction((trx) =>
      storesFor(trx).suppliers.upsert(
        catalogue({ suppliers: [venue('OTHER', { city: 'Nice' })], spaces: [space('OTHER', 'HALL', { theatre: 50 })], rates: [rate('OTHER', 'day_delegate', 5000)] }),
        app.services.clock.now(),
      ),
    );
    refA = ((await (await postBrief(app, validBrief({ organiser: { name: `Ada ${PAYLOAD}`, email: 'ada@example.org', organisation: PAYLOAD }, notes: PAYLOAD }))).json()) as { ref: string }).ref;
    refB = ((await (await postBrief(app, validBrief({ organiser: { name: 'Bea', email: 'bea@example.org' }, event: { ...validBrief().event, title: TITLE_B } }))).json()) as { ref: string }).ref;
    await app.waitForStatus(refA, ['sent', 'needs_review']);
    await app.waitForStatus(refB, ['sent']);
    tokenA = await mintQuoteLink(app, (await app.services.stores.briefs.findByRef(refA))!.id);
    tokenB = await mintQuoteLink(app, (await app.services.stores.briefs.findByRef(refB))!.id);

    await addStaff(app, 'own@example.org', 'venue_staff', ['PALAIS']);
    await addStaff(app, 'other@example.org', 'venue_staff', ['OTHER']);
    await addStaff(app, 'staff@example.org', 'hub_staff');
    await addStaff(app, 'admin@example.org', 'hub_admin');
    for (const [actor, email] of [['venue_own', 'own@example.org'], ['venue_other', 'other@example.org'], ['hub_staff', 'staff@example.org'], ['hub_admin', 'admin@example.org']] as const) {
      const { browser, csrf } = await signIn(app, email);
      clients.set(actor, { browser, csrf, headers: {} });
    }
    clients.set('anonymous', { browser: new Browser(app.baseUrl), csrf: null, headers: {} });
    clients.set('bearer', { browser: new Browser(app.baseUrl), csrf: null, headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    clients.set('wrong_bearer', { browser: new Browser(app.baseUrl), csrf: null, headers: { authorization: 'Bearer not-the-token-not-the-token' } });
  }, 60_000);
  afterAll(async () => app.stop());

  const ask = async (actor: Actor, method: 'GET' | 'POST' | 'PUT', path: string, form: Record<string, string> = {}, json?: unknown): Promise<Response> => {
    const c = clients.get(actor)!;
    if (method === 'GET') return c.browser.get(path, c.headers);
    if (json !== undefined || method === 'PUT') return c.browser.fetch(path, { method, headers: { ...c.headers, 'content-type': 'application/json' }, body: JSON.stringify(json ?? {}) });
    const body = new URLSearchParams({ ...(c.csrf ? { _csrf: c.csrf } : {}), ...form }).toString();
    return c.browser.fetch(path, { method: 'POST', headers: { ...c.headers, 'content-type': 'application/x-www-form-urlencoded' }, body });
  };

  const matches = (status: number, expected: Expect) =>
    expected === SIGN_IN ? status === 302 || status === 303 : Array.isArray(expected) ? expected.includes(status) : status === expected;

  const staffOnly = (hub: Expect, venueOwn: Expect, venueOther: Expect, admin: Expect = hub): Record<Actor, Expect> => ({
    anonymous: SIGN_IN,
    venue_other: venueOther,
    venue_own: venueOwn,
    hub_staff: hub,
    hub_admin: admin,
    bearer: SIGN_IN,
    wrong_bearer: SIGN_IN,
  });
  const hubOnly = (status: Expect) => staffOnly(status, 403, 403);
  const adminOnly = (status: Expect) => staffOnly(403, 403, 403, status);
  const apiOnly = (ok: number): Record<Actor, Expect> => ({
    anonymous: 401, venue_other: 401, venue_own: 401, hub_staff: 401, hub_admin: 401, bearer: ok, wrong_bearer: 401,
  });
  const everyone = (status: Expect): Record<Actor, Expect> => Object.fromEntries(ACTORS.map((a) => [a, status])) as Record<Actor, Expect>;

  /**
   * [route pattern as mounted, method, concrete path, expected per actor, form or JSON body]. A
   * pattern ending in /* covers a mounted sub-application (the queue view's own API).
   */
  type Row = [string, 'GET' | 'POST' | 'PUT', string, Record<Actor, Expect>, { form?: Record<string, string>; json?: unknown }?];
  const rows = (): Row[] => [
    ['/', 'GET', '/', everyone(302)],
    ['/briefs/new', 'GET', '/briefs/new', everyone(200)],
    ['/briefs', 'POST', '/briefs', everyone(422), { form: { 'organiser.name': '' } }],
    ['/api/briefs', 'POST', '/api/briefs', everyone(422), { json: {} }],
    ['/briefs/received/:token', 'GET', '/briefs/received/not-a-real-token-at-all', everyone(404)],
    ['/healthz', 'GET', '/healthz', everyone(200)],
    ['/favicon.svg,/favicon.ico', 'GET', '/favicon.svg', everyone(200)],
    ['/favicon.svg,/favicon.ico', 'GET', '/favicon.ico', everyone(200)],
    ['/static/vendor/chart.umd.min.js', 'GET', '/static/vendor/chart.umd.min.js', everyone(200)],
    ['/q/:token', 'GET', `/q/${tokenA}`, everyone(200)],
    ['/q/:token', 'GET', '/q/not-a-real-token-at-all', everyone(404)],
    ['/q/:token/interest', 'POST', '/q/not-a-real-token-at-all/interest', everyone([403, 404]), { form: { rank: '1' } }],
    // SPEC §9: the supplier's one-click availability link and the organiser's book action: the token is the credential.
    ['/a/:token', 'GET', '/a/not-a-real-token-at-all', everyone(404)],
    ['/a/:token', 'POST', '/a/not-a-real-token-at-all', everyone(404), { form: { action: 'confirm' } }],
    ['/q/:token/book', 'POST', '/q/not-a-real-token-at-all/book', everyone([403, 404])],
    ['/hub/briefs/:ref/book', 'POST', '/hub/briefs/PCE-2099-999999/book', hubOnly(404)],
    ['/venue/:supplierId/requests/:id', 'POST', '/venue/PALAIS/requests/999999', staffOnly(404, 404, 403), { form: { action: 'confirm' } }],
    // SPEC §9.7: the survey's token is its only credential; an unknown one is a 404 page for everyone.
    ['/survey/:token', 'GET', '/survey/not-a-real-token-at-all', everyone(404)],
    ['/survey/:token/:score', 'GET', '/survey/not-a-real-token-at-all/7', everyone(404)],
    ['/survey/:token', 'POST', '/survey/not-a-real-token-at-all', everyone(404), { form: { score: '7' } }],
    ['/survey/:token/comment', 'POST', '/survey/not-a-real-token-at-all/comment', everyone(404), { form: { comment: 'x' } }],
    ['/auth/sign-in', 'GET', '/auth/sign-in', everyone(200)],
    ['/auth/sign-in', 'POST', '/auth/sign-in', everyone(403), { form: { email: 'own@example.org' } }],
    ['/auth/link/:token', 'GET', '/auth/link/not-a-real-token-at-all', everyone(410)],
    ['/auth/link/:token', 'POST', '/auth/link/not-a-real-token-at-all', everyone(403)],
    ['/auth/sign-out', 'POST', '/auth/sign-out', { ...staffOnly(403, 403, 403), anonymous: 303, bearer: 303, wrong_bearer: 303 }, { form: { _csrf: 'forged' } }],
    ['/api/briefs/:ref', 'GET', `/api/briefs/${refA}`, apiOnly(200)],
    ['/api/briefs/:ref/send', 'POST', `/api/briefs/${refA}/send`, apiOnly(200), { json: {} }],
    ['/metrics', 'GET', '/metrics', apiOnly(200)],
    ['/hub', 'GET', '/hub', hubOnly(200)],
    ['/hub/briefs/:ref', 'GET', `/hub/briefs/${refA}`, hubOnly(200)],
    ['/hub/briefs', 'GET', '/hub/briefs?q=Ada', hubOnly(200)],
    ['/hub/briefs/:ref/editor', 'POST', `/hub/briefs/${refA}/editor`, hubOnly([200, 422]), { form: { action: 'reprice' } }],
    ['/hub/briefs/:ref/editor/preview-html', 'POST', `/hub/briefs/${refA}/editor/preview-html`, hubOnly([200, 422]), { form: { action: 'preview' } }],
    ['/hub/briefs/:ref/message', 'POST', '/hub/briefs/PCE-2099-999999/message', hubOnly([303, 404]), { form: { message: 'Hello' } }],
    ['/hub/briefs/:ref/follow-up', 'POST', '/hub/briefs/PCE-2099-999999/follow-up', hubOnly([303, 404])],
    ['/hub/briefs/:ref/lost', 'POST', '/hub/briefs/PCE-2099-999999/lost', hubOnly([303, 404]), { form: { reason: 'price' } }],
    ['/hub/briefs/:ref/cancel', 'POST', '/hub/briefs/PCE-2099-999999/cancel', hubOnly([303, 404])],
    ['/hub/mail', 'GET', '/hub/mail', hubOnly(200)],
    ['/hub/mail/:id', 'GET', '/hub/mail/1', hubOnly(200)],
    ['/hub/mail/:id/html', 'GET', '/hub/mail/1/html', hubOnly(200)],
    ['/hub/proposals', 'GET', '/hub/proposals', hubOnly(200)],
    ['/hub/proposals/:id/:decision', 'POST', '/hub/proposals/999999/approve', hubOnly(303)],
    ['/hub/users', 'GET', '/hub/users', adminOnly(200)],
    ['/hub/users/invite', 'POST', '/hub/users/invite', adminOnly(422), { form: { email: '' } }],
    ['/hub/users/:id/deactivate', 'POST', '/hub/users/999999/deactivate', adminOnly([303, 404, 422])],
    ['/hub/users/:id/reactivate', 'POST', '/hub/users/999999/reactivate', adminOnly([303, 404, 422])],
    ['/hub/privacy', 'GET', '/hub/privacy', adminOnly(200)],
    ['/hub/privacy/lookup', 'POST', '/hub/privacy/lookup', adminOnly(422), { form: { email: '' } }],
    ['/hub/privacy/export', 'POST', '/hub/privacy/export', adminOnly(422), { form: { email: '' } }],
    ['/hub/privacy/erase', 'POST', '/hub/privacy/erase', adminOnly(422), { form: { email: '' } }],
    ['/hub/queues/*', 'GET', '/hub/queues', adminOnly(200)],
    ['/hub/queues/*', 'GET', '/hub/queues/api/queues', { ...adminOnly(200), anonymous: 401, bearer: 401, wrong_bearer: 401 }],
    ['/hub/queues/*', 'PUT', '/hub/queues/api/queues/no-such-queue/pause', { ...adminOnly([400, 403, 404]), anonymous: 401, bearer: 401, wrong_bearer: 401 }],
    ['/observatory', 'GET', '/observatory', staffOnly(200, 200, 200)],
    ['/observatory.csv', 'GET', '/observatory.csv', staffOnly(200, 200, 200)],
    ['/observatory/digest-language', 'POST', '/observatory/digest-language', staffOnly(403, 303, 303), { form: { language: 'en' } }],
    ['/venue', 'GET', '/venue', staffOnly(200, 200, 200)],
    ['/venue/:supplierId', 'GET', '/venue/PALAIS', staffOnly(200, 200, 403)],
    ['/venue/:supplierId/export/:file', 'GET', '/venue/PALAIS/export/rates.csv', staffOnly(200, 200, 403)],
    ['/venue/:supplierId/workbook.xlsx', 'GET', '/venue/PALAIS/workbook.xlsx', staffOnly(200, 200, 403)],
    ['/venue/:supplierId/profile', 'POST', '/venue/PALAIS/profile', staffOnly(422, 422, 403), { form: { name: '' } }],
    ['/venue/:supplierId/spaces/save', 'POST', '/venue/PALAIS/spaces/save', staffOnly(422, 422, 403), { form: { space_id: '' } }],
    ['/venue/:supplierId/spaces/remove', 'POST', '/venue/PALAIS/spaces/remove', staffOnly(422, 422, 403), { form: { orig_space_id: 'NOPE' } }],
    ['/venue/:supplierId/rates/save', 'POST', '/venue/PALAIS/rates/save', staffOnly(422, 422, 403), { form: { item: '' } }],
    ['/venue/:supplierId/rates/remove', 'POST', '/venue/PALAIS/rates/remove', staffOnly(422, 422, 403), { form: { orig_item: 'lunch', orig_valid_from: '1999-01-01' } }],
    ['/venue/:supplierId/blackouts/save', 'POST', '/venue/PALAIS/blackouts/save', staffOnly(422, 422, 403), { form: { from: '' } }],
    ['/venue/:supplierId/blackouts/remove', 'POST', '/venue/PALAIS/blackouts/remove', staffOnly(422, 422, 403), { form: { orig_from: '1999-01-01' } }],
    ['/venue/:supplierId/rates/unchanged', 'POST', '/venue/PALAIS/rates/unchanged', staffOnly(303, 303, 403)],
    ['/venue/:supplierId/upload', 'POST', '/venue/PALAIS/upload', staffOnly(422, 422, 403), { form: { file: 'rates.csv', csv: 'supplier_id,item\n' } }],
    ['/venue/:supplierId/upload/commit', 'POST', '/venue/PALAIS/upload/commit', staffOnly(422, 422, 403), { form: { file: 'rates.csv', csv: 'supplier_id,item\n', digest: 'x' } }],
    ['/venue/language', 'POST', '/venue/language', staffOnly(303, 303, 303), { form: { language: 'fr' } }],
    ['/venue/:supplierId/rates/sheet', 'POST', '/venue/PALAIS/rates/sheet', staffOnly(422, 422, 403), { form: { rows: '1', r0_price_eur: 'x' } }],
  ];

  it('when the app mounts a route, then the matrix has a row for it (a new route without one fails here)', () => {
    const covered = new Set(rows().map(([pattern, method]) => `${method} ${pattern}`));
    // A mounted sub-application is covered as a whole (every method) by its /* rows.
    const prefixes = rows().filter(([pattern]) => pattern.endsWith('/*')).map(([pattern]) => pattern.slice(0, -2));
    const missing = mountedRoutes(createApp(app.services))
      .filter((r) => r.method !== 'HEAD')
      .filter((r) => !covered.has(`${r.method} ${r.path}`) && !prefixes.some((prefix) => r.path.startsWith(prefix)))
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('when every role calls every route, then each gets exactly the expected status, and no staff page shows organiser-typed markup unescaped', async () => {
    const failures: string[] = [];
    for (const [pattern, method, path, expected, body] of rows()) {
      for (const actor of ACTORS) {
        const res = await ask(actor, method, path, body?.form, body?.json);
        if (!matches(res.status, expected[actor])) failures.push(`${pattern}: ${method} ${path} as ${actor}: got ${res.status}, expected ${String(expected[actor])}`);
        if (res.status === 200 && (pattern.startsWith('/hub') || pattern.startsWith('/venue')) && !pattern.endsWith('/html')) {
          const text = await res.text();
          if (text.includes(PAYLOAD)) failures.push(`${pattern}: ${method} ${path} as ${actor}: organiser text shown unescaped`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('when the brief desk and mail log show organiser-typed text, then it is there, escaped', async () => {
    const hub = clients.get('hub_staff')!;
    for (const path of [`/hub/briefs/${refA}`, '/hub', '/hub/mail', '/hub/briefs', '/hub/briefs?q=Ada']) {
      const html = await (await hub.browser.get(path)).text();
      expect(html).not.toContain(PAYLOAD);
    }
    const desk = await (await hub.browser.get(`/hub/briefs/${refA}`)).text();
    expect(desk).toContain(ESCAPED_PAYLOAD);
  });

  it('when the organiser link of another brief is used, then it shows only that brief', async () => {
    const pageOf = async (token: string) => (await fetch(`${app.baseUrl}/q/${token}`)).text();
    const [pageA, pageB] = [await pageOf(tokenA), await pageOf(tokenB)];
    // Each link shows its own brief (so the absences below are seen on a page that shows a brief)…
    expect(pageB).toContain(refB);
    expect(pageB).toContain(TITLE_B);
    expect(pageA).toContain(ESCAPED_PAYLOAD);
    // …and nothing of the other one: neither its ref, its title nor its organiser's notes.
    expect(pageB).not.toContain(refA);
    expect(pageB).not.toContain(ESCAPED_PAYLOAD);
    expect(pageA).not.toContain(refB);
    expect(pageA).not.toContain(TITLE_B);
  });

  it('when a staff form is posted without its CSRF token, then it is refused and nothing changes', async () => {
    const own = clients.get('venue_own')!;
    const res = await own.browser.post('/venue/PALAIS/rates/unchanged', {});
    expect(res.status).toBe(403);
    const badToken = await own.browser.post('/venue/PALAIS/rates/unchanged', { _csrf: 'forged' });
    expect(badToken.status).toBe(403);
  });

  it('when the send API is called without the token, then it is refused; with it, the brief is sent', async () => {
    expect((await ask('anonymous', 'POST', `/api/briefs/${refA}/send`, {}, {})).status).toBe(401);
    expect((await ask('hub_admin', 'POST', `/api/briefs/${refA}/send`, {}, {})).status).toBe(401);
    expect((await ask('bearer', 'POST', `/api/briefs/${refA}/send`, {}, {})).status).toBe(200);
  });

  it('when the CSRF token of one session is used in another, then it is refused', async () => {
    const other = clients.get('venue_other')!;
    const own = clients.get('venue_own')!;
    const page = await (await own.browser.get('/venue/PALAIS')).text();
    const res = await other.browser.post('/venue/OTHER/rates/unchanged', { _csrf: csrfOf(page) });
    expect(res.status).toBe(403);
  });
});
