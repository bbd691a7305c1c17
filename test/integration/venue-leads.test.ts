import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { catalogue, rate, space, venue } from '../support/catalogue-factory';
import { addStaff, signIn } from './venue-portal-support';
import { storesFor } from '../../src/stores';

describe('venue portal: leads routed to a supplier', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
    const other = catalogue({
      suppliers: [venue('OTHER', { name: 'Other Centre (test)', city: 'Nice' })],
      spaces: [space('OTHER', 'HALL', { theatre: 400 })],
      rates: [rate('OTHER', 'day_delegate', 5000)],
    });
    await app.services.db.transaction((trx) => storesFor(trx).suppliers.upsert(other, app.services.clock.now()));
  });
  afterEach(async () => app.stop());

  it('when a sent quote includes a supplier, then its staff see the lead with their lines and the organiser contact, and other suppliers do not', async () => {
    const { ref } = (await (await postBrief(app, validBrief({ destinations: ['Marseille'], organiser: { name: 'Ada Martin', email: 'ada@example.org', phone: '+33 6 12 34 56 78' } }))).json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);

    await addStaff(app, 'traiteur@example.org', 'venue_staff', ['TRAITEUR']);
    const traiteur = await signIn(app, 'traiteur@example.org');
    const page = await (await traiteur.browser.get('/venue/TRAITEUR')).text();
    const leads = page.slice(page.indexOf('id="leads"'), page.indexOf('id="history"'));
    expect(leads).toContain(ref);
    expect(leads).toContain('Ada Martin');
    expect(leads).toContain('ada@example.org');
    // One dinner for 280 at 55 € excl. VAT: the caterer's only line in this quote (staff read French by default).
    expect(leads.replace(/\s/g, ' ')).toContain('Vos lignes : 1, 15 400,00 € HT');
    // Its status and what the supplier is expected to do (issue 15).
    expect(leads).toContain('<dt>Statut</dt><dd>Devis envoyé à l’organisateur</dd><dt>À faire</dt><dd>Rien pour l’instant : l’organisateur compare les propositions.');

    await addStaff(app, 'other@example.org', 'venue_staff', ['OTHER']);
    const other = await signIn(app, 'other@example.org');
    const otherPage = await (await other.browser.get('/venue/OTHER')).text();
    expect(otherPage).not.toContain(ref);
    expect(otherPage).toContain('Aucun devis n’a encore inclus vos prestations');
  });
});
