import { startTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { createLogger } from '../../src/platform/logger';
import { TABLES } from '../../src/platform/tables';
import { SESSION_COOKIE } from '../../src/auth/staff-middleware';
import { addStaff, confirmLink, csrfOf, requestLink, Browser } from './venue-portal-support';
import { mintQuoteLink } from '../support/quote-link';

/**
 * A whole day of the product at LOG_LEVEL=debug, every log line captured: briefs by API and
 * form, the quote sent and opened, a venue signing in, editing and uploading, and a forced 500.
 * No line may hold a person's details, a secret token or a request body.
 */
describe('log privacy', () => {
  const lines: string[] = [];
  let app: TestApp;

  beforeAll(async () => {
    const now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now }, env: { LOG_LEVEL: 'debug' }, logger: createLogger('debug', (line) => lines.push(line)) });
    await seedSmallCatalogue(app.services);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('when briefs, quotes, sign-in, venue edits, uploads and a server error all happen at debug level, then no log line holds a contact detail, a token or a request body', async () => {
    const secrets: string[] = [TEST_TOKEN];

    // A brief by the API, quoted and sent, its online quote opened.
    const apiBrief = validBrief({ notes: 'Secret gala plans for the board', organiser: { name: 'Zoé Privée', organisation: 'Cabinet Confidentiel', email: 'zoe.privee@secret.example', phone: '+33 6 99 88 77 66', language: 'fr' } }, app.services.clock);
    secrets.push('Zoé Privée', 'Cabinet Confidentiel', 'zoe.privee@secret.example', '+33 6 99 88 77 66', '99 88 77 66', 'Secret gala plans');
    const created = await fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(apiBrief) });
    expect(created.status).toBe(201);
    const { ref } = (await created.json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);
    const stored = (await app.services.stores.briefs.findByRef(ref))!;
    const quoteToken = await mintQuoteLink(app, stored.id);
    secrets.push(quoteToken);
    expect((await fetch(`${app.baseUrl}/q/${quoteToken}`)).status).toBe(200);
    await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote' && m.to === 'zoe.privee@secret.example'));

    // A brief by the form.
    const form = new URLSearchParams({
      'organiser.name': 'Bertrand Caché',
      'organiser.email': 'bertrand.cache@hidden.example',
      'organiser.phone': '0611223344',
      'organiser.language': 'en',
      'event.start_date': '2027-03-10',
      'event.end_date': '2027-03-11',
      'event.attendees': '50',
      'event.layout': 'theatre',
      notes: 'Whisper-quiet notes',
    });
    secrets.push('Bertrand Caché', 'bertrand.cache@hidden.example', '0611223344', 'Whisper-quiet notes', form.toString());
    const posted = await fetch(`${app.baseUrl}/briefs`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(posted.status).toBe(303);
    secrets.push(posted.headers.get('location')!.split('/').pop()!);

    // Venue staff sign in by link, edit the profile, upload rates.
    await addStaff(app, 'claire.discrete@palais.example', 'venue_staff', ['PALAIS'], 'Claire Discrète');
    secrets.push('claire.discrete@palais.example', 'Claire Discrète');
    const browser = new Browser(app.baseUrl);
    const link = await requestLink(app, browser, 'claire.discrete@palais.example');
    secrets.push(link.split('/').pop()!);
    expect((await confirmLink(browser, link)).status).toBe(303);
    secrets.push(browser.cookies.get(SESSION_COOKIE)!, ...[...browser.cookies.values()]);
    const csrf = csrfOf(await (await browser.get('/venue/PALAIS')).text());
    secrets.push(csrf);
    const profile = await browser.post('/venue/PALAIS/profile', { _csrf: csrf, name: 'Palais Renamed', email: 'events.private@palais.example', phone: '+33 4 11 22 33 44', city: 'Marseille' });
    expect(profile.status).toBe(303);
    secrets.push('events.private@palais.example', '+33 4 11 22 33 44');
    const csv = 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to\nPALAIS,day_delegate,,71.00,20,2026-01-01,\nPALAIS,space_hire_day,AUDI,5000.00,20,2026-01-01,\nPALAIS,coffee_break,,8.00,10,2026-01-01,\n';
    const preview = await (await browser.post('/venue/PALAIS/upload', { _csrf: csrf, file: 'rates.csv', csv })).text();
    const digest = /name="digest" value="([0-9a-f]+)"/.exec(preview)![1]!;
    expect((await browser.post('/venue/PALAIS/upload/commit', { _csrf: csrf, file: 'rates.csv', csv, digest })).status).toBe(303);
    // A failed upload too: its text must not be logged either.
    await browser.post('/venue/PALAIS/upload', { _csrf: csrf, file: 'rates.csv', csv: 'supplier_id,item\nPALAIS,"unclosed-secret-cell' });
    secrets.push('unclosed-secret-cell');

    // The bearer token on the staff API, a wrong one too.
    expect((await app.api(`/api/briefs/${ref}`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/briefs/${ref}`, { headers: { authorization: 'Bearer wrong-token-with-secret-0000' } })).status).toBe(401);
    secrets.push('wrong-token-with-secret-0000');

    // A forced 500: the mail log table is gone while a brief is stored. The database's own
    // error text (which quotes the values it could not insert) must not reach the log.
    await app.stopWorkers();
    await app.services.db.schema.renameTable(TABLES.mailLog, 'mail_log_away');
    try {
      const failing = validBrief({ organiser: { name: 'Erreur Personne', email: 'erreur.personne@fail.example', phone: '+33 7 00 00 00 01' }, notes: 'Notes lost in a crash' }, app.services.clock);
      secrets.push('Erreur Personne', 'erreur.personne@fail.example', '+33 7 00 00 00 01', 'Notes lost in a crash');
      const res = await fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(failing) });
      expect(res.status).toBe(500);
      const { error_id: errorId } = (await res.json()) as { error_id: string };
      expect(lines.some((l) => l.includes(errorId))).toBe(true);
    } finally {
      await app.services.db.schema.renameTable('mail_log_away', TABLES.mailLog);
    }

    expect(lines.length).toBeGreaterThan(5);
    const leaks = secrets.filter((s) => s.length >= 6).flatMap((secret) => lines.filter((l) => l.includes(secret) || l.includes(JSON.stringify(secret).slice(1, -1))).map((l) => `${secret} in ${l.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  }, 60_000);
});
