import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { addStaff, chooseLanguage, signIn, type Browser, seedOtherVenue } from './venue-portal-support';

const DAY = 86_400_000;

describe('venue portal', () => {
  let app: TestApp;
  let now: Date;
  let claire: { browser: Browser; csrf: string };

  /** Ages the rates instead of the clock: moving the clock weeks ahead would end the session. */
  const confirmedDaysAgo = (supplierId: string, days: number) =>
    app.services.db(TABLES.suppliers).where({ supplier_id: supplierId }).update({ rates_confirmed_at: new Date(now.getTime() - days * DAY).toISOString() });

  const snapshot = async (supplierId: string) => ({
    supplier: await app.services.db(TABLES.suppliers).where({ supplier_id: supplierId }).first(),
    spaces: await app.services.db(TABLES.spaces).where({ supplier_id: supplierId }).orderBy('space_id'),
    rates: await app.services.db(TABLES.rates).where({ supplier_id: supplierId }).orderBy(['item', 'valid_from']),
    blackouts: await app.services.db(TABLES.blackouts).where({ supplier_id: supplierId }),
  });

  beforeEach(async () => {
    now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now } });
    await seedSmallCatalogue(app.services);
    await seedOtherVenue(app);
    await addStaff(app, 'claire@palais.example', 'venue_staff', ['PALAIS']);
    claire = await signIn(app, 'claire@palais.example');
  });
  afterEach(async () => {
    await app.stop();
  });

  it('when venue staff open the portal, then they see only their own supplier with its freshness banner', async () => {
    const html = await (await claire.browser.get('/venue')).text();
    expect(html).toContain('Palais du Pharo (test)');
    expect(html).not.toContain('Other Centre (test)');
    expect(html).toMatch(/Rates last confirmed 15 January 2027, stale on 1 March 2027/);
    expect(html).toContain('freshness-fresh');
  });

  it('when venue staff reach for another supplier through any page, form, upload or export, then every route answers 403 and nothing changes', async () => {
    const before = await snapshot('OTHER');
    const { browser, csrf } = claire;
    const gets = ['/venue/OTHER', '/venue/OTHER/workbook.xlsx', ...['suppliers.csv', 'spaces.csv', 'rates.csv', 'blackouts.csv'].map((f) => `/venue/OTHER/export/${f}`)];
    for (const path of gets) expect([path, (await browser.get(path)).status]).toEqual([path, 403]);
    const posts: [string, Record<string, string>][] = [
      ['/venue/OTHER/profile', { name: 'Hacked', email: 'x@example.org', city: 'Nice' }],
      ['/venue/OTHER/spaces/save', { space_id: 'NEW', name: 'New', theatre: '10' }],
      ['/venue/OTHER/spaces/remove', { orig_space_id: 'HALL' }],
      ['/venue/OTHER/rates/save', { item: 'lunch', price_eur: '1', vat_pct: '10', valid_from: '2027-01-01' }],
      ['/venue/OTHER/rates/remove', { orig_item: 'day_delegate', orig_space_id: '', orig_valid_from: '2026-01-01' }],
      ['/venue/OTHER/blackouts/save', { from: '2027-05-01', to: '2027-05-02' }],
      ['/venue/OTHER/blackouts/remove', { orig_space_id: '', orig_from: '2027-05-01' }],
      ['/venue/OTHER/rates/unchanged', {}],
      ['/venue/OTHER/upload', { file: 'rates.csv', csv: 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to\nOTHER,lunch,,1,10,2027-01-01,\n' }],
      ['/venue/OTHER/upload/commit', { file: 'rates.csv', csv: 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to\n', digest: 'x' }],
    ];
    for (const [path, form] of posts) expect([path, (await browser.post(path, { _csrf: csrf, ...form })).status]).toEqual([path, 403]);
    now = new Date(now.getTime() + DAY);
    expect(await snapshot('OTHER')).toEqual(before);
    expect(await app.services.stores.audit.listForSupplier('OTHER')).toEqual([]);
  });

  it('when an upload holds rows of another supplier, then those rows are refused with file:line errors and nothing is written', async () => {
    await chooseLanguage(claire, 'en');
    const before = await snapshot('PALAIS');
    const csv = [
      'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to',
      'PALAIS,day_delegate,,70.00,20,2026-01-01,',
      'OTHER,day_delegate,,1.00,20,2026-01-01,',
      'PALAIS,lunch,,12.345,10,2026-01-01,',
    ].join('\n');
    const res = await claire.browser.post('/venue/PALAIS/upload', { _csrf: claire.csrf, file: 'rates.csv', csv });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('rates.csv, line 3, column supplier_id: row for &quot;OTHER&quot;');
    expect(html).toContain('rates.csv, line 4, column price_eur:');
    expect(html).not.toContain('Apply these changes');
    expect(await snapshot('PALAIS')).toEqual(before);
  });

  it('when a rate sheet is uploaded, then the preview lists added, changed and removed rows and only the commit applies them, audited', async () => {
    await chooseLanguage(claire, 'en');
    await confirmedDaysAgo('PALAIS', 40);
    const csv = [
      'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to',
      'PALAIS,space_hire_day,AUDI,5000.00,20,2026-01-01,',
      'PALAIS,day_delegate,,72.50,20,2026-01-01,',
      'PALAIS,lunch,,28.00,10,2027-01-01,2027-12-31',
    ].join('\n');
    const before = await snapshot('PALAIS');
    const preview = await claire.browser.post('/venue/PALAIS/upload', { _csrf: claire.csrf, file: 'rates.csv', csv });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('1 added · 1 changed · 1 removed');
    expect(html).toMatch(/<h2>Added<\/h2>[\s\S]*PALAIS\/lunch\/\/2027-01-01/);
    expect(html).toMatch(/<h2>Changed<\/h2>[\s\S]*price_eur:<\/span> <del>65.00<\/del> → <ins>72.50<\/ins>/);
    expect(html).toMatch(/<h2>Removed<\/h2>[\s\S]*PALAIS\/coffee_break\/\/2026-01-01/);
    expect(await snapshot('PALAIS')).toEqual(before);

    const digest = /name="digest" value="([^"]+)"/.exec(html)![1]!;
    const commit = await claire.browser.post('/venue/PALAIS/upload/commit', { _csrf: claire.csrf, file: 'rates.csv', csv, digest });
    expect(commit.status).toBe(303);
    const after = await snapshot('PALAIS');
    expect(after.rates.map((r: { item: string; price_cents: number }) => [r.item, Number(r.price_cents)])).toEqual([
      ['day_delegate', 7250],
      ['lunch', 2800],
      ['space_hire_day', 500000],
    ]);
    expect(new Date(after.supplier.rates_confirmed_at).toISOString()).toBe(now.toISOString());
    const audit = await app.services.stores.audit.listForSupplier('PALAIS');
    expect(audit.map((a) => [a.actor, a.action, a.entity, a.entityKey])).toEqual(
      expect.arrayContaining([
        ['claire@palais.example', 'create', 'rate', 'PALAIS/lunch//2027-01-01'],
        ['claire@palais.example', 'update', 'rate', 'PALAIS/day_delegate//2026-01-01'],
        ['claire@palais.example', 'delete', 'rate', 'PALAIS/coffee_break//2026-01-01'],
        ['claire@palais.example', 'confirm_rates', 'supplier', 'PALAIS'],
      ]),
    );
    const update = audit.find((a) => a.action === 'update')!;
    expect([update.oldValue!.price_eur, update.newValue!.price_eur]).toEqual(['65.00', '72.50']);
    const page = await (await claire.browser.get('/venue/PALAIS')).text();
    expect(page).toContain('Latest changes');
    expect(page).toContain('PALAIS/lunch//2027-01-01');
  });

  it('when the data changes between preview and commit, then the commit applies nothing and shows the new preview', async () => {
    await chooseLanguage(claire, 'en');
    const csv = 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to\nPALAIS,day_delegate,,99.00,20,2026-01-01,\n';
    const html = await (await claire.browser.post('/venue/PALAIS/upload', { _csrf: claire.csrf, file: 'rates.csv', csv })).text();
    const digest = /name="digest" value="([^"]+)"/.exec(html)![1]!;
    await claire.browser.post('/venue/PALAIS/rates/remove', { _csrf: claire.csrf, orig_item: 'coffee_break', orig_space_id: '', orig_valid_from: '2026-01-01' });
    const before = await snapshot('PALAIS');
    const commit = await claire.browser.post('/venue/PALAIS/upload/commit', { _csrf: claire.csrf, file: 'rates.csv', csv, digest });
    expect(commit.status).toBe(200);
    expect(await commit.text()).toContain('changed since the preview');
    expect(await snapshot('PALAIS')).toEqual(before);
  });

  it('when "rates unchanged" is pressed, then rates_confirmed_at becomes now, the banner turns fresh and the change is audited', async () => {
    await confirmedDaysAgo('PALAIS', 50);
    const stale = await (await claire.browser.get('/venue/PALAIS')).text();
    expect(stale).toContain('freshness-stale');
    const res = await claire.browser.post('/venue/PALAIS/rates/unchanged', { _csrf: claire.csrf });
    expect(res.status).toBe(303);
    const row = await app.services.db(TABLES.suppliers).where({ supplier_id: 'PALAIS' }).first();
    expect(new Date(row.rates_confirmed_at).toISOString()).toBe(now.toISOString());
    const page = await (await claire.browser.get(res.headers.get('location')!)).text();
    expect(page).toContain('freshness-fresh');
    expect(page).toContain('Merci : vos tarifs sont confirmés inchangés aujourd’hui.');
    const [entry] = await app.services.stores.audit.listForSupplier('PALAIS');
    expect(entry).toMatchObject({ actor: 'claire@palais.example', action: 'confirm_rates' });
  });

  it('when rates are within 7 days of going stale, then the banner warns', async () => {
    await confirmedDaysAgo('PALAIS', 40);
    expect(await (await claire.browser.get('/venue')).text()).toContain('freshness-soon');
  });

  it('when a form is posted without the CSRF token, then it is refused with 403 and nothing changes', async () => {
    const before = await snapshot('PALAIS');
    expect((await claire.browser.post('/venue/PALAIS/rates/unchanged', {})).status).toBe(403);
    expect((await claire.browser.post('/venue/PALAIS/profile', { _csrf: 'nope', name: 'X', email: 'a@b.example', city: 'Nice' })).status).toBe(403);
    expect(await snapshot('PALAIS')).toEqual(before);
  });

  it('when the profile is edited, then the CSV rules apply, errors are shown and a valid edit is saved and audited', async () => {
    const bad = await claire.browser.post('/venue/PALAIS/profile', { _csrf: claire.csrf, name: 'Palais', email: 'not-an-email', city: 'Marseille', bedrooms: '-3' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    // In Claire's language (French: she has not chosen English in this test).
    expect(html).toContain('email: « not-an-email » n’est pas une adresse e-mail');
    expect(html).toContain('bedrooms:');
    const ok = await claire.browser.post('/venue/PALAIS/profile', {
      _csrf: claire.csrf, name: 'Palais du Pharo', email: 'events@palais.example', city: 'Marseille', phone: '+33 4 00 00 00 00',
      quality_labels: 'Qualité Tourisme;Clef Verte', bedrooms: '12', accessible: 'true', associated_with: '',
    });
    expect(ok.status).toBe(303);
    const row = await app.services.db(TABLES.suppliers).where({ supplier_id: 'PALAIS' }).first();
    expect(row).toMatchObject({ name: 'Palais du Pharo', email: 'events@palais.example', quality_labels: 'Qualité Tourisme;Clef Verte', bedrooms: 12, kind: 'convention_centre' });
    const [entry] = await app.services.stores.audit.listForSupplier('PALAIS');
    expect(entry).toMatchObject({ action: 'update', entity: 'supplier', entityKey: 'PALAIS' });
    expect([entry!.oldValue!.name, entry!.newValue!.name]).toEqual(['Palais du Pharo (test)', 'Palais du Pharo']);
  });

  it('when spaces, blackouts and rates are edited in place, then each change is validated, saved and audited', async () => {
    const post = (path: string, form: Record<string, string>) => claire.browser.post(`/venue/PALAIS/${path}`, { _csrf: claire.csrf, ...form });
    expect((await post('spaces/save', { space_id: 'SALON', name: 'Salon', boardroom: '12.5' })).status).toBe(422);
    expect((await post('spaces/save', { space_id: 'SALON', name: 'Salon', boardroom: '12' })).status).toBe(303);
    expect((await post('spaces/save', { orig_space_id: 'SALON', space_id: 'SALON', name: 'Grand salon', boardroom: '14' })).status).toBe(303);
    expect((await post('spaces/remove', { orig_space_id: 'AUDI' })).status).toBe(422);
    expect((await post('blackouts/save', { space_id: 'SALON', from: '2027-06-02', to: '2027-06-01' })).status).toBe(422);
    expect((await post('blackouts/save', { space_id: 'SALON', from: '2027-06-01', to: '2027-06-03', reason: 'Works' })).status).toBe(303);
    expect((await post('rates/save', { item: 'lunch', price_eur: 'abc', vat_pct: '10', valid_from: '2027-01-01' })).status).toBe(422);
    expect(
      (await post('rates/save', { orig_item: 'day_delegate', orig_space_id: '', orig_valid_from: '2026-01-01', item: 'day_delegate', price_eur: '68', vat_pct: '20', valid_from: '2027-02-01', valid_to: '' })).status,
    ).toBe(303);
    const after = await snapshot('PALAIS');
    expect(after.spaces.map((s: { space_id: string; name: string; boardroom: number }) => [s.space_id, s.name, s.boardroom])).toEqual([
      ['AUDI', 'Auditorium', null],
      ['SALON', 'Grand salon', 14],
    ]);
    expect(after.blackouts).toHaveLength(1);
    const dd = after.rates.filter((r: { item: string }) => r.item === 'day_delegate');
    expect(dd.map((r: { valid_from: string; price_cents: number }) => [r.valid_from, Number(r.price_cents)])).toEqual([['2027-02-01', 6800]]);
    const audit = await app.services.stores.audit.listForSupplier('PALAIS', 50);
    expect(audit.map((a) => `${a.action} ${a.entity} ${a.entityKey}`).sort()).toEqual([
      'create blackout PALAIS/SALON/2027-06-01',
      'create rate PALAIS/day_delegate//2027-02-01',
      'create space PALAIS/SALON',
      'delete rate PALAIS/day_delegate//2026-01-01',
      'update space PALAIS/SALON',
    ]);
  });

  it('when venue staff export, then each CSV holds only their own rows', async () => {
    const res = await claire.browser.get('/venue/PALAIS/export/rates.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('PALAIS-rates.csv');
    const text = await res.text();
    // First the export time (imports skip it; an upload of the file compares edits with it), then the header.
    expect(text.split('\n').slice(0, 2)).toEqual(['#exported_at=2027-01-15T09:00:00.000Z', 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to']);
    expect(text).toContain('PALAIS,day_delegate,,65.00,20,2026-01-01,');
    expect(text).not.toContain('OTHER');
  });

  it('when hub staff sign in, then they can open any supplier', async () => {
    await addStaff(app, 'hub@example.org', 'hub_admin');
    const hub = await signIn(app, 'hub@example.org');
    expect((await hub.browser.get('/venue/OTHER')).status).toBe(200);
    expect((await hub.browser.get('/venue/NOPE')).status).toBe(404);
  });

  it('when the CLI import changes the catalogue, then the audit log records it as cli', async () => {
    const { importCatalogue } = await import('../../src/suppliers/import-catalogue');
    const result = await importCatalogue(app.services.db, { 'rates.csv': 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to\nPALAIS,day_delegate,,66.00,20,2026-01-01,\n' }, now);
    expect(result.ok).toBe(true);
    const [entry] = await app.services.stores.audit.listForSupplier('PALAIS');
    expect(entry).toMatchObject({ actor: 'cli', action: 'update', entity: 'rate', oldValue: expect.objectContaining({ price_eur: '65.00' }), newValue: expect.objectContaining({ price_eur: '66.00' }) });
  });
});
