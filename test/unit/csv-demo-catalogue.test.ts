import { readFileSync } from 'fs';
import { join } from 'path';
import { isVenueKind, type Catalogue, type RateItem, type Supplier } from '../../src/core/catalogue-types';
import { CATALOGUE_FILES, formatCsvError, parseCatalogueFiles, writeCatalogueFiles } from '../../src/suppliers/csv';

const DEMO_DIR = join(__dirname, '../../db/demo');

function readDemo() {
  const files = Object.fromEntries(CATALOGUE_FILES.map((f) => [f, readFileSync(join(DEMO_DIR, f), 'utf8')]));
  const { catalogue, errors } = parseCatalogueFiles(files, { supplierIds: new Set(), spaceKeys: new Set(), supplierKinds: new Map() });
  return { files, catalogue: catalogue as Catalogue, errors: errors.map(formatCsvError) };
}

// SPEC §3 compares cities case- and accent-insensitively.
const cityKey = (city: string) => city.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

describe('demo catalogue (db/demo)', () => {
  it('when the demo files are imported, then every row is valid and an export rewrites them byte for byte', () => {
    const { files, catalogue, errors } = readDemo();
    expect(errors).toEqual([]);
    expect(catalogue.suppliers.length).toBeGreaterThanOrEqual(40);
    expect(catalogue.suppliers.length).toBeLessThanOrEqual(70);
    expect(writeCatalogueFiles(catalogue)).toEqual(files);
  });

  it('when a name or e-mail is shown, then it is obviously fictional', () => {
    const { catalogue } = readDemo();
    for (const s of catalogue.suppliers) {
      expect(s.name).toContain('(démo');
      expect(s.email).toMatch(/@example\.(org|com)$/);
    }
  });

  it('when any demo venue is quoted, then a caterer, a hotel and an AV firm are reachable for it', () => {
    const { catalogue } = readDemo();
    const offers = (s: Supplier, item: RateItem) => catalogue.rates.some((r) => r.supplierId === s.supplierId && r.item === item);
    // SPEC §6: an associated partner first, else a same-city supplier with no associations.
    const reachable = (venue: Supplier, kind: Supplier['kind'], item: RateItem) =>
      catalogue.suppliers.some(
        (s) =>
          s.active &&
          s.kind === kind &&
          offers(s, item) &&
          (s.associatedWith.includes(venue.supplierId) ||
            (s.associatedWith.length === 0 && cityKey(s.city) === cityKey(venue.city))),
      );
    // Rooms-only hotels have no meeting space, so matching never makes them the venue of an option.
    const hasSpace = (s: Supplier) => catalogue.spaces.some((sp) => sp.supplierId === s.supplierId);
    const venues = catalogue.suppliers.filter((s) => isVenueKind(s.kind) && s.active && hasSpace(s));
    expect(venues.length).toBeGreaterThanOrEqual(20);
    const unreachable = venues.flatMap((v) =>
      (
        [
          ['caterer', 'dinner'],
          ['hotel', 'bedroom_double_night'],
          ['av', 'av_day'],
        ] as const
      )
        .filter(([kind, item]) => !reachable(v, kind, item))
        .map(([kind]) => `${v.supplierId}: no ${kind}`),
    );
    expect(unreachable).toEqual([]);
  });

  it('when the demo is browsed by city, then every destination has a venue and the big cities a 1000+ seat room', () => {
    const { catalogue } = readDemo();
    const cities = [
      'Aix-en-Provence', 'Ajaccio', 'Arles', 'Aubagne', 'Avignon', 'Hyères-les-Palmiers', 'La Grande Motte',
      'Mandelieu-La Napoule', 'Marseille', 'Saint-Raphaël', 'Toulon', 'Cannes', 'Nice', 'Antibes',
    ];
    const venueCities = new Set(catalogue.suppliers.filter((s) => isVenueKind(s.kind)).map((s) => s.city));
    expect([...venueCities].sort()).toEqual([...cities].sort());
    for (const city of ['Marseille', 'Nice', 'Cannes', 'Toulon']) {
      const ids = catalogue.suppliers.filter((s) => s.city === city).map((s) => s.supplierId);
      const biggest = Math.max(...catalogue.spaces.filter((sp) => ids.includes(sp.supplierId)).map((sp) => sp.capacities.theatre ?? 0));
      expect(biggest).toBeGreaterThanOrEqual(1000);
    }
  });

  it('when demo prices are read, then they stay in plausible 2026–2027 ranges with the right VAT', () => {
    const { catalogue } = readDemo();
    const ranges: Record<RateItem, [number, number, number]> = {
      day_delegate: [45, 95, 20],
      space_hire_day: [800, 15000, 20],
      lunch: [28, 55, 10],
      dinner: [45, 120, 10],
      coffee_break: [6, 12, 10],
      bedroom_single_night: [90, 260, 10],
      bedroom_double_night: [90, 260, 10],
      av_day: [300, 2500, 20],
      tourist_tax_night: [0.2, 5, 0],
    };
    const outliers = catalogue.rates
      .filter((r) => {
        const [min, max, vat] = ranges[r.item];
        return r.priceCents < min * 100 || r.priceCents > max * 100 || r.vatPct !== vat;
      })
      .map((r) => `${r.supplierId} ${r.item} ${r.priceCents} ${r.vatPct}`);
    expect(outliers).toEqual([]);
    // The last period of every rate series is open-ended, so a brief far ahead still prices.
    const series = new Map<string, string | null>();
    for (const r of [...catalogue.rates].sort((a, b) => a.validFrom.localeCompare(b.validFrom))) {
      series.set(`${r.supplierId}/${r.item}/${r.spaceId}`, r.validTo);
    }
    expect([...series].filter(([, validTo]) => validTo !== null)).toEqual([]);
  });
});
