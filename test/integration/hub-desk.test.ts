import { startTestApp, type TestApp } from '../support/test-app';
import { rate, space, venue } from '../support/catalogue-factory';
import { validBrief } from '../support/seed';
import { addStaff, Browser, csrfOf, signIn } from './venue-portal-support';
import { fullBrief, htmlText, regionCatalogue, seed, submit } from './quote-fixtures';
import { mintQuoteLink } from '../support/quote-link';

/** The brief desk and its quote editor over HTTP, against a real database, Redis, workers and SMTP server. */

interface ApiQuote {
  version: number;
  options: { rank: number; lines: { item: string; supplier_id: string; quantity: number; unit_price_cents: number; description: string; net_cents: number }[]; totals: Record<string, number> }[];
}

/** The region catalogue plus a venue too small for 280 people: it is eliminated by capacity. */
function catalogueWithSmallVenue() {
  const cat = regionCatalogue();
  return {
    ...cat,
    suppliers: [...cat.suppliers, venue('PETIT', { name: 'Petit Salon (test)', city: 'Marseille', email: 'petit@example.org' })],
    spaces: [...cat.spaces, space('PETIT', 'SALON', { theatre: 40 }, 'Salon')],
    rates: [...cat.rates, rate('PETIT', 'day_delegate', 5000)],
  };
}

/** The editor form as the page renders it (every field with its value), then `changes` on top. */
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
  const note = /<textarea[^>]*name="note"[^>]*>([\s\S]*?)<\/textarea>/.exec(form);
  fields.note = htmlText(note?.[1] ?? '');
  return { ...fields, ...changes };
}

async function apiQuote(app: TestApp, ref: string): Promise<ApiQuote> {
  return ((await (await app.api(`/api/briefs/${ref}`)).json()) as { quote: ApiQuote }).quote;
}

