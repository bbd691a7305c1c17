import { quotePdf } from '../../src/quotes/quote-pdf';
import { quoteDocument } from '../../src/quotes/quote-document';
import { hubInfo } from '../../src/i18n/hub-info';
import type { StoredBrief } from '../../src/briefs/brief-store';
import type { StoredQuote } from '../../src/quotes/quote-store';
import type { QuoteLine, QuoteOption } from '../../src/core/quote-types';
import { briefSchema } from '../../src/core/brief-schema';
import { writeFileSync } from 'node:fs';
import { pdfText } from '../support/pdf-text';
import { artifactPath } from '../support/browser';

/** The PDF on its own: a summary page, then one page per option even for a long quote; selectable text in the organiser's format. */

function line(item: QuoteLine['item'], description: string, quantity: number, unit: number, vat: 20 | 10 | 0): QuoteLine {
  const net = quantity * unit;
  const vatCents = Math.round((net * vat) / 100);
  return { supplier_id: 'S', item, space_id: null, description, quantity, unit_price_cents: unit, vat_pct: vat, net_cents: net, vat_cents: vatCents, gross_cents: net + vatCents };
}

function option(rank: number, venue: string): QuoteOption {
  const lines = [
    line('day_delegate', 'Forfait journée d’étude — Salle des Vignes', 840, 7110, 20),
    line('coffee_break', 'Pauses-café au-delà de 2 par jour', 840, 450, 10),
    line('dinner', 'Dîner — Traiteur du Port', 280, 5500, 10),
    line('bedroom_single_night', 'Chambre individuelle, 2 nuits — Hôtel du Port', 240, 9000, 10),
    line('bedroom_double_night', 'Chambre double, 2 nuits — Hôtel du Port', 40, 11000, 10),
    line('av_day', 'Matériel audiovisuel, 3 jours', 3, 40000, 20),
    line('space_hire_day', 'Location de salle — Salon Bleu, 3 jours', 3, 90000, 20),
    line('space_hire_day', 'Location de salle — Salon Vert, 3 jours', 3, 90000, 20),
    line('space_hire_day', 'Location de salle — Salon Rouge, 3 jours', 3, 90000, 20),
    line('space_hire_day', 'Location de salle — Salon Jaune, 3 jours', 3, 90000, 20),
    line('custom', 'Cocktail de bienvenue sur la terrasse', 280, 1250, 10),
    line('custom', 'Navette aéroport aller-retour', 6, 45000, 10),
  ];
  const totals = lines.reduce((t, l) => ({ net_cents: t.net_cents + l.net_cents, vat_cents: t.vat_cents + l.vat_cents, gross_cents: t.gross_cents + l.gross_cents }), { net_cents: 0, vat_cents: 0, gross_cents: 0 });
  const reasons = (['destinations', 'venue_types', 'budget', 'accessible', 'quality_label', 'dates', 'onsite_accommodation'] as const).map((criterion, i) => ({ criterion, met: i % 3 !== 0, hard: i === 0, detail: 'détail du critère' }));
  return { rank, score: 0.8, stale_rates: false, venue: { supplier_id: `V${rank}`, name: venue, city: 'Marseille', space_id: 'vignes' }, reasons, lines, totals };
}

function fixture(lang: 'fr' | 'en') {
  const brief = briefSchema('2027-01-01').parse({
    organiser: { name: 'Ada Martin', organisation: 'SFC', email: 'ada@example.org', language: lang },
    event: { title: 'Congrès annuel', type: 'congress', start_date: '2027-03-10', end_date: '2027-03-12', attendees: 280, layout: 'theatre' },
    notes: '3 fauteuils roulants, dîner vue mer. '.repeat(8),
  });
  const stored: StoredBrief = {
    id: 42, ref: 'PCE-2027-000042', publicTokenHash: 'x', status: 'sent', brief, language: lang, receivedAt: '2027-01-05T09:00:00Z', slaDueAt: '2027-01-07T09:00:00Z',
    quotedAt: null, sentAt: null, reviewReasons: [], slaWarningAt: null, slaBreachAt: null, interestRank: null,
  };
  const quote: StoredQuote = {
    id: 1, briefId: 42, version: 2, createdAt: '2027-01-05T09:00:00Z', createdBy: 'worker', note: 'Nous pouvons réserver la terrasse.', sentAt: '2027-01-05T09:01:00Z', eliminated: [],
    options: [option(1, 'Palais du Pharo'), option(2, 'Les Docks'), option(3, 'Villa Méditerranée')],
  };
  const spaceNames = new Map([['V1/vignes', 'Salle des Vignes'], ['V2/vignes', 'Salle des Vignes'], ['V3/vignes', 'Salle des Vignes']]);
  return quoteDocument({ brief: stored, quote, spaceNames, hub: hubInfo({ hubName: 'Provence Business Events', hubAdvisor: 'Camille Durand', hubEmail: 'hub@example.org' }) });
}

describe('quote PDF', () => {
  it('when a quote has three options of twelve lines each and long notes, then the PDF is a summary page plus exactly one page per option', async () => {
    const pdf = await quotePdf(fixture('fr'));
    writeFileSync(artifactPath('quote-long-fr.pdf'), pdf); // kept with the screenshots, to look at
    const { pages } = await pdfText(pdf);
    expect(pages).toBe(4);
  }, 30_000);

  it('when read back, then the text holds the ref, the dates, each venue, units, package contents and each total in French format, with no doubled space word', async () => {
    const doc = fixture('fr');
    const text = (await pdfText(await quotePdf(doc))).text.replace(/[\u202f\u00a0]/g, ' ');
    expect(text).toContain('Devis PCE-2027-000042');
    expect(text).toContain('Émis le');
    expect(text).toContain('5 janvier 2027');
    expect(text).toContain('4 février 2027'); // 30 days later
    for (const o of doc.options) {
      expect(text).toContain(o.venue.name);
      expect(text).toContain(o.grossText.replace(/[\u202f\u00a0]/g, ' '));
    }
    expect(text).toContain('par personne et par jour');
    expect(text).toContain('par chambre et par nuit');
    expect(text).toContain('Comprend la salle plénière');
    expect(text).toContain('Un conseiller vous répondra personnellement');
    expect(text).toContain('Camille Durand');
    expect(text).not.toMatch(/Salle Salle/);
  }, 30_000);
});
