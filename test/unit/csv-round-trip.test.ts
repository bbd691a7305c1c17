import fc from 'fast-check';
import {
  LAYOUTS,
  RATE_ITEMS,
  SUPPLIER_KINDS,
  VAT_RATES,
  isVenueKind,
  type Blackout,
  type Catalogue,
  type Rate,
  type Space,
  type Supplier,
} from '../../src/core/catalogue-types';
import { parseCatalogueFiles, writeCatalogueFiles, type ParsedCatalogue } from '../../src/suppliers/csv';

const noExisting = () => ({ supplierIds: new Set<string>(), spaceKeys: new Set<string>(), supplierKinds: new Map() });

const supplier = (over: Partial<Supplier> = {}): Supplier => ({
  supplierId: 'vp',
  name: 'Palais du Vieux-Port (démo)',
  kind: 'convention_centre',
  city: 'Marseille',
  email: 'vp@example.org',
  phone: null,
  qualityLabels: [],
  bedrooms: null,
  accessible: true,
  associatedWith: [],
  active: true,
  ratesConfirmedAt: null,
  ...over,
});

function roundTrip(catalogue: Catalogue): { parsed: ParsedCatalogue; errors: string[] } {
  const { catalogue: parsed, errors } = parseCatalogueFiles(writeCatalogueFiles(catalogue), noExisting());
  return { parsed, errors: errors.map((e) => `${e.file}:${e.line}: ${e.column}: ${e.message}`) };
}

/** Keys are unique, so same length + every element present = the same set of rows. */
function expectSameRows(parsed: ParsedCatalogue, original: Catalogue): void {
  for (const key of ['suppliers', 'spaces', 'rates', 'blackouts'] as const) {
    expect(parsed[key]).toHaveLength(original[key].length);
    expect(parsed[key]).toEqual(expect.arrayContaining(original[key] as object[]));
  }
}

describe('writeCatalogueFiles', () => {
  const catalogue: Catalogue = {
    suppliers: [
      supplier({ supplierId: 'zz', name: '=HYPERLINK("x")', kind: 'av', phone: '+33 4 65 71 00 00', associatedWith: ['vp'] }),
      supplier({ qualityLabels: ['Qualité Tourisme', 'Clef Verte'], bedrooms: 0, accessible: false }),
    ],
    spaces: [{ supplierId: 'vp', spaceId: 'a', name: 'Salle "A", niveau 1\nAile nord', capacities: { ...Object.fromEntries(LAYOUTS.map((l) => [l, null])), theatre: 1200 } as Space['capacities'] }],
    rates: [
      { supplierId: 'vp', item: 'lunch', spaceId: null, priceCents: 5, vatPct: 5.5, validFrom: '2027-01-01', validTo: null },
      { supplierId: 'vp', item: 'space_hire_day', spaceId: 'a', priceCents: 1230, vatPct: 20, validFrom: '2027-01-01', validTo: '2027-03-31' },
    ],
    blackouts: [{ supplierId: 'vp', spaceId: null, from: '2027-08-01', to: '2027-08-02', reason: null }],
  };

  it('when a catalogue is exported, then the files follow the SPEC columns, order, spelling and protection', () => {
    expect(writeCatalogueFiles(catalogue)).toEqual({
      'suppliers.csv':
        'supplier_id,name,kind,city,email,phone,quality_labels,bedrooms,accessible,associated_with,active\n' +
        'vp,Palais du Vieux-Port (démo),convention_centre,Marseille,vp@example.org,,Qualité Tourisme;Clef Verte,0,false,,true\n' +
        `zz,"'=HYPERLINK(""x"")",av,Marseille,vp@example.org,'+33 4 65 71 00 00,,,true,vp,true\n`,
      'spaces.csv':
        'supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,boardroom\n' +
        'vp,a,"Salle ""A"", niveau 1\nAile nord",1200,,,,,\n',
      'rates.csv':
        'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to\n' +
        'vp,space_hire_day,a,12.30,20,2027-01-01,2027-03-31\n' +
        'vp,lunch,,0.05,5.5,2027-01-01,\n',
      'blackouts.csv': 'supplier_id,space_id,from,to,reason\nvp,,2027-08-01,2027-08-02,\n',
    });
  });

  it('when an export is imported and exported again, then nothing changes', () => {
    const { parsed, errors } = roundTrip(catalogue);
    expect(errors).toEqual([]);
    expectSameRows(parsed, catalogue);
    expect(writeCatalogueFiles(parsed as Catalogue)).toEqual(writeCatalogueFiles(catalogue));
  });
});

// Text that stresses quoting and protection: separators, quotes, newlines, accents, formula starters.
const CHARS = ['a', 'Z', '7', ' ', ',', '"', '\n', 'é', 'ç', 'Ω', '=', '+', '-', '@', "'", '(', '.', '💶'];
const text = (extra: string[] = []) =>
  fc
    .tuple(fc.constantFrom('', '=', '+', '-', '@', "'", "'=", "''+"), fc.string({ unit: fc.constantFrom(...CHARS, ...extra), maxLength: 12 }))
    .map(([start, rest]) => (start + rest).trim());
