import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { addStaff, csrfOf, signIn, type Browser } from './venue-portal-support';

/** Issue 15: a no_feasible_venue brief's desk says what would free venues and lets staff write to the organiser. */
describe('hub desk: no dead ends', () => {
  let app: TestApp;
  let hub: Browser;
  let ref: string;

  beforeAll(async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'hub@example.org', 'hub_staff');
    hub = (await signIn(app, 'hub@example.org')).browser;
    const brief = validBrief({
      organiser: { name: 'Zoé Martin', email: 'zoe@example.org', language: 'fr' },
      destinations: ['Nice'],
      non_negotiable: ['destinations'],
    });
    const res = await postBrief(app, brief);
    expect(res.status).toBe(201);
    ref = ((await res.json()) as { ref: string }).ref;
    await app.waitForStatus(ref, ['needs_review']);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  test('when no venue is feasible, then the desk lists each relaxation with how many venues it frees', async () => {
    const html = await (await hub.get(`/hub/briefs/${ref}`)).text();
    expect(html).toContain('no_feasible_venue');
    expect(html).toContain('Relaxations that would make venues feasible');
    const row = /<tr data-criterion="destinations"><th scope="row">destinations<\/th><td class="num">(\d+)<\/td><\/tr>/.exec(html);
    expect(row).not.toBeNull();
    expect(Number(row![1])).toBeGreaterThanOrEqual(1);
    // The table scrolls on a phone: reachable by keyboard, with a name.
    expect(html).toMatch(/<div class="table-scroll" tabindex="0" role="region" aria-labelledby="relax-h">/);
  });

  test('when staff write to the organiser from the desk, then one e-mail in their language is logged and sent, and the desk confirms it', async () => {
    const desk = await (await hub.get(`/hub/briefs/${ref}`)).text();
    const csrf = csrfOf(desk, `/hub/briefs/${ref}/message`);
    const empty = await hub.post(`/hub/briefs/${ref}/message`, { _csrf: csrf, message: '   ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('write a message of 1 to 5000 characters');

    const text = 'Accepteriez-vous Marseille ? Le Palais du Pharo est libre.';
    const sent = await hub.post(`/hub/briefs/${ref}/message`, { _csrf: csrf, message: text });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/hub/briefs/${ref}?messaged=1#message-notice`);
    // Pressed twice: still one e-mail.
    expect((await hub.post(`/hub/briefs/${ref}/message`, { _csrf: csrf, message: text })).status).toBe(303);
    const after = await (await hub.get(`/hub/briefs/${ref}?messaged=1`)).text();
    expect(after).toContain('id="message-notice"');

    const mails = await app.smtp.waitFor((all) => all.some((m) => m.to === 'zoe@example.org' && m.subject.includes('À propos de votre demande')));
    const mine = mails.filter((m) => m.to === 'zoe@example.org' && m.subject.includes('À propos'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.kind).toBe('brief_received');
    expect(mine[0]!.text).toContain('Bonjour Zoé Martin');
    expect(mine[0]!.text).toContain(text);
    expect(mine[0]!.html).toContain('Le Palais du Pharo est libre.');
    const log = await (await hub.get(`/hub/mail?ref=${ref}&kind=brief_received`)).text();
    expect(log).toContain('À propos de votre demande');
  });
});
