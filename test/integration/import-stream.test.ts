import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { importCli } from '../../src/cli/import';
import { createDb, migrateToLatest } from '../../src/platform/db';
import { TABLES } from '../../src/platform/tables';
import { auditEntries } from '../../src/suppliers/apply-catalogue-changes';
import { diffRows, SHAPES, type FileDiff } from '../../src/suppliers/catalogue-diff';
import { CATALOGUE_FILES, formatCsvError, PART_OF_FILE, parseCatalogueFiles, type CatalogueFile } from '../../src/suppliers/csv';
import { importCatalogue, importCatalogueFolder } from '../../src/suppliers/import-catalogue';
import { SupplierStore } from '../../src/suppliers/supplier-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const HEADERS: Record<CatalogueFile, string> = {
  'suppliers.csv': 'supplier_id,name,kind,city,email,phone,quality_labels,bedrooms,accessible,associated_with,active',
  'spaces.csv': 'supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,boardroom',
  'rates.csv': 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to',
  'blackouts.csv': 'supplier_id,space_id,from,to,reason',
};

/** Already in the database before each import under test. */
const EXISTING = {
  'suppliers.csv': `${HEADERS['suppliers.csv']}\nold,Ancienne Halle (démo),seminar_venue,Arles,old@example.org,,,,true,,true\n`,
  'spaces.csv': `${HEADERS['spaces.csv']}\nold,nef,Nef,300,,,,,\n`,
  'rates.csv': `${HEADERS['rates.csv']}\nold,space_hire_day,nef,1200.00,20,2027-01-01,\n`,
};

function folderWith(files: Partial<Record<CatalogueFile, string | Buffer>>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pce-import-stream-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

function textsOf(dir: string): Partial<Record<CatalogueFile, string>> {
  return Object.fromEntries(CATALOGUE_FILES.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]).filter(([, t]) => t !== undefined));
}

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

