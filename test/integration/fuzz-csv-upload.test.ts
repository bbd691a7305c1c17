import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { CATALOGUE_COLUMNS, type CatalogueFile } from '../../src/suppliers/csv';
import { addStaff, chooseLanguage, signIn, type Browser } from './venue-portal-support';
import { addDays, csvCell, csvDamageArb, freeText, prototypeIsClean, rowCounts } from '../support/arbitraries';

/**
 * The venue upload (preview, then commit) with random CSV text: valid files for the signed-in
 * venue, written with random quoting, then damaged or not (BOM, CRLF and blank lines are
 * harmless; broken quotes, wrong headers, other suppliers' rows, junk are not).
 */

const SUPPLIER = 'PALAIS';
const HARMLESS = new Set(['none', 'bom', 'crlf', 'blank-lines']);
type Row = Record<string, string>;

const plainEmail = fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.(fr|org)$/);
const maybe = <T,>(a: fc.Arbitrary<T>, empty: T) => fc.oneof(fc.constant(empty), a);

const rowsFor: Record<CatalogueFile, fc.Arbitrary<Row[]>> = {
  'suppliers.csv': fc
    .record({
      name: freeText(80),
      city: fc.oneof(fc.constantFrom('Marseille', 'Aix-en-Provence'), freeText(40)),
      email: plainEmail,
      phone: maybe(freeText(30), ''),
      quality_labels: maybe(fc.constantFrom('Qualité Tourisme', 'Clef Verte;Qualité Tourisme', '=HYPERLINK("x")'), ''),
      bedrooms: maybe(fc.nat(300).map(String), ''),
      accessible: fc.constantFrom('true', 'false', 'TRUE'),
    })
    .map((r) => [{ supplier_id: SUPPLIER, kind: 'convention_centre', associated_with: '', active: 'true', ...r }]),
  'spaces.csv': fc
    .uniqueArray(fc.stringMatching(/^S[0-9A-Z]{1,4}$/), { maxLength: 3 })
    .chain((ids) =>
      fc.tuple(...['AUDI', ...ids].map((id) => fc.record({ name: freeText(60), theatre: maybe(fc.nat(3000).map(String), ''), banquet: maybe(fc.nat(3000).map(String), '') }).map((r) => ({ space_id: id, ...r })))),
    )
    .map((rows) => rows.map((r) => ({ supplier_id: SUPPLIER, classroom: '', cabaret: '', reception: '', boardroom: '', ...r }))),
  'rates.csv': fc
    .uniqueArray(fc.tuple(fc.constantFrom('day_delegate', 'lunch', 'dinner', 'coffee_break', 'av_day', 'space_hire_day'), fc.integer({ min: 0, max: 60 })), {
      maxLength: 4,
      selector: ([item, d]) => `${item}/${d}`,
    })
    .chain((keys) =>
      fc.tuple(
        ...keys.map(([item, d]) =>
          fc.record({ price: fc.nat(100_000), vat: fc.constantFrom('0', '2.1', '5.5', '10', '20'), open: fc.boolean() }).map(({ price, vat, open }) => {
            const from = addDays('2027-01-01', d);
            return { supplier_id: SUPPLIER, item, space_id: item === 'space_hire_day' ? 'AUDI' : '', price_eur: (price / 100).toFixed(2), vat_pct: vat, valid_from: from, valid_to: open ? '' : addDays(from, 90) };
          }),
        ),
      ),
    ),
  'blackouts.csv': fc
    .uniqueArray(fc.tuple(fc.constantFrom('', 'AUDI'), fc.integer({ min: 0, max: 300 })), { maxLength: 4, selector: ([s, d]) => `${s}/${d}` })
    .chain((keys) =>
      fc.tuple(
        ...keys.map(([spaceId, d]) =>
          fc.record({ len: fc.nat(10), reason: maybe(freeText(80), '') }).map(({ len, reason }) => ({ supplier_id: SUPPLIER, space_id: spaceId, from: addDays('2027-02-01', d), to: addDays('2027-02-01', d + len), reason })),
        ),
      ),
    ),
};

interface Upload {
  file: CatalogueFile;
  csv: string;
  mustAccept: boolean;
  mustRefuse: boolean;
  commit: 'right-digest' | 'wrong-digest';
}

const upload: fc.Arbitrary<Upload> = fc
  .constantFrom<CatalogueFile>('suppliers.csv', 'spaces.csv', 'rates.csv', 'blackouts.csv')
  .chain((file) => fc.tuple(fc.constant(file), rowsFor[file], fc.boolean(), csvDamageArb, fc.constantFrom<Upload['commit']>('right-digest', 'right-digest', 'right-digest', 'wrong-digest')))
  .map(([file, rows, quoteAll, damage, commit]) => {
    const columns = CATALOGUE_COLUMNS[file];
    const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '', quoteAll)).join(','))];
    const damaged = damage.apply(lines);
    const changed = damaged.join('\n') !== lines.join('\n');
    const fatal = ['unclosed-quote', 'wrong-header', 'extra-column', 'no-header', 'stray-quote', 'other-supplier', 'short-row'].includes(damage.kind);
    return {
      file,
      csv: damaged.join('\n') + '\n',
      mustAccept: HARMLESS.has(damage.kind),
      mustRefuse: fatal && changed && !(damage.kind === 'no-header' && rows.length === 0),
      commit,
    };
  });

