import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { catalogue, rate, supplier } from '../support/catalogue-factory';
import { addStaff, csrfOf, signIn } from './venue-portal-support';
import { TABLES } from '../../src/platform/tables';
import { storesFor } from '../../src/stores';

/** Which caterer prices the brief's dinner for the Palais (SPEC §6: the venue's partner before the city's cheapest). */
async function dinnerSupplier(app: TestApp): Promise<string> {
  const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
  const body = (await app.waitForStatus(ref, ['sent', 'needs_review'])) as { quote: { options: { venue: { supplier_id: string }; lines: { item: string; supplier_id: string }[] }[] } };
  const option = body.quote.options.find((o) => o.venue.supplier_id === 'PALAIS')!;
  return option.lines.find((l) => l.item === 'dinner')!.supplier_id;
}

describe('SPEC §11: partners (associated_with), kind and active change only by hub staff', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
    const rival = catalogue({ suppliers: [supplier('RIVAL', { name: 'Rival Traiteur (test)', kind: 'caterer', city: 'Marseille' })], rates: [rate('RIVAL', 'dinner', 9000, { vatPct: 10 })] });
    await app.services.db.transaction((trx) => storesFor(trx).suppliers.upsert(rival, app.services.clock.now()));
    await addStaff(app, 'sales@rival.example', 'venue_staff', ['RIVAL']);
    await addStaff(app, 'hub@hub.example', 'hub_staff');
  });
  afterEach(async () => app.stop());

  const stored = async () => (await app.services.db(TABLES.suppliers).where({ supplier_id: 'RIVAL' }).first('kind', 'active', 'associated_with')) as { kind: string; active: unknown; associated_with: string };

  it('when a caterer’s staff try every form, upload and crafted post, then pricing never picks them for the venue until the hub approves', async () => {
    expect(await dinnerSupplier(app)).toBe('TRAITEUR');
    const { browser, csrf } = await signIn(app, 'sales@rival.example');

    // 1. The profile form, with hub-owned fields added by hand.
    const profile = await browser.post('/venue/RIVAL/profile', {
      _csrf: csrf, name: 'Rival Traiteur (test)', email: 'sales@rival.example', phone: '', city: 'Marseille', quality_labels: '', bedrooms: '',
      associated_with: 'PALAIS', kind: 'venue', active: 'false', supplier_id: 'PALAIS',
    });
    expect(profile.status).toBe(303);
    expect(profile.headers.get('location')).toContain('saved=proposed');

    // 2. An upload of suppliers.csv naming the venue as partner: previewed, then committed.
    const exported = await (await browser.get('/venue/RIVAL/export/suppliers.csv')).text();
    // The download starts with its export time (#exported_at=…), then the header.
    const [, header, row] = exported.trim().split(/\r?\n/);
    const cells = row!.split(',');
    cells[header!.split(',').indexOf('associated_with')] = 'PALAIS';
    const csv = `${header}\n${cells.join(',')}\n`;
    const preview = await browser.post('/venue/RIVAL/upload', { _csrf: csrf, file: 'suppliers.csv', csv });
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('sont soumis au pôle pour accord'); // French: the staff member's default language
    const digest = /name="digest" value="([^"]+)"/.exec(previewHtml)![1]!;
    expect((await browser.post('/venue/RIVAL/upload/commit', { _csrf: csrfOf(previewHtml, '/venue/RIVAL/upload/commit'), file: 'suppliers.csv', csv, digest })).status).toBe(303);

    // 3. The same upload changing kind or active is refused outright.
    const kindIdx = header!.split(',').indexOf('kind');
    const asVenue = [...cells];
    asVenue[kindIdx] = 'venue';
    const refused = await browser.post('/venue/RIVAL/upload', { _csrf: csrf, file: 'suppliers.csv', csv: `${header}\n${asVenue.join(',')}\n` });
    expect(refused.status).toBe(422);

    // 4. Approving its own request, or editing the venue's profile, is not open to venue staff.
    const id = ((await app.services.db(TABLES.supplierProposals).where({ status: 'pending' }).first('id')) as { id: number }).id;
    expect((await browser.post(`/hub/proposals/${id}/approve`, { _csrf: csrf })).status).toBe(403);
    expect((await browser.post('/venue/PALAIS/profile', { _csrf: csrf, name: 'x', email: 'a@b.co', city: 'Marseille' })).status).toBe(403);

    expect(await stored()).toEqual({ kind: 'caterer', active: expect.anything(), associated_with: '' });
    expect([true, 1, '1']).toContain((await stored()).active);
    expect(await dinnerSupplier(app)).toBe('TRAITEUR');
    const audit = (await app.services.db(TABLES.auditLog).where({ action: 'propose' }).select('actor')) as { actor: string }[];
    expect(audit.length).toBe(2);

    // The hub approves on its page: now the caterer is the venue's partner and priced with it.
    const hub = await signIn(app, 'hub@hub.example');
    const page = await (await hub.browser.get('/hub/proposals')).text();
    expect(page).toContain('RIVAL');
    const approved = await hub.browser.post(`/hub/proposals/${id}/approve`, { _csrf: csrfOf(page, `/hub/proposals/${id}/approve`) });
    expect(approved.headers.get('location')).toBe('/hub/proposals?done=approved');
    expect((await stored()).associated_with).toBe('PALAIS');
    expect(await dinnerSupplier(app)).toBe('RIVAL');
    expect(await app.services.db(TABLES.auditLog).where({ action: 'approve', actor: 'hub@hub.example' }).first('id')).toBeTruthy();
  }, 60_000);
});
