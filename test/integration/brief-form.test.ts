import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { daysFromToday, todayOn } from '../support/clock';

/** The public web form of SPEC §4, through plain HTTP as a browser without JavaScript sends it. */

const SCRIPT = '<script>alert(1)</script>';
const ESCAPED_SCRIPT = '&lt;script&gt;alert(1)&lt;/script&gt;';


/** Fields as the form posts them; arrays become repeated fields (destinations=a&destinations=b). */
type Fields = Record<string, string | string[]>;

function validFields(overrides: Fields = {}): Fields {
  return {
    'organiser.name': 'Ada Martin',
    'organiser.organisation': 'SFC',
    'organiser.email': 'ada@example.org',
    'organiser.phone': '+33 6 12 34 56 78',
    'organiser.language': 'en',
    'event.title': 'Annual congress',
    'event.type': 'congress',
    'event.start_date': daysFromToday(100),
    'event.end_date': daysFromToday(102),
    'event.attendees': '280',
    'event.layout': 'theatre',
    destinations: ['Marseille', 'Nice'],
    'accommodation.single_rooms': '',
    'accommodation.double_rooms': '',
    'accommodation.nights': '',
    'catering.lunches': 'true',
    'catering.coffee_breaks_per_day': '2',
    'catering.dinners': '1',
    budget_eur: '',
    'requirements.quality_label': '',
    notes: 'Gala dinner on the second evening.',
    ...overrides,
  };
}

function encode(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params.toString();
}

function postForm(app: TestApp, fields: Fields): Promise<Response> {
  return fetch(`${app.baseUrl}/briefs`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: encode(fields),
  });
}

const htmlTextOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every form control a person fills in (hidden fields and buttons excluded). */
function controls(html: string): string[] {
  return [...html.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\stype="(hidden|submit|button)"/.test(tag));
}