describe('brief desk /hub/briefs/:ref', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.stop();
  });

  async function reviewBrief(): Promise<{ ref: string; browser: Browser; page: string }> {
    app = await startTestApp({ env: { AUTO_SEND: 'false' } });
    await seed(app.services, catalogueWithSmallVenue());
    await addStaff(app, 'desk@example.org', 'hub_staff');
    const ref = await submit(app, fullBrief('en'));
    await app.waitForStatus(ref, ['needs_review']);
    await app.smtp.waitFor((all) => all.some((m) => m.kind === 'needs_review'));
    const { browser } = await signIn(app, 'desk@example.org');
    const res = await browser.get(`/hub/briefs/${ref}`);
    expect(res.status).toBe(200);
    return { ref, browser, page: await res.text() };
  }

  it('when a brief needs review, then the desk shows the brief, its timeline, the options with every criterion and the eliminated venue', async () => {
    const { ref, page } = await reviewBrief();
    const text = htmlText(page);
    expect(text).toContain(ref);
    expect(text).toContain('needs_review');
    expect(text).toContain('auto_send_off');
    expect(text).toContain('Ada Martin');
    expect(text).toContain('ada@example.org');
    expect(text).toContain('Annual congress · congress');
    // Timeline: received, matched, version 1, the e-mails with kind, recipient, status and attempts.
    const timeline = text.slice(text.indexOf('id="timeline"'));
    expect(timeline).toContain('Brief received');
    expect(timeline).toContain('Matched and priced');
    expect(timeline).toContain('Quote version 1 drafted');
    expect(timeline).toMatch(/E-mail brief_received<\/span>[\s\S]*?to ada@example.org[\s\S]*?(delivered|pending|sending)[\s\S]*?attempt/);
    expect(timeline).toMatch(/E-mail needs_review<\/span>[\s\S]*?to hub@example.org/);
    expect(timeline).toMatch(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/); // en-GB medium date, Paris time
    // Options and their explanations.
    expect(text).toContain('Option 1 · Palais du Pharo (test)');
    expect(text).toContain('Option 2 · Les Docks (test)');
    for (const criterion of ['destinations', 'venue_types', 'budget', 'accessible', 'quality_label', 'dates', 'onsite_accommodation']) {
      expect(page.slice(page.indexOf('id="option-1"'), page.indexOf('id="option-2"'))).toContain(`<strong>${criterion}</strong>`);
    }
    expect(text).toContain('€87,860.00');
    // Eliminated, with the criterion.
    const eliminated = text.slice(text.indexOf('id="eliminated"'), text.indexOf('id="editor"'));
    expect(eliminated).toContain('Petit Salon (test)');
    expect(eliminated).toContain('<strong>capacity</strong>');
  });

  it('when a line is edited, a free line and a note added and sent, then version 2 is in the API, the organiser’s e-mail and their link', async () => {
    const { ref, browser, page } = await reviewBrief();
    const form = editorForm(page, {
      action: 'reprice',
      o1_l0_quantity: '800',
      o1_c0_description: 'Welcome cocktail',
      o1_c0_supplier: 'TRAITEUR',
      o1_c0_quantity: '280',
      o1_c0_unit_price: '12.50',
      o1_c0_vat: '10',
      note: 'We can hold the terrace for the cocktail.',
    });
    expect(form._csrf).toBeTruthy();
    expect(form.base_version).toBe('1');

    const repriced = await browser.post(`/hub/briefs/${ref}/editor`, form);
    expect(repriced.status).toBe(200);
    const repricedPage = htmlText(await repriced.text());
    expect(repricedPage).toContain('Re-priced: €75,700.00 net · €12,890.00 VAT · <strong id="repriced-gross-1">€88,590.00</strong>');
    expect((await apiQuote(app, ref)).version).toBe(1); // re-pricing saves nothing

    const preview = await browser.post(`/hub/briefs/${ref}/editor`, { ...form, action: 'preview' });
    const previewPage = await preview.text();
    const pre = htmlText(/<pre class="email-text">([\s\S]*?)<\/pre>/.exec(previewPage)![1]!);
    expect(pre).toContain('We can hold the terrace for the cocktail.');
    expect(pre).toContain('Welcome cocktail: 280 × €12.50 per unit = €3,500.00');
    expect(pre).toContain('€88,590.00');
    const htmlForm = previewPage.slice(previewPage.indexOf('id="preview-html-form"'));
    const hidden = Object.fromEntries([...htmlForm.slice(0, htmlForm.indexOf('</form>')).matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, htmlText(m[2]!)]));
    const frame = await browser.post(`/hub/briefs/${ref}/editor/preview-html`, hidden);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toContain('sandbox');
    expect(frame.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(htmlText(await frame.text())).toContain('Welcome cocktail');

    const sent = await browser.post(`/hub/briefs/${ref}/editor`, { ...form, action: 'send' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/hub/briefs/${ref}?sent=2#editor`);

    const body = (await (await app.api(`/api/briefs/${ref}`)).json()) as { status: string; quote: ApiQuote };
    expect(body.status).toBe('sent');
    expect(body.quote.version).toBe(2);
    const [first, second] = body.quote.options;
    expect(first!.totals).toEqual({ net_cents: 7_570_000, vat_cents: 1_289_000, gross_cents: 8_859_000 });
    expect(first!.lines[0]).toMatchObject({ item: 'day_delegate', quantity: 800, net_cents: 5_200_000 });
    expect(first!.lines.at(-1)).toMatchObject({ item: 'custom', supplier_id: 'TRAITEUR', description: 'Welcome cocktail', quantity: 280, unit_price_cents: 1250, net_cents: 350_000 });
    expect(second!.lines.map((l) => l.item)).toEqual(['day_delegate', 'dinner', 'bedroom_single_night', 'av_day']);

    const mails = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote' && m.to === 'ada@example.org'));
    const drafts = mails.filter((m) => m.kind === 'draft_quote');
    expect(drafts).toHaveLength(1); // version 1 was never sent (AUTO_SEND off): only version 2 went out
    expect(drafts[0]!.ref).toBe(ref);
    expect(drafts[0]!.text).toContain('We can hold the terrace for the cocktail.');
    expect(drafts[0]!.text).toContain('€88,590.00');
    const versions = await app.services.db('mail_log').where({ kind: 'draft_quote' }).pluck('quote_version');
    expect(versions).toEqual([2]);
    await app.smtp.waitFor((all) => all.some((m) => m.kind === 'lead' && m.to === 'traiteur@example.org'));

    const stored = (await app.services.stores.briefs.findByRef(ref))!;
    const online = htmlText(await (await fetch(`${app.baseUrl}/q/${await mintQuoteLink(app, stored.id)}`)).text());
    expect(online).toContain('Version 2');
    expect(online).toContain('€88,590.00');
    expect(online).toContain('Welcome cocktail');
    expect(online).toContain('We can hold the terrace for the cocktail.');

    const desk = htmlText(await (await browser.get(`/hub/briefs/${ref}?sent=2`)).text());
    expect(desk).toContain('Version 2 saved and sent');
    expect(desk).toContain('Quote version 2 sent');
    expect(desk).toContain('v2 ·');
    expect(desk).toContain('by desk@example.org');
  });

  it('when edits are invalid, then the page names each problem, keeps what was typed and nothing changes', async () => {
    const { ref, browser, page } = await reviewBrief();
    const mailsBefore = await app.services.db('mail_log').count({ n: '*' }).first();
    const bad = editorForm(page, {
      action: 'send',
      o1_l0_quantity: '-5',
      o1_l1_unit_price: 'fifty',
      o1_c0_description: 'Gala band',
      o1_c0_quantity: '1',
      o1_c0_unit_price: '900',
      o1_c0_vat: '7',
    });
    const res = await browser.post(`/hub/briefs/${ref}/editor`, bad);
    expect(res.status).toBe(422);
    const html = htmlText(await res.text());
    expect(html).toContain('Nothing was saved');
    expect(html).toMatch(/option 1, [^:<]+: quantity must not be negative/);
    expect(html).toMatch(/option 1, [^:<]+: unit price must be an amount in euros, e.g. 65.00/);
    expect(html).toContain('option 1, free line 1: VAT must be one of 0, 2.1, 5.5, 10, 20 %');
    expect(html).toContain('value="-5"');
    expect(html).toContain('value="fifty"');
    expect(html).toContain('value="Gala band"');
    for (const action of ['reprice', 'preview']) expect((await browser.post(`/hub/briefs/${ref}/editor`, { ...bad, action })).status).toBe(422);
    const quote = await apiQuote(app, ref);
    expect(quote.version).toBe(1);
    expect(((await app.api(`/api/briefs/${ref}`)).json() as Promise<{ status: string }>).then((b) => b.status)).resolves.toBe('needs_review');
    expect(await app.services.db('mail_log').count({ n: '*' }).first()).toEqual(mailsBefore);
  });

  it('when someone saved a newer version meanwhile, then saving over the old one is refused with a reload hint', async () => {
    const { ref, browser, page } = await reviewBrief();
    const form = editorForm(page, { action: 'send', o1_l0_quantity: '800' });
    expect((await browser.post(`/hub/briefs/${ref}/editor`, form)).status).toBe(303);
    const again = await browser.post(`/hub/briefs/${ref}/editor`, { ...form, o1_l0_quantity: '700' });
    expect(again.status).toBe(422);
    expect(htmlText(await again.text())).toContain('version 2 was saved by desk@example.org while you edited version 1: reload the page');
    expect((await apiQuote(app, ref)).version).toBe(2);
  });

  it('when no venue meets the non-negotiables, then the desk shows how many venues each criterion eliminated and an editor to build options by hand', async () => {
    app = await startTestApp();
    await seed(app.services, catalogueWithSmallVenue());
    await addStaff(app, 'admin@example.org', 'hub_admin');
    const ref = await submit(app, validBrief({ destinations: ['Nice'], non_negotiable: ['destinations'] }));
    await app.waitForStatus(ref, ['needs_review']);
    const { browser } = await signIn(app, 'admin@example.org');
    const html = htmlText(await (await browser.get(`/hub/briefs/${ref}`)).text());
    expect(html).toContain('no_feasible_venue');
    expect(html).toMatch(/<th scope="row">destinations<\/th><td class="num">4<\/td>/);
    expect(html).toMatch(/<th scope="row">capacity<\/th><td class="num">2<\/td>/);
    expect(html).toContain('There is no quote with options to edit');
    // Issue 15: no dead end: the editor opens on the option builder alone.
    expect(html).toContain('class="editor-form"');
    expect(html).toContain('Build an option by hand');
    expect(html).not.toContain('id="edit-option-1"');
  });

  it('when venue staff, a signed-out visitor or a forged form reach the desk, then they are refused', async () => {
    const { ref, browser, page } = await reviewBrief();
    await addStaff(app, 'venue@example.org', 'venue_staff', ['PALAIS']);
    const venueStaff = (await signIn(app, 'venue@example.org')).browser;
    expect((await venueStaff.get(`/hub/briefs/${ref}`)).status).toBe(403);
    expect((await venueStaff.post(`/hub/briefs/${ref}/editor`, { _csrf: csrfOf(await (await venueStaff.get('/venue')).text()), action: 'send' })).status).toBe(403);

    const anonymous = new Browser(app.baseUrl);
    const get = await anonymous.get(`/hub/briefs/${ref}`);
    expect(get.status).toBe(303);
    expect(get.headers.get('location')).toBe(`/auth/sign-in?next=${encodeURIComponent(`/hub/briefs/${ref}`)}`);
    expect((await anonymous.post(`/hub/briefs/${ref}/editor`, { action: 'send' })).status).toBe(303);

    const forged = editorForm(page, { action: 'send', _csrf: 'not-the-token' });
    expect((await browser.post(`/hub/briefs/${ref}/editor`, forged)).status).toBe(403);
    expect((await apiQuote(app, ref)).version).toBe(1);
    expect((await browser.get('/hub/briefs/PCE-2000-999999')).status).toBe(404);
  });
});
