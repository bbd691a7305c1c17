import { CATALOGUES } from '../../src/i18n/translate';
import { csvEn } from '../../src/i18n/csv-messages';
import { describeCsvError, parseCatalogueFiles, type CsvError } from '../../src/suppliers/csv';
import { planUpload } from '../../src/suppliers/catalogue-upload';
import type { Catalogue } from '../../src/core/catalogue-types';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Files with every kind of mistake the import reports, as people make them. */
const BAD_FILES = {
  'suppliers.csv': [
    'supplier_id,name,kind,city,email,phone,quality_labels,bedrooms,accessible,associated_with,active,colour',
    'bad id!,,castle,Nice,not-an-email,,,-1,yes,ghost;SVC,maybe,',
    'SVC,Traiteur,caterer,Nice,svc@example.org,,,,true,SVC2,true,',
    'SVC2,AV,av,Nice,svc2@example.org,,,,true,,true,',
    `SVC3,${'x'.repeat(301)},av,Nice,svc3@example.org,,,,true,,true,`,
    'SVC3,Again,av,Nice,svc3@example.org,,,,true,,true,',
    'short,row',
  ].join('\n'),
  'spaces.csv': ['supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,boardroom,theatre', 'SVC,a,A,1,,,,,,'].join('\n'),
  'rates.csv': [
    'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to',
    'V,space_hire_day,,12.345,7,2027-02-30,2026-01-01',
    'V,lunch,HALL,-5,20,01/02/2027,',
    'V,tourist_tax_night,,1e3,20,2027-01-01,2026-01-01',
    'V,spa,,1,20,2027-01-01,',
    'SVC2,lunch,,99999999999999999,20,2027-01-01,',
    'SVC2,day_delegate,,1,20,2027-01-01,',
    'NOBODY,lunch,,1,20,2027-01-01,',
    'V,space_hire_day,NOPE,1,20,2027-01-01,',
  ].join('\n'),
  'blackouts.csv': ['supplier_id,space_id,from,to,reason', 'SVC,,2027-01-02,2027-01-01,', 'V,\u0000,2027-01-01,2027-01-02,'].join('\n'),
};

const existing = () => ({ supplierIds: new Set(['V']), spaceKeys: new Set(['V/HALL']), supplierKinds: new Map([['V', 'hotel' as const]]) });

function allErrors(): CsvError[] {
  const { errors } = parseCatalogueFiles(BAD_FILES, existing());
  const broken = parseCatalogueFiles({ 'rates.csv': 'a,b\n1,"x\n', 'blackouts.csv': 'a,b\n"x"y,1\n', 'spaces.csv': '' }, existing());
  const held: Catalogue = {
    suppliers: [{ supplierId: 'V', name: 'V', kind: 'hotel', city: 'Nice', email: 'v@example.org', phone: null, qualityLabels: [], bedrooms: 1, accessible: true, associatedWith: [], active: true, ratesConfirmedAt: null }],
    spaces: [],
    rates: [],
    blackouts: [],
  };
  const scope = planUpload('suppliers.csv', 'supplier_id,name,kind,city,email,phone,quality_labels,bedrooms,accessible,associated_with,active\nV,V,av,Nice,v@example.org,,,1,true,,false\nW,W,hotel,Nice,w@example.org,,,,true,,true\n', 'V', held, existing());
  return [...errors, ...broken.errors, ...(scope.ok ? [] : scope.errors)];
}

describe('import and upload messages in French and English', () => {
  it('when a message key of the import exists in English, then French has it, not empty, not the English text, with the same parameters', () => {
    const en = CATALOGUES.en as Record<string, string>;
    const fr = CATALOGUES.fr as Record<string, string>;
    for (const key of Object.keys(csvEn)) {
      expect([key, typeof en[key], typeof fr[key]]).toEqual([key, 'string', 'string']);
      expect([key, fr[key]!.trim() !== '', placeholders(fr[key]!)]).toEqual([key, true, placeholders(en[key]!)]);
      if (!['csv_where_line', 'csv_file_sheet', 'csv_error_text'].includes(key)) expect([key, fr[key] === en[key]]).toEqual([key, false]);
    }
  });

  it('when files hold every kind of mistake, then each message is said in both languages with every parameter filled and names file, line and column', () => {
    const errors = allErrors();
    const keys = new Set(errors.map((e) => e.problem.key));
    // The reader's, the scope check's and the parser's problems: most of the catalogue, so a new one without words shows here.
    expect(keys.size).toBeGreaterThanOrEqual(30);
    for (const e of errors) {
      for (const lang of ['fr', 'en'] as const) {
        const text = describeCsvError(lang, e);
        expect([e.problem.key, /\{\w+\}/.test(text.replace(/\{1,64\}/, ''))]).toEqual([e.problem.key, false]);
        expect(text.startsWith(`${e.file}, ${lang === 'fr' ? 'ligne' : 'line'} ${e.line}`)).toBe(true);
        if (e.column !== '-') expect(text).toContain(`${lang === 'fr' ? 'colonne' : 'column'} ${e.column}`);
      }
      expect(describeCsvError('fr', e)).not.toBe(describeCsvError('en', e));
    }
    const price = errors.find((e) => e.problem.key === 'csv_price_decimals')!;
    expect(describeCsvError('fr', price, { name: 'tarifs.xlsx', sheet: 'rates' })).toBe('tarifs.xlsx, feuille « rates », ligne 2, colonne price_eur : « 12.345 » a plus de deux décimales');
    expect(describeCsvError('en', price)).toBe('rates.csv, line 2, column price_eur: "12.345" has more than two decimals');
  });
});
