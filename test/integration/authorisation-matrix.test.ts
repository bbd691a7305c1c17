import { startTestApp, postBrief, TEST_TOKEN, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { catalogue, rate, space, venue } from '../support/catalogue-factory';
import { addStaff, signIn, csrfOf, Browser } from './venue-portal-support';
import { mintQuoteLink } from '../support/quote-link';

type Actor = 'anonymous' | 'venue_other' | 'venue_own' | 'hub_staff' | 'hub_admin' | 'bearer' | 'wrong_bearer';
const ACTORS: Actor[] = ['anonymous', 'venue_other', 'venue_own', 'hub_staff', 'hub_admin', 'bearer', 'wrong_bearer'];

/** Signed out, a page sends you to sign-in (302/303); a JSON API answers 401. */
const SIGN_IN = 'sign-in';
type Expect = number | typeof SIGN_IN;

/**
 * Every route against every role. A row lists the expected answer per actor; the test walks
 * the whole table, so a new route without a row here is a review question, not an accident.
 */
describe('authorisation matrix', () => {
  let app: TestApp;
  const clients = new Map<Actor, { browser: Browser; csrf: string | null; headers: Record<string, string> }>();
  let refA: string;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTAKE_RATE_LIMIT: '1000' } });
    await seedSmallCatalogue(app.services);
    await app.services.db.transaction((trx) =>
      app.services.stores.suppliers.inTransaction(trx).upsert(
        catalogue({ suppliers: [venue('OTHER', { city: 'Nice' })], spaces: [space('OTHER', 'HALL', { theatre: 50 })], rates: [rate('OTHER', 'day_delegate', 5000)] }),
        app.services.clock.now(),
      ),
    );
    refA = ((await (await postBrief(app, validBrief())).json()) as { ref: string }).ref;
    const refB = ((await (await postBrief(app, validBrief({ organiser: { name: 'Bea', email: 'bea@example.org' } }))).json()) as { ref: string }).ref;
    await app.waitForStatus(refA, ['sent']);
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

  const ask = async (actor: Actor, method: 'GET' | 'POST', path: string, form: Record<string, string> = {}, json?: unknown) => {
    const c = clients.get(actor)!;
    if (method === 'GET') return (await c.browser.get(path, c.headers)).status;
    if (json !== undefined) return (await c.browser.fetch(path, { method: 'POST', headers: { ...c.headers, 'content-type': 'application/json' }, body: JSON.stringify(json) })).status;
    const body = new URLSearchParams({ ...(c.csrf ? { _csrf: c.csrf } : {}), ...form }).toString();
    return (await c.browser.fetch(path, { method: 'POST', headers: { ...c.headers, 'content-type': 'application/x-www-form-urlencoded' }, body })).status;
  };

  const matches = (status: number, expected: Expect) => (expected === SIGN_IN ? status === 302 || status === 303 : status === expected);

  const staffOnly = (hub: Expect, venueOwn: Expect, venueOther: Expect, admin: Expect = hub): Record<Actor, Expect> => ({
    anonymous: SIGN_IN,
    venue_other: venueOther,
    venue_own: venueOwn,
    hub_staff: hub,
    hub_admin: admin,
    bearer: SIGN_IN,
    wrong_bearer: SIGN_IN,
  });
  const apiOnly = (ok: number): Record<Actor, Expect> => ({
    anonymous: 401, venue_other: 401, venue_own: 401, hub_staff: 401, hub_admin: 401, bearer: ok, wrong_bearer: 401,
  });
  const everyone = (status: number): Record<Actor, Expect> => Object.fromEntries(ACTORS.map((a) => [a, status])) as Record<Actor, Expect>;

  const rows = (): [string, 'GET' | 'POST', string, Record<Actor, Expect>, Record<string, string>?][] => [
    ['brief form', 'GET', '/briefs/new', everyone(200)],
    ['health', 'GET', '/healthz', everyone(200)],
    ['organiser link', 'GET', `/q/${tokenA}`, everyone(200)],
    ['unknown organiser link', 'GET', '/q/not-a-real-token-at-all', everyone(404)],
    ['brief read-back', 'GET', `/api/briefs/${refA}`, apiOnly(200)],
    ['metrics', 'GET', '/metrics', apiOnly(200)],
    ['hub dashboard', 'GET', '/hub', staffOnly(200, 403, 403)],
    ['brief desk', 'GET', `/hub/briefs/${refA}`, staffOnly(200, 403, 403)],
    ['mail log', 'GET', '/hub/mail', staffOnly(200, 403, 403)],
    ['an e-mail of the log', 'GET', '/hub/mail/1', staffOnly(200, 403, 403)],
    ['users admin', 'GET', '/hub/users', staffOnly(403, 403, 403, 200)],
    ['queue view', 'GET', '/hub/queues', staffOnly(403, 403, 403, 200)],
    ['venue portal', 'GET', '/venue', staffOnly(200, 200, 200)],
    ['a supplier page', 'GET', '/venue/PALAIS', staffOnly(200, 200, 403)],
    ['a supplier export', 'GET', '/venue/PALAIS/export/rates.csv', staffOnly(200, 200, 403)],
    ['rates unchanged', 'POST', '/venue/PALAIS/rates/unchanged', staffOnly(303, 303, 403)],
    ['an upload preview', 'POST', '/venue/PALAIS/upload', staffOnly(422, 422, 403), { file: 'rates.csv', csv: 'supplier_id,item\n' }],
    ['invite a user', 'POST', '/hub/users/invite', staffOnly(403, 403, 403, 422), { email: '' }],
  ];

  it('when every role calls every route, then each gets exactly the expected status', async () => {
    const failures: string[] = [];
    for (const [name, method, path, expected, form] of rows()) {
      for (const actor of ACTORS) {
        const status = await ask(actor, method, path, form);
        if (!matches(status, expected[actor])) failures.push(`${name} ${method} ${path} as ${actor}: got ${status}, expected ${expected[actor]}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('when the organiser link of another brief is used, then it shows only that brief', async () => {
    const page = await (await fetch(`${app.baseUrl}/q/${tokenB}`)).text();
    expect(page).not.toContain(refA);
  });

  it('when a staff form is posted without its CSRF token, then it is refused and nothing changes', async () => {
    const own = clients.get('venue_own')!;
    const res = await own.browser.post('/venue/PALAIS/rates/unchanged', {});
    expect(res.status).toBe(403);
    const badToken = await own.browser.post('/venue/PALAIS/rates/unchanged', { _csrf: 'forged' });
    expect(badToken.status).toBe(403);
  });

  it('when the send API is called without the token, then it is refused; with it, the brief is sent', async () => {
    expect(await ask('anonymous', 'POST', `/api/briefs/${refA}/send`, {}, {})).toBe(401);
    expect(await ask('hub_admin', 'POST', `/api/briefs/${refA}/send`, {}, {})).toBe(401);
    expect(await ask('bearer', 'POST', `/api/briefs/${refA}/send`, {}, {})).toBe(200);
  });

  it('when the CSRF token of one session is used in another, then it is refused', async () => {
    const other = clients.get('venue_other')!;
    const own = clients.get('venue_own')!;
    const page = await (await own.browser.get('/venue/PALAIS')).text();
    const res = await other.browser.post('/venue/OTHER/rates/unchanged', { _csrf: csrfOf(page) });
    expect(res.status).toBe(403);
  });
});
