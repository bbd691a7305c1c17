import { startTestApp, type TestApp } from '../support/test-app';
import { addStaff, signIn, type Browser } from './venue-portal-support';
import { htmlText, seed, submit } from './quote-fixtures';
import { DESK_CLOCK, deskBrief, deskCatalogue } from './desk-shape-fixtures';

/**
 * Issues 13 and 15 on the desk, over HTTP against a real database, Redis, workers and SMTP server:
 * an option's date set and breakout rooms changed and re-priced, and an option built by hand from the
 * catalogue on a brief with no feasible venue, both sent by Save & send.
 */

interface ApiOption {
  rank: number;
  venue: { supplier_id: string; space_id: string; breakout_space_ids: string[] };
  dates: { start_date: string; end_date: string };
  lines: { item: string; space_id: string | null; quantity: number; unit_price_cents: number }[];
  totals: { net_cents: number; vat_cents: number; gross_cents: number };
}

async function apiBrief(app: TestApp, ref: string): Promise<{ status: string; quote: { version: number; options: ApiOption[] } | null }> {
  return (await (await app.api(`/api/briefs/${ref}`)).json()) as never;
}

/** The editor form as the page renders it (inputs, checked boxes, selected options, the note), then `changes`. */
function editorForm(html: string, changes: Record<string, string>): Record<string, string> {
  const start = html.indexOf('class="editor-form"');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    if (/type="checkbox"/.test(tag) && !/ checked/.test(tag)) continue;
    fields[m[1]!] = htmlText(/value="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)![1]!;
  }
  fields.note = htmlText(/<textarea[^>]*name="note"[^>]*>([\s\S]*?)<\/textarea>/.exec(form)?.[1] ?? '');
  return { ...fields, ...changes };
}