/** "rates.csv, line 4, column price_eur: …" (the page's English; the column is left out when the problem is the record or the file). */
const CSV_ERROR = /^(suppliers|spaces|rates|blackouts)\.csv, line (\d+)(?:, column .+)?: \S.*$/s;
const NOTHING_TO_READ = 'choose which file it is and pick or paste its contents';
const unescape = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x60;/g, '`').replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('venue CSV upload under fuzzing', () => {
  let app: TestApp;
  let staff: { browser: Browser; csrf: string };

  const state = async () => ({
    counts: await rowCounts(app.services.db, [TABLES.suppliers, TABLES.spaces, TABLES.rates, TABLES.blackouts, TABLES.auditLog]),
    rows: await Promise.all(
      [TABLES.suppliers, TABLES.spaces, TABLES.rates, TABLES.blackouts].map(async (t) => (await app.services.db(t).where({ supplier_id: SUPPLIER })).map((r) => JSON.stringify(r)).sort()),
    ),
  });
  const post = (path: string, form: Record<string, string>) =>
    staff.browser.fetch(`/venue/${SUPPLIER}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: staff.csrf, ...form }).toString(),
    });

  beforeAll(async () => {
    const now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now } });
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'claire@palais.example', 'venue_staff', [SUPPLIER]);
    staff = await signIn(app, 'claire@palais.example');
    await chooseLanguage(staff, 'en');
  });
  afterAll(async () => {
    await app.stop();
  });

  it('when 2,000 random CSV texts are previewed and committed, then valid files apply exactly as previewed and every other one is refused with file, line, column and message and nothing written', async () => {
    const seen = { applied: 0, refused: 0, moved: 0 };
    await fc.assert(
      fc.asyncProperty(upload, async (u) => {
        const before = await state();
        const preview = await post('upload', { file: u.file, csv: u.csv });
        const html = await preview.text();
        expect(prototypeIsClean()).toBe(true);
        expect(preview.status).toBeLessThan(500);
        expect(await state()).toEqual(before); // a preview never writes

        if (preview.status === 422) {
          seen.refused += 1;
          if (u.mustAccept) throw new Error(`refused a valid ${u.file}:\n${u.csv}\n${html.match(/<li class="error">[^<]*/g)?.join('\n')}`);
          const errors = [...html.matchAll(/<li class="error">([^<]*)<\/li>/g)].map((m) => unescape(m[1]!));
          expect(errors.length).toBeGreaterThan(0);
          const physicalLines = u.csv.replace(/\r\n?/g, '\n').split('\n').length;
          for (const e of errors) {
            const m = CSV_ERROR.exec(e);
            if (!m && e !== NOTHING_TO_READ) throw new Error(`not file, line, column: message: ${e}`);
            if (m) expect(Number(m[2])).toBeLessThanOrEqual(physicalLines);
          }
          // Committing the refused file anyway (a forged post) is refused too, and writes nothing.
          const commit = await post('upload/commit', { file: u.file, csv: u.csv, digest: 'forged' });
          expect(commit.status).toBe(422);
          expect(await state()).toEqual(before);
          return;
        }
        expect(preview.status).toBe(200);
        if (u.mustRefuse) throw new Error(`accepted a broken ${u.file}:\n${u.csv}`);
        const digest = /name="digest" value="([0-9a-f]+)"/.exec(html)![1]!;
        const commit = await post('upload/commit', { file: u.file, csv: u.csv, digest: u.commit === 'right-digest' ? digest : digest.replace(/^./, (c) => (c === '0' ? '1' : '0')) });
        await commit.text();
        if (u.commit === 'wrong-digest') {
          seen.moved += 1;
          expect(commit.status).toBe(200); // shown again as "your data changed since the preview"
          expect(await state()).toEqual(before);
          return;
        }
        seen.applied += 1;
        expect([commit.status, commit.headers.get('location')]).toEqual([303, `/venue/${SUPPLIER}?saved=upload`]);
        // Applied exactly: exporting the file and previewing it again changes nothing (checked on
        // every fourth commit to keep the run short).
        if (seen.applied % 4 !== 0) return;
        const exported = await (await staff.browser.get(`/venue/${SUPPLIER}/export/${u.file}`)).text();
        const again = await (await post('upload', { file: u.file, csv: exported })).text();
        expect(again).toContain('This file changes nothing.');
      }),
      { numRuns: 2000 },
    );
    expect(Math.min(seen.applied, seen.refused)).toBeGreaterThan(300);
    expect(seen.moved).toBeGreaterThan(50);
  }, 600_000); // a guard against a hang, not a timing: 2,000 real HTTP round trips take minutes on a busy 2-core machine
});
