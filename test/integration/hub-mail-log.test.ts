import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { validBrief } from '../support/seed';
import { addStaff, signIn } from './venue-portal-support';

describe('hub mail log', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => app.stop());

  it('when hub staff open the mail log, then they see every e-mail with its status and can read both parts; signed out, they are sent to sign in', async () => {
    const { ref } = (await (await postBrief(app, validBrief({ notes: '<b>bold</b>' }))).json()) as { ref: string };
    await app.waitForStatus(ref, ['needs_review']);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'needs_review'));
    await addStaff(app, 'hub@example.org', 'hub_staff');
    const { browser } = await signIn(app, 'hub@example.org');

    const list = await (await browser.get('/hub/mail?kind=brief_received')).text();
    expect(list).toContain('brief_received');
    expect(list).toContain('ada@example.org');
    expect(list).not.toContain('<td>needs_review</td>');
    expect(list).toContain('<td>brief_received</td>');
    const id = /href="\/hub\/mail\/(\d+)"/.exec(list)![1];

    const entry = await browser.get(`/hub/mail/${id}`);
    expect(entry.status).toBe(200);
    const page = await entry.text();
    expect(page).toContain(ref);
    expect(page).toContain('delivered');
    const html = await browser.get(`/hub/mail/${id}/html`);
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    expect(await html.text()).toContain(ref);

    // Who else may read it is in the authorisation matrix.
    expect([302, 303]).toContain((await fetch(`${app.baseUrl}/hub/mail`, { redirect: 'manual' })).status);
  });

  it('when hub staff filter the mail log by brief, kind and status, then only that brief\'s matching e-mails are listed, and an unknown ref lists none', async () => {
    const a = ((await (await postBrief(app, validBrief({ organiser: { name: 'Ada', email: 'ada@example.org' } }))).json()) as { ref: string }).ref;
    const b = ((await (await postBrief(app, validBrief({ organiser: { name: 'Bea', email: 'bea@example.org' } }))).json()) as { ref: string }).ref;
    await app.waitForStatus(a, ['needs_review']);
    await app.waitForStatus(b, ['needs_review']);
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'needs_review').length >= 2 && m.filter((x) => x.kind === 'brief_received').length >= 2);
    await addStaff(app, 'hub@example.org', 'hub_staff');
    const { browser } = await signIn(app, 'hub@example.org');
    const recipients = (html: string) => [...html.matchAll(/<td>([a-z]+@example\.org)<\/td>/g)].map((m) => m[1]!);

    const all = await (await browser.get('/hub/mail')).text();
    expect(recipients(all)).toEqual(expect.arrayContaining(['ada@example.org', 'bea@example.org']));
    for (const kind of ['observatory_digest', 'login_link', 'lead']) expect(all).toContain(`<option value="${kind}">`);

    const ofA = await (await browser.get(`/hub/mail?ref=${a}`)).text();
    expect(recipients(ofA)).toContain('ada@example.org');
    expect(recipients(ofA)).not.toContain('bea@example.org');
    expect(ofA).toContain(`href="/hub/briefs/${a}"`);
    expect(ofA).toContain(`id="m-ref" name="ref" value="${a}"`);

    const ackOfB = await (await browser.get(`/hub/mail?ref=${b}&kind=brief_received&status=delivered`)).text();
    expect(recipients(ackOfB)).toEqual(['bea@example.org']);
    expect(ackOfB).toContain('<td>brief_received</td>');
    expect(ackOfB).not.toContain('<td>needs_review</td>');
    expect(await (await browser.get(`/hub/mail?ref=${b}&status=failed`)).text()).toContain('No e-mail matches.');

    const unknown = await (await browser.get('/hub/mail?ref=PCE-0000-000000')).text();
    expect(unknown).toContain('No brief has the reference');
    expect(recipients(unknown)).toEqual([]);

    // The desk links to its brief's e-mails.
    expect(await (await browser.get(`/hub/briefs/${a}`)).text()).toContain(`href="/hub/mail?ref=${a}"`);
  });
});