describe('hub desk: option dates, breakout rooms and options built by hand', () => {
  let app: TestApp;
  let hub: Browser;

  beforeAll(async () => {
    app = await startTestApp({ env: { AUTO_SEND: 'false' }, clock: DESK_CLOCK });
    await seed(app.services, deskCatalogue());
    await addStaff(app, 'desk@example.org', 'hub_staff');
    hub = (await signIn(app, 'desk@example.org')).browser;
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  test('when staff change an option to the alternative dates and another breakout room, then it is re-priced and Save & send sends that version', async () => {
    const ref = await submit(app, deskBrief());
    await app.waitForStatus(ref, ['needs_review']);
    const before = (await apiBrief(app, ref)).quote!;
    expect(before.options[0]!.venue).toMatchObject({ supplier_id: 'PALAIS-T', space_id: 'AMPHI', breakout_space_ids: ['CALANQUE'] });
    expect(before.options[0]!.totals.gross_cents).toBe(432_000);

    const page = htmlText(await (await hub.get(`/hub/briefs/${ref}`)).text());
    expect(page).toMatch(/<select id="o1_dates" name="o1_dates">/);
    expect(page).toContain('<option value="2027-03-10/2027-03-12" selected>10–12 March 2027 (main dates)</option>');
    expect(page).toContain('<option value="2027-04-07/2027-04-09">7–9 April 2027 (alternative 1)</option>');
    expect(page).toContain('<option value="CALANQUE" selected>Salle Calanque (30 in classroom)</option>');

    // Wrong choices: precise errors, nothing saved.
    for (const [changes, message] of [
      [{ o1_dates: '2027-05-05/2027-05-07' }, "option 1: the dates must be one of the brief's date sets (10–12 March 2027; 7–9 April 2027)"],
      [{ o1_b0: 'AMPHI' }, 'option 1, breakout room 1: Grand Amphi is the plenary room; choose another space'],
      [{ o1_b0: 'CABINET' }, 'option 1, breakout room 1: Cabinet seats 10 in classroom layout; breakouts need 25'],
      [{ o1_b0: 'ORANGERIE' }, 'option 1, breakout room 1: "ORANGERIE" is not a space of Palais Test'],
    ] as const) {
      for (const action of ['reprice', 'send']) {
        const res = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(page, { ...changes, action }));
        expect(res.status).toBe(422);
        expect(htmlText(await res.text())).toContain(message);
      }
    }
    expect((await apiBrief(app, ref)).quote!.version).toBe(1);

    // Re-price on the new shape: the form now holds the new lines, editable.
    const repriced = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(page, { o1_dates: '2027-04-07/2027-04-09', o1_b0: 'FRIOUL', action: 'reprice' }));
    expect(repriced.status).toBe(200);
    const second = htmlText(await repriced.text());
    expect(second).toContain('id="repriced-gross-1">€5,400.00</strong>');
    expect(second).toContain('name="o1_lines_for" value="PALAIS-T|AMPHI|2027-04-07/2027-04-09|FRIOUL"');
    expect(second).toMatch(/name="o1_l0_unit_price" type="text" inputmode="decimal" value="1200.00"/);

    // Edit a line of the re-priced option, then send: the organiser's version is the new one.
    const sent = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(second, { o1_l1_quantity: '2', action: 'send' }));
    expect(sent.status).toBe(303);
    const after = await apiBrief(app, ref);
    expect(after.status).toBe('sent');
    const option = after.quote!.options[0]!;
    expect(after.quote!.version).toBe(2);
    expect(option.dates).toEqual({ start_date: '2027-04-07', end_date: '2027-04-09' });
    expect(option.venue.breakout_space_ids).toEqual(['FRIOUL']);
    // 3 × 1 200,00 € + 2 × 300,00 € = 4 200,00 € net, 840,00 € VAT.
    expect(option.totals).toEqual({ net_cents: 420_000, vat_cents: 84_000, gross_cents: 504_000 });
    const mail = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote' && m.to === 'ada@example.org'));
    const quote = mail.find((m) => m.kind === 'draft_quote' && m.to === 'ada@example.org')!;
    expect(quote.text.replace(/[\u202f\u00a0]/g, ' ')).toContain('5,040.00');
  });

  test('when no venue is feasible, then staff search the catalogue, add a venue, choose its rooms and send the option built by hand', async () => {
    const ref = await submit(app, deskBrief({ destinations: ['Nice'], non_negotiable: ['destinations'], organiser: { name: 'Zoé Martin', email: 'zoe@example.org', language: 'fr' } }));
    await app.waitForStatus(ref, ['needs_review']);
    expect((await apiBrief(app, ref)).quote).toBeNull();

    const page = htmlText(await (await hub.get(`/hub/briefs/${ref}`)).text());
    expect(page).toContain('There is no quote with options to edit');
    expect(page).toContain('Build an option by hand');
    // Sending nothing is refused.
    const empty = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(page, { action: 'send' }));
    expect(empty.status).toBe(422);
    expect(htmlText(await empty.text())).toContain('there is no option to send: build one by hand from the catalogue first');

    const unknown = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(page, { action: 'add:NOPE' }));
    expect(unknown.status).toBe(422);
    expect(htmlText(await unknown.text())).toContain('"NOPE" is not an active venue of the catalogue');

    const found = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(page, { venue_q: 'palais', action: 'search' }));
    expect(found.status).toBe(200);
    const results = htmlText(await found.text());
    expect(results).toContain('value="add:PALAIS-T"');
    expect(results).not.toContain('value="add:DOMAINE-T"');

    const added = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(results, { action: 'add:PALAIS-T' }));
    expect(added.status).toBe(200);
    const built = htmlText(await added.text());
    expect(built).toContain('built by hand');
    expect(built).toContain('<option value="AMPHI" selected>Grand Amphi (150 in theatre)</option>');
    expect(built).toContain('id="repriced-gross-1">€4,320.00</strong>');

    // A breakout that does not fit: the error, nothing saved.
    const wrong = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(built, { o1_b0: 'CABINET', action: 'send' }));
    expect(wrong.status).toBe(422);
    expect(htmlText(await wrong.text())).toContain('option 1, breakout room 1: Cabinet seats 10 in classroom layout; breakouts need 25');
    expect((await apiBrief(app, ref)).quote).toBeNull();

    const sent = await hub.post(`/hub/briefs/${ref}/editor`, editorForm(built, { o1_b0: 'FRIOUL', action: 'send' }));
    expect(sent.status).toBe(303);
    const after = await apiBrief(app, ref);
    expect(after.status).toBe('sent');
    expect(after.quote!.version).toBe(1);
    expect((after as unknown as { quoted_at: string }).quoted_at).toBe(DESK_CLOCK.now().toISOString());
    const option = after.quote!.options[0]!;
    expect(option.venue).toMatchObject({ supplier_id: 'PALAIS-T', space_id: 'AMPHI', breakout_space_ids: ['FRIOUL'] });
    // Main dates: 3 × 1 000,00 € + 3 × 300,00 € = 3 900,00 € net, 780,00 € VAT.
    expect(option.totals).toEqual({ net_cents: 390_000, vat_cents: 78_000, gross_cents: 468_000 });
    const mails = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote' && m.to === 'zoe@example.org'));
    expect(mails.find((m) => m.kind === 'draft_quote' && m.to === 'zoe@example.org')!.text).toContain('Salle de sous-commission — Salle Frioul');
  });
});