describe('the CLI import streams its files and behaves as the whole-text path', () => {
  let database: TestDatabase;
  let db: Knex;
  const now = new Date('2026-11-26T10:00:00Z');

  beforeEach(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
    await migrateToLatest(db);
    expect((await importCatalogue(db, EXISTING, now)).ok).toBe(true);
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  /** Everything an import may write: the four tables, the audit log and the catalogue version. */
  async function snapshot(): Promise<unknown> {
    const rows = async (table: string, order: string[]) => (await db(table).select('*').orderBy(order)) as unknown[];
    return {
      suppliers: await rows(TABLES.suppliers, ['supplier_id']),
      spaces: await rows(TABLES.spaces, ['supplier_id', 'space_id']),
      rates: await rows(TABLES.rates, ['supplier_id', 'item', 'space_id', 'valid_from']),
      blackouts: await rows(TABLES.blackouts, ['supplier_id', 'space_id', 'from_date']),
      audit: await rows(TABLES.auditLog, ['id']),
      version: await db(TABLES.catalogueVersion).select('*'),
    };
  }

  it('when tricky files (BOM, CRLF, quoted multi-line cells, blank rows) are wrong in several places, then it reports what the string path reports, in reading order, and writes nothing', async () => {
    const dir = folderWith({
      'suppliers.csv': [
        `\uFEFF${HEADERS['suppliers.csv']}`,
        '"vp","Palais\r\ndu Port (démo)",convention_centre,Marseille,vp@example.org,,,,true,,true',
        'ct,Traiteur (démo),caterer,Marseille,not-an-email,,,,true,vp;nowhere,true',
        '',
        'vp,Doublon (démo),hotel,Nice,d@example.org,,,,true,,true',
      ].join('\r\n') + '\r\n',
      'spaces.csv': [
        '',
        '',
        HEADERS['spaces.csv'],
        'vp,salle,"Salle\n\nbleue",100,,,,,',
        'zz,s1,Salle,10,,,,,',
        'ct,cuisine,Cuisine,10,,,,,',
      ].join('\n'),
      'rates.csv': [
        HEADERS['rates.csv'],
        'vp,space_hire_day,salle,900.00,20,2027-01-01,',
        'vp,space_hire_day,nef,900.00,20,2027-01-01,',
        ',,,,,,',
        'old,space_hire_day,nef,12.345,19.6,2027-02-30,',
        'vp,space_hire_day,salle,950.00,20,2027-01-01,',
        "ct,dinner,,'-5,10,2027-01-01,",
        'ct,lunch,,30.00,10',
      ].join('\r\n'),
      'blackouts.csv': [HEADERS['blackouts.csv'], 'vp,,2027-05-01,2027-04-01,', 'vp,,"2027-06-01,2027-06-02,', 'vp,,2027-07-01,2027-07-02,'].join('\n'),
    });
    const before = await snapshot();
    const expected = [
      'suppliers.csv:4: email: "not-an-email" is not an e-mail address',
      'suppliers.csv:4: associated_with: unknown supplier "nowhere" (not in suppliers.csv nor already imported)',
      'suppliers.csv:6: supplier_id: duplicate key (supplier_id) already on line 2',
      'spaces.csv:7: supplier_id: unknown supplier "zz" (not in suppliers.csv nor already imported)',
      'spaces.csv:8: supplier_id: supplier "ct" is a caterer: only venues have spaces',
      'rates.csv:3: space_id: unknown space "nef" of supplier "vp"',
      'rates.csv:5: price_eur: "12.345" has more than two decimals',
      'rates.csv:5: vat_pct: "19.6" is not an allowed VAT rate (0, 2.1, 5.5, 10, 20)',
      'rates.csv:5: valid_from: "2027-02-30" is not a real date',
      'rates.csv:6: valid_from: duplicate key (supplier_id, item, space_id, valid_from) already on line 2',
      'rates.csv:7: price_eur: "-5" is negative: prices must be ≥ 0',
      'rates.csv:8: -: expected 7 cells, found 5',
      'blackouts.csv:3: -: malformed CSV: a quoted cell is never closed',
    ];

    const streamed = await importCatalogueFolder(db, dir, now);
    expect(streamed.ok).toBe(false);
    const errors = streamed.ok ? [] : streamed.errors.map(formatCsvError);
    expect(errors).toEqual(expected);
    const whole = parseCatalogueFiles(textsOf(dir), await new SupplierStore(db).existingKeys());
    expect(whole.errors.map(formatCsvError)).toEqual(expected);

    const io = capture();
    expect(await importCli([dir], { DATABASE_URL: database.url }, io)).toBe(1);
    expect(io.stderr).toBe(`${expected.join('\n')}\n${expected.length} error(s); nothing was imported\n`);
    expect(io.stdout).toBe('');
    expect(await snapshot()).toEqual(before);
  });

  it('when a single cell is wrong deep in a file of several chunks, then nothing at all is written', async () => {
    const rates = Array.from({ length: 2500 }, (_, i) => `old,space_hire_day,nef,${i === 2400 ? 'abc' : '100.00'},20,${dateAfter(i)},`);
    const dir = folderWith({ 'rates.csv': [HEADERS['rates.csv'], ...rates].join('\n') + '\n' });
    const before = await snapshot();
    const result = await importCatalogueFolder(db, dir, now);
    expect(result.ok ? [] : result.errors.map(formatCsvError)).toEqual(['rates.csv:2402: price_eur: "abc" is not a price in euros (e.g. 123.45 or 123,45)']);
    expect(await snapshot()).toEqual(before);
  });

  it('when a valid import spans several chunks, then it writes every row and audits exactly what diffing the whole files gives', async () => {
    // 2,500 rates: the first held already at the same price (no audit), some held at another price (update), the rest new (create).
    const rates = Array.from({ length: 2500 }, (_, i) => `old,space_hire_day,nef,${i === 0 ? '1200.00' : i % 7 === 0 ? '99.99' : '100.00'},20,${dateAfter(i)},`);
    await importCatalogue(db, { 'rates.csv': [HEADERS['rates.csv'], ...rates.filter((_, i) => i % 3 === 0).map((r) => r.replace(/,(99\.99|100\.00),/, ',50.00,'))].join('\n') }, now);
    const files = {
      'suppliers.csv': `${HEADERS['suppliers.csv']}\r\nold,"Ancienne Halle\r\n(démo)",seminar_venue,Arles,old@example.org,,,,true,,true\r\nnew,Nouvelle (démo),hotel,Nice,new@example.org,,,12,true,,true\r\n`,
      'spaces.csv': `${HEADERS['spaces.csv']}\nold,nef,Nef,300,,,,,\nnew,patio,Patio,80,,,,,\n`,
      'rates.csv': `\uFEFF${[HEADERS['rates.csv'], ...rates, 'new,space_hire_day,patio,10.00,20,2027-01-01,'].join('\r\n')}\r\n`,
      'blackouts.csv': `${HEADERS['blackouts.csv']}\nnew,,2027-08-01,2027-08-15,"Fermé\npour travaux"\n`,
    };
    const dir = folderWith(files);
    const store = new SupplierStore(db);
    const held = await store.loadCatalogue();
    const parsed = parseCatalogueFiles(files, await store.existingKeys());
    expect(parsed.errors).toEqual([]);
    const expectedAudit = CATALOGUE_FILES.flatMap((f) =>
      auditEntries(diffRows<unknown>(SHAPES[f] as never, held[PART_OF_FILE[f]], parsed.catalogue[PART_OF_FILE[f]]!, false) as FileDiff<{ supplierId: string }>, 'cli'),
    );
    const auditBefore = (await db(TABLES.auditLog).max({ id: 'id' }).first()) as { id: number };

    const io = capture();
    expect(await importCli([dir], { DATABASE_URL: database.url }, io)).toBe(0);
    expect(io.stdout).toBe('imported 2 suppliers, 2 spaces, 2501 rates, 1 blackouts\n');

    const written = (await db(TABLES.auditLog).where('id', '>', auditBefore.id).select('*')) as Record<string, string | null>[];
    const asText = (e: { actor: string; entity: string; entityKey: string; supplierId: string; action: string; oldValue: unknown; newValue: unknown }) =>
      JSON.stringify([e.actor, e.entity, e.entityKey, e.supplierId, e.action, e.oldValue, e.newValue]);
    expect(
      written
        .map((r) => asText({ actor: r.actor!, entity: r.entity!, entityKey: r.entity_key!, supplierId: r.supplier_id!, action: r.action!, oldValue: r.old_value && JSON.parse(r.old_value), newValue: r.new_value && JSON.parse(r.new_value) }))
        .sort(),
    ).toEqual(expectedAudit.map(asText).sort());
    expect(expectedAudit.filter((e) => e.entity === 'rate' && e.action === 'update').length).toBeGreaterThan(50);
    expect(expectedAudit.filter((e) => e.entity === 'rate' && e.action === 'create').length).toBeGreaterThan(1000);

    const after = await store.loadCatalogue();
    expect(after.rates).toHaveLength(2502); // with the one held before
    expect(after.suppliers.find((s) => s.supplierId === 'old')).toMatchObject({ name: 'Ancienne Halle\n(démo)', ratesConfirmedAt: expect.any(String) });
    expect(after.blackouts[0]!.reason).toBe('Fermé\npour travaux');
    // Importing the same files again changes nothing and audits nothing.
    const count = async () => Number(((await db(TABLES.auditLog).count({ n: '*' }).first()) as { n: number | string }).n);
    const audited = await count();
    expect((await importCatalogueFolder(db, dir, now)).ok).toBe(true);
    expect(await count()).toBe(audited);
    expect((await store.loadCatalogue()).rates).toEqual(after.rates);
  });

  it('when a file of several chunks goes into an empty table, then every row is audited as created, and importing it again with one row changed audits that one change', async () => {
    const blackouts = Array.from({ length: 2500 }, (_, i) => `old,${i % 2 ? 'nef' : ''},${dateAfter(i)},${dateAfter(i)},Travaux ${i}`);
    const dir = folderWith({ 'blackouts.csv': [HEADERS['blackouts.csv'], ...blackouts].join('\n') + '\n' });
    const audited = async () => (await db(TABLES.auditLog).where({ entity: 'blackout' }).orderBy('id').select('action', 'entity_key')) as { action: string; entity_key: string }[];
    expect((await importCatalogueFolder(db, dir, now)).ok).toBe(true);
    const first = await audited();
    expect(first).toHaveLength(2500);
    expect(new Set(first.map((e) => e.action))).toEqual(new Set(['create']));
    expect(new Set(first.map((e) => e.entity_key)).size).toBe(2500);
    writeFileSync(path.join(dir, 'blackouts.csv'), [HEADERS['blackouts.csv'], ...blackouts.map((b, i) => (i === 1234 ? b.replace(/Travaux \d+$/, 'Fermé') : b))].join('\n') + '\n');
    expect((await importCatalogueFolder(db, dir, now)).ok).toBe(true);
    const second = (await audited()).slice(2500);
    expect(second).toEqual([{ action: 'update', entity_key: `old//${dateAfter(1234)}` }]);
  });

  it('when a file changes between validation and writing, then nothing is written and the import says so', async () => {
    // Big enough (300 kB) that the reading is still far from the end when the first chunk is written.
    const rates = Array.from({ length: 6000 }, (_, i) => `old,space_hire_day,nef,100.00,20,${dateAfter(i)},`);
    const dir = folderWith({ 'rates.csv': [HEADERS['rates.csv'], ...rates].join('\n') + '\n' });
    const before = await snapshot();
    // The first write happens after validation: rewrite the file then, as an editor saving it would.
    const findByKeys = SupplierStore.prototype.findByKeys;
    const spy = jest.spyOn(SupplierStore.prototype, 'findByKeys').mockImplementationOnce(function (this: SupplierStore, ...args) {
      writeFileSync(path.join(dir, 'rates.csv'), [HEADERS['rates.csv'], ...rates.map((r) => r.replace('100.00', '100.01'))].join('\n') + '\n');
      return findByKeys.apply(this, args) as never;
    });
    try {
      const result = await importCatalogueFolder(db, dir, now);
      expect(result.ok ? [] : result.errors.map(formatCsvError)).toEqual([
        'rates.csv:1: -: the file changed while it was being imported: nothing was imported, run the import again',
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(await snapshot()).toEqual(before);
  });
});

/** Distinct valid_from dates, one per index. */
function dateAfter(i: number): string {
  return new Date(Date.UTC(2028, 0, 1 + i)).toISOString().slice(0, 10);
}