const nonEmptyText = text([';']).filter((s) => s !== '');
const optionalText = text([';']).map((s) => (s === '' ? null : s));
const label = text().filter((s) => s !== '');
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/);
const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10));
const period = fc.tuple(day, fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }));
const addDays = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length]!;

function firstByKey<T>(rows: T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(key(r)) && seen.add(key(r)));
}

const catalogueArb = fc
  .record({
    suppliers: fc.uniqueArray(
      fc.record({
        supplierId: id,
        name: nonEmptyText,
        kind: fc.constantFrom(...SUPPLIER_KINDS),
        city: nonEmptyText,
        email: id.map((s) => `${s}@example.org`),
        phone: optionalText,
        qualityLabels: fc.array(label, { maxLength: 3 }),
        bedrooms: fc.option(fc.nat({ max: 2000 }), { nil: null }),
        accessible: fc.boolean(),
        associatedWith: fc.array(fc.nat(), { maxLength: 3 }),
        active: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8, selector: (s) => s.supplierId },
    ),
    spaces: fc.array(
      fc.record({ owner: fc.nat(), spaceId: id, name: nonEmptyText, caps: fc.array(fc.option(fc.nat({ max: 5000 }), { nil: null }), { minLength: 6, maxLength: 6 }) }),
      { maxLength: 8 },
    ),
    rates: fc.array(
      fc.record({ owner: fc.nat(), item: fc.nat(), space: fc.nat(), cents: fc.nat({ max: 100_000_000 }), vat: fc.constantFrom(...VAT_RATES), period }),
      { maxLength: 12 },
    ),
    blackouts: fc.array(fc.record({ owner: fc.nat(), space: fc.option(fc.nat(), { nil: null }), from: day, days: fc.nat({ max: 30 }), reason: optionalText }), { maxLength: 6 }),
  })
  .map((raw): Catalogue => {
    // Indices are mapped onto existing ids afterwards so that every reference is valid.
    const venueIds = raw.suppliers.filter((s) => isVenueKind(s.kind)).map((s) => s.supplierId);
    const suppliers: Supplier[] = raw.suppliers.map(({ associatedWith, ...s }) => ({
      ...s,
      associatedWith: venueIds.length && !isVenueKind(s.kind) ? [...new Set(associatedWith.map((n) => pick(venueIds, n)))] : [],
      ratesConfirmedAt: null,
    }));
    const spaces: Space[] = venueIds.length
      ? firstByKey(
          raw.spaces.map((s) => ({
            supplierId: pick(venueIds, s.owner),
            spaceId: s.spaceId,
            name: s.name,
            capacities: Object.fromEntries(LAYOUTS.map((l, i) => [l, s.caps[i] ?? null])) as Space['capacities'],
          })),
          (s) => `${s.supplierId}/${s.spaceId}`,
        )
      : [];
    const rates: Rate[] = [];
    for (const r of raw.rates) {
      const owner = pick(suppliers, r.owner);
      const ownSpaces = spaces.filter((s) => s.supplierId === owner.supplierId);
      let items = isVenueKind(owner.kind) ? RATE_ITEMS.filter((i) => i !== 'space_hire_day' || ownSpaces.length) : [];
      if (owner.kind === 'caterer') items = ['lunch', 'dinner', 'coffee_break'];
      if (owner.kind === 'av') items = ['av_day'];
      if (!items.length) continue;
      const item = pick(items, r.item);
      const [validFrom, length] = r.period;
      rates.push({
        supplierId: owner.supplierId,
        item,
        spaceId: item === 'space_hire_day' ? pick(ownSpaces, r.space).spaceId : null,
        priceCents: r.cents,
        // The taxe de séjour bears no VAT (SPEC §3): the import refuses any other rate.
        vatPct: item === 'tourist_tax_night' ? 0 : r.vat,
        validFrom,
        validTo: length === null ? null : addDays(validFrom, length),
      });
    }
    const blackouts: Blackout[] = venueIds.length
      ? raw.blackouts.map((b) => {
          const supplierId = pick(venueIds, b.owner);
          const ownSpaces = spaces.filter((s) => s.supplierId === supplierId);
          const spaceId = b.space === null || !ownSpaces.length ? null : pick(ownSpaces, b.space).spaceId;
          return { supplierId, spaceId, from: b.from, to: addDays(b.from, b.days), reason: b.reason };
        })
      : [];
    return {
      suppliers,
      spaces,
      rates: firstByKey(rates, (r) => JSON.stringify([r.supplierId, r.item, r.spaceId, r.validFrom])),
      blackouts: firstByKey(blackouts, (b) => JSON.stringify([b.supplierId, b.spaceId, b.from])),
    };
  });

describe('catalogue CSV round trip (property)', () => {
  it('when any valid catalogue is written then parsed, then it comes back equal and rewrites identically', () => {
    fc.assert(
      fc.property(catalogueArb, (catalogue) => {
        const { parsed, errors } = roundTrip(catalogue);
        expect(errors).toEqual([]);
        expectSameRows(parsed, catalogue);
        expect(writeCatalogueFiles(parsed as Catalogue)).toEqual(writeCatalogueFiles(catalogue));
      }),
      { numRuns: 300 },
    );
  });
});
