import fc from 'fast-check';
import { parsePriceCents } from '../../src/suppliers/csv/cell-values';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { addStaff, signIn, type Browser, seedOtherVenue } from './venue-portal-support';

/**
 * The rates sheet (issue 15): every rate in one form, one POST, all-or-nothing. The tests read
 * the form from the page as a browser would submit it, change cells, and post it back.
 */
type Form = Map<string, string>;

/** The fields the sheet form submits: inputs by value, selects by their selected option, ticked boxes only. */
function sheetForm(html: string): Form {
  const start = html.indexOf('action="/venue/PALAIS/rates/sheet"');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Form = new Map();
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    if (/type="checkbox"/.test(attrs) && !/ checked/.test(attrs)) continue;
    fields.set(name, decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? ''));
  }
  for (const m of form.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option value="([^"]*)"( selected)?/g)];
    fields.set(m[1]!, decode((options.find((o) => o[2]) ?? options[0])?.[1] ?? ''));
  }
  return fields;
}
const decode = (s: string) =>
  s
    .replace(/&#x2F;/g, '/')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The sheet row index showing `item` (and `from`), from the form's own cells. */
function rowOf(form: Form, item: string, from?: string): number {
  for (let i = 0; i < Number(form.get('rows')); i++) {
    if (form.get(`r${i}_item`) === item && form.get(`r${i}_orig`) !== '' && (!from || form.get(`r${i}_valid_from`) === from)) return i;
  }
  throw new Error(`no row for ${item}`);
}
const firstBlank = (form: Form) => [...Array(Number(form.get('rows'))).keys()].find((i) => form.get(`r${i}_orig`) === '')!;

describe('venue rates sheet', () => {
  let app: TestApp;
  let now: Date;
  let claire: { browser: Browser; csrf: string };

  const ratesOf = async (supplierId: string) =>
    (await app.services.db(TABLES.rates).where({ supplier_id: supplierId }).orderBy(['item', 'space_id', 'valid_from'])).map(
      (r: { item: string; space_id: string | null; price_cents: number | string; vat_pct: number | string; valid_from: unknown }) => [r.item, r.space_id ?? '', Number(r.price_cents), Number(r.vat_pct)],
    );
  const page = async () => (await claire.browser.get('/venue/PALAIS')).text();
  const post = (form: Form) => claire.browser.post('/venue/PALAIS/rates/sheet', Object.fromEntries(form));

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

  it('when three rates are changed with a decimal comma or point, a rate added and one removed, then one Save applies them all, audited, and the rates count as confirmed', async () => {
    const before = await ratesOf('PALAIS');
    const form = sheetForm(await page());
    form.set(`r${rowOf(form, 'day_delegate')}_price_eur`, '61,50');
    form.set(`r${rowOf(form, 'space_hire_day')}_price_eur`, '4 800,00');
    form.set(`r${rowOf(form, 'coffee_break')}_remove`, 'on');
    const blank = firstBlank(form);
    form.set(`r${blank}_item`, 'dinner');
    form.set(`r${blank}_price_eur`, '45.5');
    form.set(`r${blank}_vat_pct`, '10');
    form.set(`r${blank}_valid_from`, '2027-02-01');
    const res = await post(form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/venue/PALAIS?saved=rates#rates');
    const after = await ratesOf('PALAIS');
    expect(after).toContainEqual(['day_delegate', '', 6150, 20]);
    expect(after).toContainEqual(['space_hire_day', 'AUDI', 480000, 20]);
    expect(after).toContainEqual(['dinner', '', 4550, 10]);
    expect(after.find((r) => r[0] === 'coffee_break')).toBeUndefined();
    expect(after.length).toBe(before.length); // one added, one removed
    const audit = await app.services.db(TABLES.auditLog).where({ supplier_id: 'PALAIS', entity: 'rate' }).orderBy('id');
    expect(audit.map((a: { action: string; actor: string }) => [a.action, a.actor]).sort()).toEqual(
      [['create', 'claire@palais.example'], ['delete', 'claire@palais.example'], ['update', 'claire@palais.example'], ['update', 'claire@palais.example']].sort(),
    );
    const supplier = await app.services.db(TABLES.suppliers).where({ supplier_id: 'PALAIS' }).first();
    expect(new Date(supplier.rates_confirmed_at).toISOString()).toBe(now.toISOString());
  });

  it('when one row of the sheet is wrong, then nothing is saved and the page keeps every typed value with the error beside that row', async () => {
    const before = await ratesOf('PALAIS');
    const auditBefore = await app.services.db(TABLES.auditLog).count({ n: '*' }).first();
    const form = sheetForm(await page());
    const dd = rowOf(form, 'day_delegate');
    const cb = rowOf(form, 'coffee_break');
    form.set(`r${dd}_price_eur`, '61,50');
    form.set(`r${cb}_price_eur`, '61.5x');
    const res = await post(form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(await ratesOf('PALAIS')).toEqual(before);
    expect(await app.services.db(TABLES.auditLog).count({ n: '*' }).first()).toEqual(auditBefore);
    // Typed values kept, in their rows.
    expect(sheetForm(html).get(`r${dd}_price_eur`)).toBe('61,50');
    expect(sheetForm(html).get(`r${cb}_price_eur`)).toBe('61.5x');
    // The error sits in the row after the wrong one, named by the row's words, and the cell points at it.
    // In the staff member's language, like the page around it (French: nobody chose English).
    const errorRow = new RegExp(`<td colspan="7" id="r${cb}-err"><strong>Pause café · 2026-01-01</strong>\u00a0: <span class="error">price_eur: « 61.5x » n’est pas un montant en euros \\(par ex. 123,45 ou 123.45\\)</span>`);
    expect(html).toMatch(errorRow);
    expect(html).toContain(`id="r${cb}-price" name="r${cb}_price_eur" type="text" inputmode="decimal" size="8" value="61.5x" aria-invalid="true" aria-describedby="r${cb}-err"`);
    expect(html).toContain('Rien n’a été enregistré : 1 ligne(s) à corriger, indiquées à côté de chaque ligne.');
  });

  it('when two rows end up with the same item, space and start date, then the sheet is refused and both stay as typed', async () => {
    const form = sheetForm(await page());
    const blank = firstBlank(form);
    form.set(`r${blank}_item`, 'day_delegate');
    form.set(`r${blank}_price_eur`, '70');
    form.set(`r${blank}_valid_from`, form.get(`r${rowOf(form, 'day_delegate')}_valid_from`)!);
    const res = await post(form);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`id="r${blank}-err"`);
  });

  it("when a sheet names another supplier's rate or is posted to another supplier, then it is refused and that supplier's rates do not change", async () => {
    const before = await ratesOf('OTHER');
    const form = sheetForm(await page());
    const dd = rowOf(form, 'day_delegate');
    form.set(`r${dd}_orig`, 'OTHER/day_delegate//2026-01-01');
    form.set(`r${dd}_remove`, 'on');
    const res = await post(form);
    expect(res.status).toBe(422);
    // In the staff member's language: French, as nobody chose English.
    expect(await res.text()).toContain('ce tarif a été modifié ou supprimé entre-temps : rechargez la page');
    const elsewhere = await claire.browser.post('/venue/OTHER/rates/sheet', { _csrf: claire.csrf, rows: '1', r0_orig: 'OTHER/day_delegate//2026-01-01', r0_remove: 'on' });
    expect(elsewhere.status).toBe(403);
    expect(await ratesOf('OTHER')).toEqual(before);
  });

  it('when the sheet is saved with no change, then the rates are confirmed today, as "rates unchanged" does', async () => {
    await app.services.db(TABLES.suppliers).where({ supplier_id: 'PALAIS' }).update({ rates_confirmed_at: '2026-06-01T00:00:00.000Z' });
    const before = await ratesOf('PALAIS');
    expect((await post(sheetForm(await page()))).status).toBe(303);
    expect(await ratesOf('PALAIS')).toEqual(before);
    const supplier = await app.services.db(TABLES.suppliers).where({ supplier_id: 'PALAIS' }).first();
    expect(new Date(supplier.rates_confirmed_at).toISOString()).toBe(now.toISOString());
    const entry = await app.services.db(TABLES.auditLog).where({ supplier_id: 'PALAIS', action: 'confirm_rates' }).first();
    expect(entry).toMatchObject({ actor: 'claire@palais.example' });
  });

  it('when the price cell holds anything at all, then the sheet saves exactly the cents the CSV rules read, or refuses, writes nothing and shows the typed text back', async () => {
    const typed = fc.oneof(
      fc.tuple(fc.nat(99999), fc.nat(99), fc.constantFrom('.', ',')).map(([e, c, sep]) => `${e}${sep}${String(c).padStart(2, '0')}`),
      fc.constantFrom('', '-1', '12.345', '1 234,5', '1,2,3', 'free', '1e2', '=1+1', '<b>9</b>', '61,5x', '99999999999999999999,99'),
      fc.string({ maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(typed, async (price) => {
        const form = sheetForm(await page());
        const dd = rowOf(form, 'day_delegate');
        const before = await ratesOf('PALAIS');
        form.set(`r${dd}_price_eur`, price);
        const res = await post(form);
        const parsed = parsePriceCents(price.trim());
        if ('value' in parsed) {
          expect([price, res.status]).toEqual([price, 303]);
          expect((await ratesOf('PALAIS')).find((r) => r[0] === 'day_delegate')![2]).toBe(parsed.value);
        } else {
          expect([price, res.status]).toEqual([price, 422]);
          expect(await ratesOf('PALAIS')).toEqual(before);
          expect(sheetForm(await res.text()).get(`r${dd}_price_eur`)).toBe(price.trim());
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('when staff choose French or English on /venue, then their pages use it, and the choice is stored on their account', async () => {
    const fr = await page();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('>Forfait journée d’étude</option>');
    expect(fr).toContain('Enregistrer tous les tarifs');
    const index = await (await claire.browser.get('/venue')).text();
    const res = await claire.browser.post('/venue/language', { _csrf: claire.csrf, language: 'en' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/venue?saved=language']);
    expect(index).toContain('Langue de vos pages et e-mails');
    expect(await (await claire.browser.get('/venue?saved=language')).text()).toContain('Your pages and e-mails are now in English.');
    const en = await page();
    expect(en).toContain('>Day delegate package</option>');
    expect(en).toContain('Save all rates');
    const row = await app.services.db(TABLES.staffUsers).where({ email: 'claire@palais.example' }).first();
    expect(row.language).toBe('en');
    expect((await claire.browser.post('/venue/language', { _csrf: claire.csrf, language: 'de' })).status).toBe(422);
    expect((await claire.browser.post('/venue/language', { language: 'fr' })).status).toBe(403);
  });
});
