import { formatCsvError, parseCatalogueFiles, type CatalogueFile, type ExistingCatalogueKeys } from '../../src/suppliers/csv';

const HEADERS: Record<CatalogueFile, string> = {
  'suppliers.csv': 'supplier_id,name,kind,city,email,phone,quality_labels,bedrooms,accessible,associated_with,active',
  'spaces.csv': 'supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,boardroom',
  'rates.csv': 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to',
  'blackouts.csv': 'supplier_id,space_id,from,to,reason',
};

/** A small valid catalogue: each file has its header on line 1 and two rows on lines 2–3. */
const baseRows = (): Record<CatalogueFile, string[]> => ({
  'suppliers.csv': [
    'vp,Palais du Vieux-Port (démo),convention_centre,Marseille,vp@example.org,,Qualité Tourisme,,true,,true',
    'ct,Traiteur du Port (démo),caterer,Marseille,ct@example.org,,,,false,vp,true',
  ],
  'spaces.csv': ['vp,auditorium,Auditorium,1200,,,,,', 'vp,salon,Salon,80,40,60,48,120,24'],
  'rates.csv': ['vp,space_hire_day,auditorium,9500.00,20,2027-01-01,', 'ct,lunch,,38.50,10,2027-01-01,2027-12-31'],
  'blackouts.csv': ['vp,,2027-08-01,2027-08-15,Fermeture annuelle', 'vp,salon,2027-03-01,2027-03-01,'],
});

const noExisting = (): ExistingCatalogueKeys => ({ supplierIds: new Set(), spaceKeys: new Set(), supplierKinds: new Map() });

function filesWith(extra: Partial<Record<CatalogueFile, string[]>> = {}): Record<CatalogueFile, string> {
  const rows = baseRows();
  const out = {} as Record<CatalogueFile, string>;
  for (const file of Object.keys(rows) as CatalogueFile[]) {
    out[file] = [HEADERS[file], ...rows[file], ...(extra[file] ?? [])].join('\n') + '\n';
  }
  return out;
}

const errorsOf = (files: Partial<Record<CatalogueFile, string>>, existing = noExisting()) =>
  parseCatalogueFiles(files, existing).errors.map(formatCsvError);

