import { startTestApp, type TestApp } from '../support/test-app';
import { fullBrief, htmlText, plain, regionCatalogue, seed, submit } from './quote-fixtures';
import { pdfText } from '../support/pdf-text';

/** The organiser's link, as the draft-quote e-mail gives it (the database keeps only what it needs). */
async function linkFromEmail(app: TestApp, ref: string): Promise<string> {
  const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref), 20_000);
  const mail = mails.find((x) => x.kind === 'draft_quote' && x.ref === ref)!;
  const token = /\/q\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error('no quote link in the draft-quote e-mail');
  return token;
}

/** The hidden anti-forgery field of the option's interest form, read from the page as a browser would. */
function formTokenIn(page: string): string {
  const m = /name="_form" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no interest form on the page');
  return m[1]!;
}

describe('online quote /q/<token>', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ env: { HUB_NAME: 'Provence Business Events', HUB_PHONE: '+33 4 91 00 00 00', HUB_ADVISOR: 'Camille Durand' } });
    await seed(app.services, regionCatalogue());
  });
  afterEach(async () => {
    await app.stop();
  });

  async function sentQuote(language: 'en' | 'fr', notes?: string) {
    const ref = await submit(app, { ...fullBrief(language), ...(notes ? { notes } : {}) });
    await app.waitForStatus(ref, ['sent']);
    return { ref, token: await linkFromEmail(app, ref) };
  }

  const post = (path: string, body: Record<string, string>, origin?: string) =>
    fetch(app.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
      body: new URLSearchParams(body).toString(),
    });

  it('when the organiser opens a French quote, then it shows the hub, advisor, dates, units, package, VAT by rate, totals, notes and terms in French', async () => {
    const { token } = await sentQuote('fr', '3 fauteuils roulants, dîner vue mer');
    const res = await fetch(`${app.baseUrl}/q/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const page = plain(htmlText(await res.text()));
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('quote-grid quote-grid-2');
    expect(page).toContain("Forfait journée d'étude — Auditorium");
    expect(page).toContain('La Nef');
    expect(page).not.toMatch(/\b(Salle|Room) (Salle|Room)\b/);
    expect(page).toContain('70,00 € par personne et par jour');
    expect(page).toContain('Comprend la salle plénière, le déjeuner et deux pauses-café');
    expect(page).toContain('par chambre et par nuit');
    expect(page).toContain('74 800,00 €');
    expect(page).toContain('TVA à 20 %');
    expect(page).toContain('TVA à 10 %');
    expect(page).toMatch(/Total TTC : <strong>[\d ]+,\d\d €<\/strong>/);
    expect(page).toContain('87 860,00 €');
    expect(page).toContain('sans budget indiqué');
    expect(page).toContain('Camille Durand, Provence Business Events');
    expect(page).toContain('+33 4 91 00 00 00');
    expect(page).toMatch(/Émis le<\/dt><dd>\d{1,2} \S+ \d{4}/);
    expect(page).toContain('Prix valables jusqu');
    expect(page).toContain('3 fauteuils roulants, dîner vue mer');
    expect(page).toContain('Un conseiller vous répondra personnellement');
    expect(page).toContain('sous réserve de disponibilité jusqu’à confirmation');
    expect(page).toContain('Dates : ');
    expect(page.match(/<form method="post" action="\/q\/[^"]+\/interest"/g)).toHaveLength(2);
    expect(page).toContain('Cette proposition m’intéresse');
    expect(page).toContain('href="/q/' + token + '?lang=en"');
    expect(page).not.toMatch(/<script/);
  });

  it('when the interest form is posted with Origin: null (the page sends no referrer), then the quote-bound field lets it through and the confirmation is in English', async () => {
    const { ref, token } = await sentQuote('en');
    const page = await (await fetch(`${app.baseUrl}/q/${token}`)).text();
    const res = await post(`/q/${token}/interest`, { rank: '2', _form: formTokenIn(page), _lang: 'en' }, 'null');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/q/${token}?interest=2&lang=en#option-2`);
    expect((await app.services.stores.briefs.findByRef(ref))!.interestRank).toBe(2);

    const confirmation = htmlText(await (await fetch(`${app.baseUrl}/q/${token}?interest=2&lang=en`)).text());
    expect(confirmation).toContain('we have told the hub and Les Docks (test) that option 2 interests you');
    expect(confirmation).toContain('✓ Your choice');

    // The hub reads English; the venue reads French, the default for suppliers' lead e-mails.
    const notices = (await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'lead' && /^(Option 2 interests|La proposition 2 intéresse)/.test(x.subject)).length === 2)).filter(
      (m) => m.kind === 'lead' && /^(Option 2 interests|La proposition 2 intéresse)/.test(m.subject),
    );
    expect(notices.map((m) => m.to).sort()).toEqual(['docks@example.org', 'hub@example.org']);
    expect(notices.find((m) => m.to === 'hub@example.org')!.subject).toMatch(/^Option 2 interests the organiser/);
    const venueNotice = notices.find((m) => m.to === 'docks@example.org')!;
    expect(venueNotice.subject).toMatch(/^La proposition 2 intéresse l’organisateur/);
    expect(venueNotice.text).toContain('Prochaine étape');
    for (const m of notices) {
      expect(m.ref).toBe(ref);
      expect(m.text).toContain('Les Docks (test)');
      expect(m.text).toContain('ada@example.org');
    }

    // Saying it again, from the same origin this time, sends nothing new.
    expect((await post(`/q/${token}/interest`, { rank: '2', _form: formTokenIn(page) }, app.baseUrl)).status).toBe(303);
    await new Promise((r) => setTimeout(r, 800));
    expect(app.smtp.received.filter((m) => /^(Option 2 interests|La proposition 2 intéresse)/.test(m.subject))).toHaveLength(2);
  });

  it('when the interest form comes without the quote-bound field, with a wrong one, one of another quote, or from another site, then it is refused in the organiser language and nothing is stored', async () => {
    const { ref, token } = await sentQuote('fr');
    const other = await sentQuote('fr');
    const page = await (await fetch(`${app.baseUrl}/q/${token}`)).text();
    const otherPage = await (await fetch(`${app.baseUrl}/q/${other.token}`)).text();
    const refused = [
      await post(`/q/${token}/interest`, { rank: '1', _lang: 'fr' }, 'null'),
      await post(`/q/${token}/interest`, { rank: '1', _form: 'forged', _lang: 'fr' }),
      await post(`/q/${token}/interest`, { rank: '1', _form: formTokenIn(otherPage), _lang: 'fr' }, app.baseUrl),
      await post(`/q/${token}/interest`, { rank: '1', _form: formTokenIn(page), _lang: 'fr' }, 'https://evil.example'),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(htmlText(await res.text())).toContain('Ce formulaire n’a pas pu être vérifié');
    }
    expect((await app.services.stores.briefs.findByRef(ref))!.interestRank).toBeNull();
  });

  it('when the option does not exist, then it answers 404 and stores nothing', async () => {
    const { ref, token } = await sentQuote('en');
    const form = formTokenIn(await (await fetch(`${app.baseUrl}/q/${token}`)).text());
    expect((await post(`/q/${token}/interest`, { rank: '9', _form: form }, app.baseUrl)).status).toBe(404);
    expect((await post(`/q/${token}/interest`, { rank: 'abc', _form: form }, app.baseUrl)).status).toBe(404);
    expect((await app.services.stores.briefs.findByRef(ref))!.interestRank).toBeNull();
  });

  it('when the token is unknown, then the page, the PDF and the form answer 404', async () => {
    const res = await fetch(`${app.baseUrl}/q/not-a-real-token-0123456789`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<html');
    expect((await fetch(`${app.baseUrl}/q/not-a-real-token-0123456789.pdf`)).status).toBe(404);
    expect((await post('/q/not-a-real-token-0123456789/interest', { rank: '1', _form: 'x' }, app.baseUrl)).status).toBe(404);
  });

  it('when the organiser downloads the PDF, then it is an A4 PDF with a summary page and one page per option whose text holds the ref, each venue and each total as the quote shows them', async () => {
    const { ref, token } = await sentQuote('fr', 'Dîner vue mer');
    const res = await fetch(`${app.baseUrl}/q/${token}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toContain(`devis-${ref}.pdf`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(bytes);
    expect(pages).toBe(3); // summary + 2 options
    const flat = plain(text).replace(/[ \t]+/g, ' ');
    expect(flat).toContain(`Devis ${ref}`);
    expect(flat).toContain('Palais du Pharo (test)');
    expect(flat).toContain('Les Docks (test)');
    expect(flat).toContain('74 800,00 €');
    expect(flat).toContain('87 860,00 €');
    expect(flat).toContain('par personne et par jour');
    expect(flat).toContain('Camille Durand');
    expect(flat).toContain('Dîner vue mer');
    const { quote } = (await (await app.api(`/api/briefs/${ref}`)).json()) as { quote: { options: { totals: { gross_cents: number; net_cents: number } }[] } };
    const fr = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    for (const o of quote.options) {
      expect(flat).toContain(plain(fr.format(o.totals.gross_cents / 100)));
      expect(flat).toContain(plain(fr.format(o.totals.net_cents / 100)));
    }
    // A4: 595.28 × 841.89 points.
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);

    const english = await fetch(`${app.baseUrl}/q/${token}.pdf?lang=en`);
    const enText = (await pdfText(Buffer.from(await english.arrayBuffer()))).text;
    expect(enText).toContain(`Quote ${ref}`);
    expect(enText).toContain('per person per day');
  });

  it('when the stylesheet is served, then options stack by default and a print layout exists', async () => {
    const css = await (await fetch(`${app.baseUrl}/static/app.css`)).text();
    expect(css).toContain('.quote-grid { display:grid');
    expect(css).toMatch(/@media print \{[^]*\.interest-form/);
  });
});
