import { startTestApp, type TestApp } from '../support/test-app';
import { fullBrief, htmlText, plain, regionCatalogue, seed, submit } from './quote-fixtures';
import { mintQuoteLink } from '../support/quote-link';

describe('online quote /q/<token>', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
  });
  afterEach(async () => {
    await app.stop();
  });

  async function sentQuote(language: 'en' | 'fr') {
    const ref = await submit(app, fullBrief(language));
    await app.waitForStatus(ref, ['sent']);
    const { id } = (await app.services.stores.briefs.findByRef(ref))!;
    return { ref, token: await mintQuoteLink(app, id) };
  }

  const post = (path: string, body: string, origin?: string) =>
    fetch(app.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
      body,
    });

  it('when the organiser opens a French quote, then the grid shows every option with lines, VAT by rate, totals and reasons in French', async () => {
    const { token } = await sentQuote('fr');
    const res = await fetch(`${app.baseUrl}/q/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = plain(htmlText(await res.text()));
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('quote-grid quote-grid-2');
    expect(page).toContain("Forfait journée d'étude — Auditorium");
    expect(page).toContain('Salle La Nef');
    expect(page).toContain('74 800,00 €');
    expect(page).toContain('TVA à 20 %');
    expect(page).toContain('87 860,00 €');
    expect(page).toContain('sans budget indiqué');
    expect(page).toContain('Prix valables jusqu');
    expect(page.match(/<form method="post" action="\/q\/[^"]+\/interest"/g)).toHaveLength(2);
    expect(page).not.toMatch(/<script/);
  });

  it('when the organiser says an option interests them, then it is stored, confirmed, and the hub and that venue get a lead', async () => {
    const { ref, token } = await sentQuote('en');
    const res = await post(`/q/${token}/interest`, 'rank=2', app.baseUrl);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/q/${token}?interest=2#option-2`);
    expect((await app.services.stores.briefs.findByRef(ref))!.interestRank).toBe(2);

    const confirmation = htmlText(await (await fetch(`${app.baseUrl}/q/${token}?interest=2`)).text());
    expect(confirmation).toContain('we have told the hub and Les Docks (test) that option 2 interests you');
    expect(confirmation).toContain('✓ Your choice');

    const notices = (await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'lead' && x.subject.startsWith('Option 2 interests')).length === 2)).filter(
      (m) => m.kind === 'lead' && m.subject.startsWith('Option 2 interests'),
    );
    expect(notices.map((m) => m.to).sort()).toEqual(['docks@example.org', 'hub@example.org']);
    for (const m of notices) {
      expect(m.ref).toBe(ref);
      expect(m.text).toContain('Les Docks (test)');
      expect(m.text).toContain('ada@example.org');
      expect(m.html).toContain('Les Docks (test)');
    }

    // Saying it again sends nothing new.
    expect((await post(`/q/${token}/interest`, 'rank=2', app.baseUrl)).status).toBe(303);
    await new Promise((r) => setTimeout(r, 800));
    expect(app.smtp.received.filter((m) => m.subject.startsWith('Option 2 interests'))).toHaveLength(2);
  });

  it('when the interest form is posted from another site, then it is refused and nothing is stored', async () => {
    const { ref, token } = await sentQuote('en');
    const res = await post(`/q/${token}/interest`, 'rank=1', 'https://evil.example');
    expect(res.status).toBe(403);
    expect((await app.services.stores.briefs.findByRef(ref))!.interestRank).toBeNull();
  });

  it('when the option does not exist, then it answers 404 and stores nothing', async () => {
    const { ref, token } = await sentQuote('en');
    expect((await post(`/q/${token}/interest`, 'rank=9', app.baseUrl)).status).toBe(404);
    expect((await post(`/q/${token}/interest`, 'rank=abc', app.baseUrl)).status).toBe(404);
    expect((await app.services.stores.briefs.findByRef(ref))!.interestRank).toBeNull();
  });

  it('when the token is unknown, then the page and the form answer 404', async () => {
    const res = await fetch(`${app.baseUrl}/q/not-a-real-token-0123456789`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<html');
    expect((await post('/q/not-a-real-token-0123456789/interest', 'rank=1', app.baseUrl)).status).toBe(404);
  });

  it('when the stylesheet is served, then options stack by default and a print layout exists', async () => {
    const css = await (await fetch(`${app.baseUrl}/static/app.css`)).text();
    expect(css).toContain('.quote-grid { display:grid');
    expect(css).toMatch(/@media print \{[^]*\.interest-form/);
  });
});
