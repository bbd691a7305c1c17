import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { addStaff, Browser, confirmLink, csrfOf, requestLink, signIn } from './venue-portal-support';
import { htmlText } from './quote-fixtures';

/** User administration at /hub/users: hub_admin invites by e-mailed link, deactivates and reactivates. */
describe('users administration /hub/users', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ workers: true });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'admin@example.org', 'hub_admin', [], 'Ada Admin');
  });
  afterEach(async () => {
    await app.stop();
  });

  const linkIn = (text: string) => new URL(/(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(text)![1]!).pathname;

  it('when an admin invites venue staff, then they get a login_link e-mail whose link signs them in to their supplier', async () => {
    const { browser } = await signIn(app, 'admin@example.org');
    const page = await (await browser.get('/hub/users')).text();
    const res = await browser.post('/hub/users/invite', { _csrf: csrfOf(page, '/hub/users/invite'), email: 'Chef@Palais.example', name: 'Chef de salle', role: 'venue_staff', suppliers: 'PALAIS' });
    expect(res.status).toBe(303);
    const mails = await app.smtp.waitFor((all) => all.some((m) => m.to === 'chef@palais.example'));
    const invite = mails.find((m) => m.to === 'chef@palais.example')!;
    expect(invite.kind).toBe('login_link');
    expect(invite.subject).toBe('You are invited to PCE Front Office');
    expect(invite.text).toContain('Ada Admin has opened a PCE Front Office account for you (venue staff)');
    expect(invite.html).toContain('/auth/link/');

    const list = htmlText(await (await browser.get('/hub/users?saved=invited')).text());
    expect(list).toContain('Invitation sent');
    expect(list).toMatch(/chef@palais\.example[\s\S]*?venue_staff[\s\S]*?PALAIS[\s\S]*?active/);

    const invited = new Browser(app.baseUrl);
    const confirmed = await confirmLink(invited, linkIn(invite.text));
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/venue');
    expect((await invited.get('/venue/PALAIS')).status).toBe(200);
    expect((await invited.get('/hub/users')).status).toBe(403);
  });

  it('when an admin invites venue staff who read English, then their suppliers\' lead e-mails will be English; by default they are French', async () => {
    const { browser } = await signIn(app, 'admin@example.org');
    const page = await (await browser.get('/hub/users')).text();
    expect(page).toMatch(/<select id="u-language" name="language"><option value="fr" selected>Français<\/option><option value="en">English<\/option><\/select>/);
    const csrf = csrfOf(page, '/hub/users/invite');
    expect((await browser.post('/hub/users/invite', { _csrf: csrf, email: 'en@palais.example', name: 'Claire', role: 'venue_staff', suppliers: 'PALAIS', language: 'en' })).status).toBe(303);
    expect((await browser.post('/hub/users/invite', { _csrf: csrf, email: 'fr@palais.example', name: 'Claude', role: 'venue_staff', suppliers: 'PALAIS' })).status).toBe(303);
    const languages = await app.services.db('staff_users').whereIn('email', ['en@palais.example', 'fr@palais.example']).orderBy('email').pluck('language');
    expect(languages).toEqual(['en', 'fr']);
    const refused = await browser.post('/hub/users/invite', { _csrf: csrf, email: 'de@palais.example', name: 'Dieter', role: 'venue_staff', suppliers: 'PALAIS', language: 'de' });
    expect(refused.status).toBe(422);
    expect(htmlText(await refused.text())).toContain('language: choose fr or en');
  });

  it('when an invitation is wrong, then each problem is named, the values are kept and nobody is created or mailed', async () => {
    await addStaff(app, 'taken@example.org', 'hub_staff');
    const { browser } = await signIn(app, 'admin@example.org');
    const csrf = csrfOf(await (await browser.get('/hub/users')).text(), '/hub/users/invite');
    const cases: [Record<string, string>, string][] = [
      [{ email: 'not-an-address', name: 'X', role: 'hub_staff', suppliers: '' }, 'email: enter an e-mail address'],
      [{ email: 'taken@example.org', name: 'X', role: 'hub_staff', suppliers: '' }, 'email: an account with this address already exists'],
      [{ email: 'v@example.org', name: 'V', role: 'venue_staff', suppliers: '' }, 'suppliers: venue staff need at least one supplier id'],
      [{ email: 'v@example.org', name: 'V', role: 'venue_staff', suppliers: 'PALAIS; NOPE' }, 'suppliers: unknown supplier id(s): NOPE'],
      [{ email: 'h@example.org', name: 'H', role: 'hub_staff', suppliers: 'PALAIS' }, 'suppliers: only venue staff are scoped to suppliers'],
      [{ email: 'r@example.org', name: '', role: 'root', suppliers: '' }, 'role: choose one of venue_staff, hub_staff, hub_admin'],
    ];
    const before = await app.services.db('staff_users').count({ n: '*' }).first();
    for (const [form, message] of cases) {
      const res = await browser.post('/hub/users/invite', { _csrf: csrf, ...form });
      expect(res.status).toBe(422);
      const html = htmlText(await res.text());
      expect(html).toContain(message);
      expect(html).toContain(`value="${form.email}"`);
    }
    expect(await app.services.db('staff_users').count({ n: '*' }).first()).toEqual(before);
    expect(await app.services.db('mail_log').whereIn('recipient', ['v@example.org', 'h@example.org', 'r@example.org', 'not-an-address']).count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when an admin deactivates someone, then their sessions end and they cannot sign in until reactivated', async () => {
    await addStaff(app, 'staff@example.org', 'hub_staff');
    const staff = await signIn(app, 'staff@example.org');
    const unusedLink = await requestLink(app, new Browser(app.baseUrl), 'staff@example.org');
    const { id } = (await app.services.stores.staff.findByEmail('staff@example.org'))!;
    const admin = await signIn(app, 'admin@example.org');
    const page = await (await admin.browser.get('/hub/users')).text();
    expect((await admin.browser.post(`/hub/users/${id}/deactivate`, { _csrf: csrfOf(page, `/hub/users/${id}/deactivate`) })).status).toBe(303);

    expect((await staff.browser.get('/venue')).status).toBe(303); // session gone: back to sign-in
    expect(await app.services.db('staff_sessions').where({ user_id: id }).count({ n: '*' }).first()).toEqual({ n: 0 });
    expect((await confirmLink(new Browser(app.baseUrl), unusedLink)).status).toBe(410);
    const mailsBefore = app.smtp.ofKind('login_link').length;
    const ask = new Browser(app.baseUrl);
    await ask.post('/auth/sign-in', { _csrf: csrfOf(await (await ask.get('/auth/sign-in')).text(), '/auth/sign-in'), email: 'staff@example.org' });
    await new Promise((r) => setTimeout(r, 500));
    expect(app.smtp.ofKind('login_link').length).toBe(mailsBefore);
    expect(htmlText(await (await admin.browser.get('/hub/users')).text())).toMatch(/staff@example\.org[\s\S]*?deactivated/);

    const again = await (await admin.browser.get('/hub/users')).text();
    expect((await admin.browser.post(`/hub/users/${id}/reactivate`, { _csrf: csrfOf(again, `/hub/users/${id}/reactivate`) })).status).toBe(303);
    await signIn(app, 'staff@example.org');
  });

  it('when an admin tries to deactivate themselves, then it is refused', async () => {
    const { browser, csrf } = await signIn(app, 'admin@example.org');
    const { id } = (await app.services.stores.staff.findByEmail('admin@example.org'))!;
    const res = await browser.post(`/hub/users/${id}/deactivate`, { _csrf: csrf });
    expect(res.status).toBe(422);
    expect(htmlText(await res.text())).toContain('you cannot deactivate your own account');
    expect((await app.services.stores.staff.findById(id))!.active).toBe(true);
  });

  it('when hub staff, venue staff, a signed-out visitor or a forged form reach /hub/users, then they are refused', async () => {
    await addStaff(app, 'staff@example.org', 'hub_staff');
    await addStaff(app, 'venue@example.org', 'venue_staff', ['PALAIS']);
    for (const email of ['staff@example.org', 'venue@example.org']) {
      const { browser, csrf } = await signIn(app, email);
      expect((await browser.get('/hub/users')).status).toBe(403);
      expect((await browser.post('/hub/users/invite', { _csrf: csrf, email: 'x@example.org', name: 'X', role: 'hub_admin', suppliers: '' })).status).toBe(403);
    }
    const anonymous = new Browser(app.baseUrl);
    expect((await anonymous.get('/hub/users')).status).toBe(303);
    const admin = await signIn(app, 'admin@example.org');
    expect((await admin.browser.post('/hub/users/invite', { _csrf: 'forged', email: 'x@example.org', name: 'X', role: 'hub_admin', suppliers: '' })).status).toBe(403);
    expect(await app.services.stores.staff.findByEmail('x@example.org')).toBeNull();
  });

  it('when an admin finds suppliers by name and ticks them, then the invitation scopes the person to those suppliers; a refused invitation keeps the ticks', async () => {
    const { browser } = await signIn(app, 'admin@example.org');
    const found = await (await browser.get('/hub/users?supplier_q=pharo')).text();
    expect(found).toContain('name="supplier_ids" value="PALAIS"');
    expect(found).toContain('Palais du Pharo (test)');
    expect(found).not.toContain('value="TRAITEUR"');
    expect(found).toContain('id="u-supplier-q" name="supplier_q" type="search" value="pharo"');
    expect(await (await browser.get('/hub/users?supplier_q=zzz')).text()).toContain('No supplier matches “zzz”.');
    // By city too, case-insensitively.
    const byCity = await (await browser.get('/hub/users?supplier_q=MARSEILLE')).text();
    expect(byCity).toContain('value="PALAIS"');
    expect(byCity).toContain('value="TRAITEUR"');

    const csrf = csrfOf(found, '/hub/users/invite');
    const post = (fields: [string, string][]) =>
      browser.fetch('/hub/users/invite', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const refused = await post([['_csrf', csrf], ['email', 'not-an-address'], ['name', 'Claire'], ['role', 'venue_staff'], ['supplier_ids', 'PALAIS'], ['supplier_ids', 'TRAITEUR']]);
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).toContain('name="supplier_ids" value="PALAIS" checked');
    expect(again).toContain('name="supplier_ids" value="TRAITEUR" checked');

    const ok = await post([['_csrf', csrf], ['email', 'claire@palais.example'], ['name', 'Claire'], ['role', 'venue_staff'], ['supplier_ids', 'PALAIS'], ['supplier_ids', 'TRAITEUR']]);
    expect(ok.status).toBe(303);
    const user = await app.services.stores.staff.findByEmail('claire@palais.example');
    expect([...user!.supplierIds].sort()).toEqual(['PALAIS', 'TRAITEUR']);
  });
});
