import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { matchAndQuote, type MatchAndQuoteDeps } from '../../src/quotes/match-and-quote';
import { CatalogueCache, databaseCatalogueSource } from '../../src/quotes/catalogue-cache';
import { CatalogueVersionStore } from '../../src/suppliers/catalogue-version-store';
import { CatalogueEditStore } from '../../src/suppliers/catalogue-edit-store';
import { importCatalogue } from '../../src/suppliers/import-catalogue';

const RATES_HEADER = 'supplier_id,item,space_id,price_eur,vat_pct,valid_from,valid_to\n';

describe('the worker caches the catalogue per catalogue version', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ workers: false });
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => app.stop());

  const deps = (catalogues: CatalogueCache): MatchAndQuoteDeps => ({
    db: app.services.db, renderer: app.services.renderer, config: app.services.config, clock: app.services.clock, catalogues,
  });

  async function quoteOne(catalogues: CatalogueCache): Promise<number> {
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    const brief = (await app.services.stores.briefs.findByRef(ref))!;
    expect(await matchAndQuote(deps(catalogues), brief.id)).toBe('sent');
    const quote = (await app.services.stores.quotes.findLatest(brief.id))!;
    return quote.options[0]!.lines.find((l) => l.item === 'day_delegate')!.unit_price_cents;
  }

  it('when briefs follow each other on an unchanged catalogue, then it is loaded once', async () => {
    const cache = new CatalogueCache(databaseCatalogueSource(app.services.db));
    expect(await quoteOne(cache)).toBe(6500);
    expect(await quoteOne(cache)).toBe(6500);
    expect(cache.loads).toBe(1);
  });

  it('when another process imports new rates, then the next brief of every worker is priced with them', async () => {
    const workerA = new CatalogueCache(databaseCatalogueSource(app.services.db));
    const workerB = new CatalogueCache(databaseCatalogueSource(app.services.db));
    expect(await quoteOne(workerA)).toBe(6500);
    expect(await quoteOne(workerB)).toBe(6500);
    // Neither cache is told: each finds the new version in the database on its next brief.
    const result = await importCatalogue(app.services.db, { 'rates.csv': `${RATES_HEADER}PALAIS,day_delegate,,70.00,20,2026-01-01,\n` }, app.services.clock.now());
    expect(result.ok).toBe(true);
    expect(await quoteOne(workerA)).toBe(7000);
    expect(await quoteOne(workerB)).toBe(7000);
    expect(workerA.loads).toBe(2);
  });

  it('when an import is refused, then the version does not move', async () => {
    const versions = new CatalogueVersionStore(app.services.db);
    const before = await versions.current();
    const result = await importCatalogue(app.services.db, { 'rates.csv': `${RATES_HEADER}PALAIS,day_delegate,,seventy,20,2026-01-01,\n` }, app.services.clock.now());
    expect(result.ok).toBe(false);
    expect(await versions.current()).toBe(before);
  });

  it('when rates are confirmed or a portal edit removes a row, then the version moves with the write', async () => {
    const versions = new CatalogueVersionStore(app.services.db);
    const v0 = await versions.current();
    await app.services.stores.suppliers.confirmRates(['PALAIS'], app.services.clock.now());
    const v1 = await versions.current();
    expect(v1).toBeGreaterThan(v0);
    await app.services.db.transaction((trx) => new CatalogueEditStore(trx).deleteRate({ supplierId: 'PALAIS', item: 'coffee_break', spaceId: null, validFrom: '2026-01-01' }));
    expect(await versions.current()).toBeGreaterThan(v1);
  });

  it('when a catalogue write rolls back, then the version rolls back with it', async () => {
    const versions = new CatalogueVersionStore(app.services.db);
    const before = await versions.current();
    await expect(
      app.services.db.transaction(async (trx) => {
        await new CatalogueEditStore(trx).deleteBlackout({ supplierId: 'PALAIS', spaceId: null, from: '2027-01-01' });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect(await versions.current()).toBe(before);
  });
});
