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
});
