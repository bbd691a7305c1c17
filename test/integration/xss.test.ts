import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { addStaff, signIn, type Browser } from './venue-portal-support';
import { mintQuoteLink } from '../support/quote-link';

/**
 * Script and markup typed into every free-text field (brief, venue profile, spaces, blocked
 * dates, CSV) must reach pages and e-mails only escaped, and every page forbids inline script.
 */
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const TEMPLATE = '{{constructor}}';
const JS_URL = 'javascript:alert(1)';
const SVG = '<svg onload=alert(1)>';

function unsafeParts(html: string): string[] {
  const found: string[] = [];
  if (/<script>alert/i.test(html)) found.push('raw <script>');
  if (/<img src=x/i.test(html)) found.push('raw <img onerror>');
  if (/<svg onload/i.test(html)) found.push('raw <svg onload>');
  if (/\b(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i.test(html)) found.push('javascript: URL in an attribute');
  if (/function Object\(\)|\[native code\]/.test(html)) found.push('template evaluated {{constructor}}');
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) found.push('inline <script>');
  return found;
}

describe('script and markup in free text', () => {
  let app: TestApp;
  let staff: { browser: Browser; csrf: string };
  const pages: { where: string; html: string }[] = [];

  const visit = async (where: string, res: Response) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src([^;]*)/.exec(csp)?.[1] ?? /default-src([^;]*)/.exec(csp)?.[1];
    expect([where, scriptSrc !== undefined && !scriptSrc.includes('unsafe-inline')]).toEqual([where, true]);
    const html = await res.text();
    pages.push({ where, html });
    return html;
  };

  beforeAll(async () => {
    const now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'claire@palais.example', 'venue_staff', ['PALAIS'], SCRIPT);
    staff = await signIn(app, 'claire@palais.example');
  });
  afterAll(async () => {
    await app.stop();
  });

  it('when every free-text field holds script, markup, template and javascript: payloads, then no page and no e-mail carries them unescaped and every page forbids inline script', async () => {
    const { browser, csrf } = staff;
    // The venue's own data, through the portal forms and a CSV upload.
    const saved = [
      await browser.post('/venue/PALAIS/profile', { _csrf: csrf, name: `Palais ${SCRIPT}`, email: 'palais@example.org', phone: JS_URL, city: 'Marseille', quality_labels: `Qualité Tourisme;${IMG}` }),
      await browser.post('/venue/PALAIS/spaces/save', { _csrf: csrf, space_id: 'XSS', name: SVG, theatre: '50' }),
      await browser.post('/venue/PALAIS/blackouts/save', { _csrf: csrf, space_id: '', from: '2028-01-01', to: '2028-01-02', reason: TEMPLATE }),
    ];
    expect(saved.map((r) => r.status)).toEqual([303, 303, 303]);
    const csv = `supplier_id,space_id,from,to,reason\nPALAIS,,2028-01-01,2028-01-02,${TEMPLATE}\nPALAIS,XSS,2028-02-01,2028-02-03,"${IMG.replace(/"/g, '""')}"\n`;
    const preview = await visit('upload preview', await browser.post('/venue/PALAIS/upload', { _csrf: csrf, file: 'blackouts.csv', csv }));
    const digest = /name="digest" value="([0-9a-f]+)"/.exec(preview)![1]!;
    expect((await browser.post('/venue/PALAIS/upload/commit', { _csrf: csrf, file: 'blackouts.csv', csv, digest })).status).toBe(303);
    await visit('upload refused', await browser.post('/venue/PALAIS/upload', { _csrf: csrf, file: 'blackouts.csv', csv: `supplier_id,space_id,from,to,reason\nPALAIS,,${SCRIPT},2028-01-02,${SVG}\n` }));
    await visit('profile refused', await browser.post('/venue/PALAIS/profile', { _csrf: csrf, name: SCRIPT, email: IMG, city: '' }));
    await visit('venue index', await browser.get('/venue'));
    await visit('venue supplier page', await browser.get('/venue/PALAIS'));
    await visit('venue unknown supplier', await browser.get(`/venue/${encodeURIComponent(SCRIPT)}`));

    // The organiser's brief by the API, quoted and sent; the quote opened online.
    const brief = validBrief({
      organiser: { name: SCRIPT, organisation: IMG, email: 'ada@example.org', phone: JS_URL, language: 'en' },
      event: { title: TEMPLATE, type: 'congress', start_date: '2027-03-10', end_date: '2027-03-12', attendees: 280, layout: 'theatre' },
      destinations: ['Marseille', SVG],
      requirements: { quality_label: IMG },
      notes: `${SCRIPT} ${JS_URL} ${SVG}`,
    });
    const created = await fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(brief) });
    expect(created.status).toBe(201);
    const { ref } = (await created.json()) as { ref: string };
    await app.waitForStatus(ref, ['sent', 'needs_review']);
    const stored = (await app.services.stores.briefs.findByRef(ref))!;
    await visit('online quote', await fetch(`${app.baseUrl}/q/${await mintQuoteLink(app, stored.id)}`));

    // The same payloads by the form: re-rendered when refused, confirmed when accepted.
    const form = {
      'organiser.name': SCRIPT,
      'organiser.organisation': IMG,
      'organiser.email': 'bob@example.org',
      'organiser.phone': JS_URL,
      'event.title': TEMPLATE,
      'event.start_date': '2027-03-10',
      'event.end_date': '2027-03-11',
      'event.attendees': '40',
      'event.layout': 'theatre',
      destinations: SVG,
      'requirements.quality_label': IMG,
      notes: SCRIPT,
    };
    const post = (body: Record<string, string>) => fetch(`${app.baseUrl}/briefs`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
    await visit('form re-render', await post({ ...form, 'event.attendees': IMG, 'event.layout': SCRIPT, [SCRIPT]: IMG }));
    const accepted = await post(form);
    expect(accepted.status).toBe(303);
    await visit('brief received', await fetch(app.baseUrl + accepted.headers.get('location')!));
    await visit('not found', await fetch(`${app.baseUrl}/${encodeURIComponent(IMG)}`));
    await visit('sign-in with next', await fetch(`${app.baseUrl}/auth/sign-in?next=${encodeURIComponent(JS_URL)}`));

    await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote' || m.kind === 'needs_review') && all.filter((m) => m.kind === 'brief_received').length >= 2);

    const pageProblems = pages.flatMap((p) => unsafeParts(p.html).map((u) => `${p.where}: ${u}`));
    const mailProblems = app.smtp.received.flatMap((m) => unsafeParts(m.html).map((u) => `e-mail ${m.kind} to ${m.to}: ${u}`));
    expect([...pageProblems, ...mailProblems]).toEqual([]);
    // The payloads did reach the pages and e-mails, escaped: the test is not vacuous.
    const everything = [...pages.map((p) => p.html), ...app.smtp.received.map((m) => m.html)].join('\n');
    expect(everything).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(everything).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(everything).toContain('&lt;svg onload&#x3D;alert(1)&gt;');
    expect(everything).toContain(TEMPLATE);
    expect(app.smtp.received.some((m) => m.kind === 'brief_received' && m.html.includes('&lt;script&gt;'))).toBe(true);
  }, 60_000);
});
