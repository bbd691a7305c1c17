import { startTestApp, type TestApp } from '../support/test-app';
import { fullBrief, htmlText, plain, regionCatalogue, seed, submit } from './quote-fixtures';
import { pdfText } from '../support/pdf-text';

describe('draft quote e-mail through a real SMTP server', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
  });
  afterEach(async () => {
    await app.stop();
  });

  async function draftQuoteFor(language: 'en' | 'fr') {
    const ref = await submit(app, fullBrief(language));
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref));
    const mail = app.smtp.ofKind('draft_quote').find((m) => m.ref === ref)!;
    const brief = (await (await app.api(`/api/briefs/${ref}`)).json()) as { quote: { options: { lines: { description: string }[] }[] } };
    return { ref, mail, brief };
  }

  it('when a French brief is quoted, then the e-mail is French with French money, typography and descriptions in both parts', async () => {
    const { ref, mail, brief } = await draftQuoteFor('fr');
    expect(mail.to).toBe('ada@example.org');
    expect(mail.parsed.headers.get('x-pce-kind')).toBe('draft_quote');
    expect(mail.parsed.headers.get('x-pce-ref')).toBe(ref);
    expect(mail.subject).toBe(`Votre devis ${ref} : 2 propositions de lieux`);
    for (const part of [plain(mail.text), plain(htmlText(mail.html))]) {
      expect(part).toContain('Proposition 1');
      expect(part).toContain('Palais du Pharo (test)');
      expect(part).toContain('Auditorium');
      expect(part).toContain('Les Docks (test)');
      expect(part).toContain('La Nef');
      expect(part).toContain("Forfait journée d'étude — Auditorium");
      expect(part).toContain('Dîner — Traiteur du Port (test)');
      expect(part).toContain('Chambre individuelle, 2 nuits — Hôtel du Vieux-Port (test)');
      expect(part).toContain('Matériel audiovisuel, 3 jours — Sono Sud (test)');
      expect(part).toContain('74 800,00 €'); // total HT of option 1
      expect(part).toContain('11 160,00 €'); // TVA à 20 %
      expect(part).toContain('1 900,00 €'); // TVA à 10 %
      expect(part).toContain('87 860,00 €'); // total TTC
      expect(part).toContain('TVA à 20 %');
      expect(part).toContain('TVA à 10 %');
      expect(part).toContain('Pourquoi cette proposition :');
      expect(part).toContain('sans budget indiqué');
      expect(part).toContain('Prix valables jusqu');
      expect(part).toContain('70,00 € par personne et par jour');
      expect(part).toContain('Comprend la salle plénière, le déjeuner et deux pauses-café');
      expect(part).toContain('sous réserve de disponibilité jusqu’à confirmation');
      expect(part).toContain('Votre conseiller');
      expect(part).toContain('Émis le');
      expect(part).toMatch(/\/q\/[A-Za-z0-9_-]{20,}/);
    }
    // French typography: the space before ':' is a no-break space, never a line break point.
    expect(mail.text).toContain('Total HT\u00a0: ');
    expect(mail.text).not.toMatch(/[^\s\u00a0\u202f]:\s/);
    // The same quote, attached as a French PDF.
    const [pdf] = mail.parsed.attachments;
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.filename).toBe(`devis-${ref}.pdf`);
    const { text, pages } = await pdfText(pdf!.content);
    expect(pages).toBe(3);
    expect(plain(text)).toContain(`Devis ${ref}`);
    expect(plain(text)).toContain('87 860,00 €');
    // The stored snapshot is French too.
    expect(brief.quote.options[0]!.lines.map((l) => l.description)).toContain("Forfait journée d'étude — Auditorium");
  });

  it('when an English brief is quoted, then the e-mail is English with the same figures', async () => {
    const { ref, mail } = await draftQuoteFor('en');
    expect(mail.parsed.headers.get('x-pce-kind')).toBe('draft_quote');
    expect(mail.ref).toBe(ref);
    expect(mail.subject).toBe(`Your draft quote ${ref}: 2 venue options`);
    for (const part of [mail.text, htmlText(mail.html)]) {
      expect(part).toContain('Option 1');
      expect(part).toContain('Day delegate package — Auditorium');
      expect(part).toContain('Single room, 2 nights — Hôtel du Vieux-Port (test)');
      expect(part).toContain('€74,800.00');
      expect(part).toContain('€11,160.00');
      expect(part).toContain('€87,860.00');
      expect(part).toContain('VAT at 20 %');
      expect(part).toContain('Why this option');
      expect(part).toContain('no budget given');
      expect(part).toContain('Prices valid until');
      expect(part).toContain('€65.00 per person per day');
      expect(part).toContain('per room per night');
      expect(part).toContain('Includes the plenary room, lunch and two coffee breaks');
      expect(part).toContain('subject to availability until the venue and suppliers confirm');
    }
    expect(mail.text).toContain('Total excl. VAT: €74,800.00');
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual([`quote-${ref}.pdf`]);
  });

  it('when the options are shown, then the HTML sets them side by side as fluid cards and details each one', async () => {
    const { mail } = await draftQuoteFor('en');
    const cards = mail.html.match(/display:inline-block;vertical-align:top;width:100%;max-width:200px/g) ?? [];
    expect(cards).toHaveLength(2);
    expect(mail.html).toContain('id="option-1"');
    expect(mail.html).toContain('id="option-2"');
    expect(mail.html).toMatch(/<meta name="viewport"/);
  });
});