/** The `.field` block that holds the control with the given id: where its label, hint and error live. */
function fieldBlock(html: string, controlId: string): string {
  const blocks = html.split(/(?=<div class="field)/);
  const block = blocks.find((b) => new RegExp(`\\sid="${escapeRe(controlId)}"`).test(b));
  if (!block) throw new Error(`no field block holds #${controlId}`);
  return block;
}

/** The text of the element with this id. */
function textOf(html: string, id: string): string | undefined {
  const m = new RegExp(`<(\\w+)[^>]*\\sid="${escapeRe(id)}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m?.[2]?.replace(/<[^>]+>/g, '').trim();
}

function inputTag(html: string, name: string, value?: string): string | undefined {
  return controls(html).find((tag) => attr(tag, 'name') === name && (value === undefined || attr(tag, 'value') === value));
}

async function countRows(app: TestApp, table: string): Promise<number> {
  const row = (await app.services.db(table).count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}

describe('brief form over plain HTTP', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.stop();
  });

  it('when /briefs/new is opened, then it is an HTML page where every control has a <label for> and no inline script is allowed', async () => {
    const res = await fetch(`${app.baseUrl}/briefs/new`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();

    const tags = controls(html);
    expect(tags.length).toBeGreaterThan(30); // 20 inputs and selects plus the checkbox lists
    const labelled = new Set([...html.matchAll(/<label\b[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
    const unlabelled = tags.filter((tag) => !attr(tag, 'id') || !labelled.has(attr(tag, 'id')!));
    expect(unlabelled).toEqual([]);
    const ids = tags.map((tag) => attr(tag, 'id'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const name of ['organiser.name', 'organiser.email', 'event.start_date', 'event.end_date', 'event.attendees', 'event.layout']) {
      expect(tags.find((tag) => attr(tag, 'name') === name)).toMatch(/\srequired[\s>]/);
    }

    const csp = res.headers.get('content-security-policy');
    expect(csp).toBeTruthy();
    const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    const scriptSources = directives.get('script-src') ?? directives.get('default-src');
    expect(scriptSources).toBeDefined();
    expect(scriptSources).not.toContain("'unsafe-inline'");
    expect(scriptSources).not.toContain("'unsafe-eval'");
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/); // nothing inline that the policy would block
  });

  it('when the form is posted with errors, then it answers 422 with each message beside its field, the typed values kept, markup escaped and nothing stored', async () => {
    const fields = validFields({
      'organiser.name': `Ada ${SCRIPT}`,
      'organiser.email': 'not-an-e-mail',
      'event.attendees': '0',
      'event.layout': 'classroom',
      'event.start_date': daysFromToday(40),
      'event.end_date': daysFromToday(39),
      destinations: ['Marseille', 'Nice'],
      venue_types: ['convention_centre'],
      non_negotiable: ['destinations', 'budget'],
      av: 'true',
      'requirements.accessible': 'true',
      'accommodation.single_rooms': '12',
      notes: `Notes ${SCRIPT} "quoted" & more`,
    });
    const res = await postForm(app, fields);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();

    const expected: Record<string, string> = {
      'organiser.email': 'Enter your e-mail address, like name@example.org',
      'event.attendees': 'Enter a number of attendees from 1 to 5,000',
      'event.end_date': 'The last day must be on or after the first day',
    };
    for (const [field, message] of Object.entries(expected)) {
      expect(textOf(html, `e-${field}`)).toBe(message);
      const block = fieldBlock(html, `f-${field}`);
      expect(block).toContain(`id="e-${field}"`);
      expect(block).toMatch(/class="field invalid"/);
      const control = inputTag(block, field)!;
      expect(control).toContain('aria-invalid="true"');
      expect(attr(control, 'aria-describedby')?.split(' ')).toContain(`e-${field}`);
    }
    // Only the fields in error are marked.
    expect([...html.matchAll(/\sid="e-([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(Object.keys(expected).sort());
    // The summary names every error and links to the field.
    const summary = /<div class="summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    for (const [field, message] of Object.entries(expected)) expect(summary).toContain(`<a href="#f-${field}">${message}</a>`);
    expect(summary).toContain('Please correct 3 fields:');
    expect(summary).toMatch(/tabindex="-1"/);

    // Typed values kept.
    expect(attr(inputTag(html, 'organiser.email')!, 'value')).toBe('not-an-e-mail');
    expect(attr(inputTag(html, 'event.attendees')!, 'value')).toBe('0');
    expect(attr(inputTag(html, 'event.start_date')!, 'value')).toBe(daysFromToday(40));
    expect(attr(inputTag(html, 'accommodation.single_rooms')!, 'value')).toBe('12');
    expect(attr(inputTag(html, 'organiser.phone')!, 'value')).toBe('+33 6 12 34 56 78');
    expect(html).toMatch(/<option value="classroom" selected>/);
    expect(html).toMatch(/<option value="congress" selected>/);
    for (const [name, value] of [
      ['destinations', 'Marseille'],
      ['destinations', 'Nice'],
      ['venue_types', 'convention_centre'],
      ['non_negotiable', 'destinations'],
      ['non_negotiable', 'budget'],
      ['av', 'true'],
      ['catering.lunches', 'true'],
      ['requirements.accessible', 'true'],
    ] as const) {
      expect(inputTag(html, name, value)).toMatch(/\schecked[\s>]/);
    }
    expect(inputTag(html, 'destinations', 'Cannes')).not.toMatch(/\schecked[\s>]/);
    expect(inputTag(html, 'venue_types', 'hotel')).not.toMatch(/\schecked[\s>]/);

    // Markup typed into text fields comes back escaped, never raw.
    expect(html).not.toContain(SCRIPT);
    expect(attr(inputTag(html, 'organiser.name')!, 'value')).toBe(`Ada ${ESCAPED_SCRIPT}`);
    expect(/<textarea[^>]*name="notes"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1]).toBe(`Notes ${ESCAPED_SCRIPT} &quot;quoted&quot; &amp; more`);

    expect(await countRows(app, TABLES.briefs)).toBe(0);
    expect(await countRows(app, TABLES.outbox)).toBe(0);
  });

  it('when required fields are left empty, then each says what is missing in words a person understands', async () => {
    const res = await postForm(app, validFields({ 'organiser.name': '  ', 'organiser.email': '', 'event.start_date': '', 'event.end_date': '', 'event.attendees': '' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(textOf(html, 'e-organiser.name')).toBe('Enter your name');
    expect(textOf(html, 'e-organiser.email')).toBe('Enter your e-mail address, like name@example.org');
    expect(textOf(html, 'e-event.start_date')).toBe('Enter the first day of the event');
    expect(textOf(html, 'e-event.end_date')).toBe('Enter the last day of the event');
    expect(textOf(html, 'e-event.attendees')).toBe('Enter a number of attendees from 1 to 5,000');
    expect(html).not.toMatch(/expected string|received undefined|must be|organiser\.name:/i);
    expect(await countRows(app, TABLES.briefs)).toBe(0);
  });

  it('when a valid form is posted, then it redirects to a confirmation page with the ref, the e-mails go out with markup escaped', async () => {
    await seedSmallCatalogue(app.services);
    const res = await postForm(app, validFields({ 'organiser.name': `Ada ${SCRIPT}`, notes: `Gala ${SCRIPT}` }));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/briefs\/received\/[A-Za-z0-9_-]{20,}\?lang=en$/);

    const page = await fetch(app.baseUrl + location);
    expect(page.status).toBe(200);
    const html = await page.text();
    const ref = /<span class="ref">(PCE-\d{4}-\d{6})<\/span>/.exec(html)?.[1];
    expect(ref).toMatch(/^PCE-\d{4}-\d{6}$/);
    expect(ref!.slice(4, 8)).toBe(todayOn().slice(0, 4));

    // What was stored is what was typed, with the form's flat fields turned into the brief.
    const stored = await app.services.stores.briefs.findByRef(ref!);
    expect(stored!.brief).toMatchObject({
      organiser: { name: `Ada ${SCRIPT}`, email: 'ada@example.org', language: 'en' },
      event: { type: 'congress', attendees: 280, layout: 'theatre' },
      destinations: ['Marseille', 'Nice'],
      catering: { lunches: true, coffee_breaks_per_day: 2, dinners: 1 },
      av: false,
      notes: `Gala ${SCRIPT}`,
    });

    // Pooled SMTP connections deliver in any order: wait for the venue's lead itself.
    const mails = await app.smtp.waitFor(
      (m) => ['brief_received', 'draft_quote'].every((k) => m.some((x) => x.kind === k && x.ref === ref)) && m.some((x) => x.kind === 'lead' && x.to === 'palais@example.org'),
    );
    const ack = mails.find((m) => m.kind === 'brief_received')!;
    expect(ack.to).toBe('ada@example.org');
    expect(ack.text).toContain(ref);
    expect(ack.html).toContain(ref);
    for (const mail of mails) {
      expect(mail.html).not.toContain(SCRIPT);
      expect(mail.subject).not.toContain(SCRIPT);
    }
    expect(ack.html).toContain(`Ada ${ESCAPED_SCRIPT}`);
    expect(ack.text).toContain(`Ada ${SCRIPT}`); // plain text is not HTML: shown as typed
    const lead = mails.find((m) => m.kind === 'lead' && m.to === 'palais@example.org')!;
    expect(lead.html).toContain(`Gala ${ESCAPED_SCRIPT}`);
    expect(lead.html).toContain(`Ada ${ESCAPED_SCRIPT}`);
  });

  it('when the browser prefers French, then the form, its hints, choices and privacy statement are French, with a switch to English, and the quote language defaults to French', async () => {
    const res = await fetch(`${app.baseUrl}/briefs/new`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Parlez-nous de votre événement');
    expect(html).toContain('Nous envoyons le devis à cette adresse');
    expect(html).toMatch(/<option value="congress"[^>]*>Congrès<\/option>/);
    expect(html).toMatch(/<option value="fr" selected>Français<\/option>/);
    expect(html).toContain('<input type="hidden" name="_lang" value="fr">');
    expect(html.replace(/&#x3D;/g, "=")).toMatch(/<a class="lang-switch" href="\/briefs\/new\?lang=en" lang="en"/);
    expect(htmlTextOf(html)).toContain('Ils sont conservés 36 mois après votre événement, puis anonymisés');
    expect(htmlTextOf(html)).toContain('écrivez à hub@example.org');
    expect(htmlTextOf(html)).toMatch(/nom, votre adresse e-mail, votre téléphone, votre organisation et vos remarques/);
    expect(html).toContain('<link rel="icon" href="/favicon.svg"');
    expect((await fetch(`${app.baseUrl}/favicon.svg`)).headers.get('content-type')).toMatch(/^image\/svg\+xml/);

    const english = await (await fetch(`${app.baseUrl}/briefs/new?lang=en`, { headers: { 'accept-language': 'fr-FR' } })).text();
    expect(english).toContain('Tell us about your event');
    expect(htmlTextOf(english)).toContain('kept for 36 months after your event, then anonymised');
    expect(english).toMatch(/<option value="en" selected>English<\/option>/);
  });

  it('when a French form is posted with errors, then the messages and the summary are French sentences; once fixed, the thank-you page is French', async () => {
    await seedSmallCatalogue(app.services);
    const res = await postForm(app, validFields({ _lang: 'fr', 'organiser.language': 'fr', 'organiser.email': '', 'event.attendees': '0' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(textOf(html, 'e-organiser.email')).toBe('Indiquez votre adresse e-mail, par exemple nom@exemple.fr');
    expect(textOf(html, 'e-event.attendees')).toBe('Indiquez un nombre de participants entre 1 et 5\u00a0000');
    expect(html).toContain('Merci de corriger 2 champs');

    const ok = await postForm(app, validFields({ _lang: 'fr', 'organiser.language': 'fr' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/\?lang=fr$/);
    const thanks = await (await fetch(app.baseUrl + ok.headers.get('location')!)).text();
    expect(thanks).toContain('Merci, nous avons bien reçu votre demande');
    expect(thanks).toContain('heure de Paris');
  });

  it('when the confirmation token is unknown, then the page answers 404', async () => {
    const res = await fetch(`${app.baseUrl}/briefs/received/not-a-real-token-000000000`);
    expect(res.status).toBe(404);
  });
});