describe('parseCatalogueFiles', () => {
  it('when every file is valid, then all rows come back as domain values and nothing is reported', () => {
    const { catalogue, errors } = parseCatalogueFiles(filesWith(), noExisting());
    expect(errors).toEqual([]);
    expect(catalogue.suppliers![1]).toEqual({
      supplierId: 'ct',
      name: 'Traiteur du Port (démo)',
      kind: 'caterer',
      city: 'Marseille',
      email: 'ct@example.org',
      phone: null,
      qualityLabels: [],
      bedrooms: null,
      accessible: false,
      associatedWith: ['vp'],
      active: true,
      ratesConfirmedAt: null,
    });
    expect(catalogue.spaces![0]!.capacities).toEqual({
      theatre: 1200,
      classroom: null,
      banquet: null,
      cabaret: null,
      reception: null,
      boardroom: null,
    });
    expect(catalogue.rates![1]).toEqual({
      supplierId: 'ct',
      item: 'lunch',
      spaceId: null,
      priceCents: 3850,
      vatPct: 10,
      validFrom: '2027-01-01',
      validTo: '2027-12-31',
    });
    expect(catalogue.blackouts![1]).toEqual({
      supplierId: 'vp',
      spaceId: 'salon',
      from: '2027-03-01',
      to: '2027-03-01',
      reason: null,
    });
  });

  it('when only some files are given, then only their keys are present and existing keys resolve references', () => {
    const existing: ExistingCatalogueKeys = {
      supplierIds: new Set(['vp']),
      spaceKeys: new Set(['vp/auditorium']),
      supplierKinds: new Map([['vp', 'convention_centre']]),
    };
    const rates = `${HEADERS['rates.csv']}\nvp,space_hire_day,auditorium,9500,20,2027-01-01,\n`;
    const { catalogue, errors } = parseCatalogueFiles({ 'rates.csv': rates }, existing);
    expect(errors).toEqual([]);
    expect(Object.keys(catalogue)).toEqual(['rates']);
    expect(catalogue.rates![0]!.priceCents).toBe(950000);
  });

  it('when columns are reordered, cells quoted, lists padded and a BOM leads, then it reads the same', () => {
    const suppliers =
      '\uFEFFname,supplier_id,active,kind,city,email,phone,quality_labels,bedrooms,accessible,associated_with\r\n' +
      '"Hôtel ""Le Cap"", Nice (démo)",h1,true,hotel,Nice,h1@example.com,\'+33 4 65 71 00 01, Clef Verte ;;Qualité Tourisme ,120,true,\r\n';
    const { catalogue, errors } = parseCatalogueFiles({ 'suppliers.csv': suppliers }, noExisting());
    expect(errors).toEqual([]);
    expect(catalogue.suppliers![0]).toMatchObject({
      supplierId: 'h1',
      name: 'Hôtel "Le Cap", Nice (démo)',
      phone: '+33 4 65 71 00 01',
      qualityLabels: ['Clef Verte', 'Qualité Tourisme'],
      bedrooms: 120,
    });
  });

  it.each<[string, Partial<Record<CatalogueFile, string[]>>, string[]]>([
    ['unknown supplier', { 'spaces.csv': ['zz,s1,Salle,10,,,,,'] }, [
      'spaces.csv:4: supplier_id: unknown supplier "zz" (not in suppliers.csv nor already imported)',
    ]],
    ['unknown supplier on a rate and a blackout', {
      'rates.csv': ['zz,lunch,,30,10,2027-01-01,'],
      'blackouts.csv': ['zz,,2027-01-01,2027-01-02,'],
    }, [
      'rates.csv:4: supplier_id: unknown supplier "zz" (not in suppliers.csv nor already imported)',
      'blackouts.csv:4: supplier_id: unknown supplier "zz" (not in suppliers.csv nor already imported)',
    ]],
    ['unknown kind', { 'suppliers.csv': ['x1,X (démo),castle,Arles,x@example.org,,,,true,,true'] }, [
      'suppliers.csv:4: kind: unknown kind "castle" (expected one of convention_centre, hotel, seminar_venue, caterer, av, furniture, tour_operator, courier, activity)',
    ]],
    ['bad prices', { 'rates.csv': [
      'ct,dinner,,abc,10,2027-01-01,',
      'ct,coffee_break,,12.345,10,2027-01-01,',
      'ct,lunch,,-5,10,2027-06-01,',
      'ct,lunch,,,10,2027-07-01,',
    ] }, [
      'rates.csv:4: price_eur: "abc" is not a price in euros (e.g. 123.45 or 123,45)',
      'rates.csv:5: price_eur: "12.345" has more than two decimals',
      'rates.csv:6: price_eur: "-5" is negative: prices must be ≥ 0',
      'rates.csv:7: price_eur: required',
    ]],
    ['VAT outside the list', { 'rates.csv': ['ct,dinner,,50,19.6,2027-01-01,'] }, [
      'rates.csv:4: vat_pct: "19.6" is not an allowed VAT rate (0, 2.1, 5.5, 10, 20)',
    ]],
    ['impossible dates', { 'rates.csv': [
      'ct,dinner,,50,10,2027-02-30,',
      'ct,dinner,,50,10,2027-13-01,',
      'ct,dinner,,50,10,01/03/2027,2027-3-1',
    ] }, [
      'rates.csv:4: valid_from: "2027-02-30" is not a real date',
      'rates.csv:5: valid_from: "2027-13-01" is not a real date',
      'rates.csv:6: valid_from: "01/03/2027" is not a date (YYYY-MM-DD)',
      'rates.csv:6: valid_to: "2027-3-1" is not a date (YYYY-MM-DD)',
    ]],
    ['periods that end before they start', {
      'rates.csv': ['ct,dinner,,50,10,2027-05-01,2027-04-30'],
      'blackouts.csv': ['vp,,2027-05-01,2027-04-01,'],
    }, [
      'rates.csv:4: valid_to: 2027-04-30 is before valid_from 2027-05-01',
      'blackouts.csv:4: to: 2027-04-01 is before from 2027-05-01',
    ]],
    ['capacities that are not whole numbers ≥ 0', { 'spaces.csv': ['vp,s3,Salle 3,12.5,abc,-3,,,'] }, [
      'spaces.csv:4: theatre: "12.5" is not a whole number ≥ 0',
      'spaces.csv:4: classroom: "abc" is not a whole number ≥ 0',
      'spaces.csv:4: banquet: "-3" is not a whole number ≥ 0',
    ]],
    ['duplicate keys in every file', {
      'suppliers.csv': ['vp,Autre (démo),hotel,Nice,a@example.org,,,,true,,true'],
      'spaces.csv': ['vp,salon,Salon bis,10,,,,,'],
      'rates.csv': ['vp,space_hire_day,auditorium,9000,20,2027-01-01,'],
      'blackouts.csv': ['vp,salon,2027-03-01,2027-03-02,'],
    }, [
      'suppliers.csv:4: supplier_id: duplicate key (supplier_id) already on line 2',
      'spaces.csv:4: space_id: duplicate key (supplier_id, space_id) already on line 3',
      'rates.csv:4: valid_from: duplicate key (supplier_id, item, space_id, valid_from) already on line 2',
      'blackouts.csv:4: from: duplicate key (supplier_id, space_id, from) already on line 3',
    ]],
    ['bad supplier_id pattern', { 'suppliers.csv': ['bad id!,X (démo),hotel,Nice,a@example.org,,,,true,,true'] }, [
      'suppliers.csv:4: supplier_id: "bad id!" is not a valid id ([A-Za-z0-9_-]{1,64})',
    ]],
    ['unknown rate item', { 'rates.csv': ['vp,breakfast,,20,10,2027-01-01,'] }, [
      'rates.csv:4: item: unknown item "breakfast" (expected one of space_hire_day, day_delegate, lunch, dinner, coffee_break, bedroom_single_night, bedroom_double_night, av_day, tourist_tax_night)',
    ]],
    ['space hire without a space, and a space on another item', { 'rates.csv': [
      'vp,space_hire_day,,9000,20,2027-02-01,',
      'vp,lunch,salon,40,10,2027-01-01,',
    ] }, [
      'rates.csv:4: space_id: required for space_hire_day',
      'rates.csv:5: space_id: must be empty for lunch: only space_hire_day is priced per space',
    ]],
    ['references to unknown spaces', {
      'rates.csv': ['vp,space_hire_day,hall-z,9000,20,2027-01-01,'],
      'blackouts.csv': ['vp,hall-z,2027-01-01,2027-01-02,'],
    }, [
      'rates.csv:4: space_id: unknown space "hall-z" of supplier "vp"',
      'blackouts.csv:4: space_id: unknown space "hall-z" of supplier "vp"',
    ]],
    ['bad booleans, bedrooms, empty name and bad e-mail', {
      'suppliers.csv': ['h2,,hotel,Nice,not-an-email,,,12.5,yes,,1'],
    }, [
      'suppliers.csv:4: name: required',
      'suppliers.csv:4: email: "not-an-email" is not an e-mail address',
      'suppliers.csv:4: bedrooms: "12.5" is not a whole number ≥ 0',
      'suppliers.csv:4: accessible: "yes" is not true or false',
      'suppliers.csv:4: active: "1" is not true or false',
    ]],
    ['associated_with that are not valid venue ids', {
      'suppliers.csv': ['av1,AV (démo),av,Marseille,av@example.org,,,,true,vp;bad id;nowhere;ct,true'],
    }, [
      'suppliers.csv:4: associated_with: "bad id" is not a valid id ([A-Za-z0-9_-]{1,64})',
      'suppliers.csv:4: associated_with: unknown supplier "nowhere" (not in suppliers.csv nor already imported)',
      'suppliers.csv:4: associated_with: "ct" is a caterer, not a venue',
    ]],
    ['items and spaces a supplier of that kind cannot offer', {
      'spaces.csv': ['ct,kitchen,Cuisine,10,,,,,'],
      'rates.csv': ['ct,av_day,,500,20,2027-01-01,'],
    }, [
      'spaces.csv:4: supplier_id: supplier "ct" is a caterer: only venues have spaces',
      'rates.csv:4: item: supplier "ct" is a caterer: av_day is offered by venues or av only',
    ]],
    ['a row with the wrong number of cells', { 'blackouts.csv': ['vp,,2027-01-01'] }, [
      'blackouts.csv:4: -: expected 5 cells, found 3',
    ]],
  ])('when a file has %s, then each problem is reported as file:line: column: message', (_case, extra, expected) => {
    expect(errorsOf(filesWith(extra))).toEqual(expected);
  });

  it('when many rows are wrong, then every one is reported, not just the first', () => {
    const bad = Array.from({ length: 5 }, (_, i) => `ct,dinner,,x${i},10,2027-0${i + 1}-01,`);
    expect(errorsOf(filesWith({ 'rates.csv': bad }))).toHaveLength(5);
  });

  it('when a header misses, repeats or adds a column, then line 1 says which', () => {
    const spaces = 'supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,colour\nvp,a,A,1,,,,,\n';
    const blackouts = 'supplier_id,space_id,from,to,reason,from\n';
    expect(errorsOf({ 'spaces.csv': spaces, 'blackouts.csv': blackouts })).toEqual([
      'spaces.csv:1: colour: unknown column (expected supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,boardroom)',
      'spaces.csv:1: boardroom: missing column',
      'blackouts.csv:1: from: duplicate column',
    ]);
  });

  it('when suppliers.csv has a bad header, then dependent files do not cascade into unknown-supplier errors', () => {
    const files = filesWith();
    files['suppliers.csv'] = files['suppliers.csv'].replace(',active\n', '\n').replace(/,true\n/g, '\n');
    expect(errorsOf(files)).toEqual(['suppliers.csv:1: active: missing column']);
  });

  it('when blank lines precede the header, then line numbers stay physical', () => {
    const blackouts = `\n\n${HEADERS['blackouts.csv']}\nvp,,2027-05-01,2027-04-01,\n`;
    expect(errorsOf({ ...filesWith(), 'blackouts.csv': blackouts })).toEqual([
      'blackouts.csv:4: to: 2027-04-01 is before from 2027-05-01',
    ]);
    const header = 'supplier_id,space_id,from,to,reason,colour\n';
    expect(errorsOf({ ...filesWith(), 'blackouts.csv': `\n${header}` })[0]).toMatch(/^blackouts\.csv:2: colour: unknown column/);
  });

  it('when a key repeats, then only its first row is kept', () => {
    const { catalogue } = parseCatalogueFiles(filesWith({ 'spaces.csv': ['vp,salon,Salon bis,10,,,,,'] }), noExisting());
    expect(catalogue.spaces!.map((s) => s.name)).toEqual(['Auditorium', 'Salon']);
  });

  it('when a file is empty or its quoting is broken, then the file is reported once', () => {
    const rates = `${HEADERS['rates.csv']}\nct,lunch,,30,10,2027-01-01,\nct,"dinner,,50,10,2027-01-01,\n`;
    expect(errorsOf({ 'suppliers.csv': '', 'rates.csv': rates })).toEqual([
      'suppliers.csv:1: -: missing header row',
      'rates.csv:3: -: malformed CSV: a quoted cell is never closed',
    ]);
  });

  it('when a formula-protected cell is read, then its leading quote is removed before validation', () => {
    const { errors, catalogue } = parseCatalogueFiles(filesWith({ 'rates.csv': ["ct,dinner,,'-5,10,2027-01-01,"] }), noExisting());
    expect(errors.map(formatCsvError)).toEqual(['rates.csv:4: price_eur: "-5" is negative: prices must be ≥ 0']);
    expect(catalogue.rates).toHaveLength(2);
  });
});
