import { CatalogueCache, type CatalogueSource } from '../../src/quotes/catalogue-cache';
import { prepareCatalogue, type PreparedCatalogue } from '../../src/matching/match-venues';
import { catalogue, venue } from '../support/catalogue-factory';

function source(initial = 1) {
  let version = initial;
  const pending: ((c: PreparedCatalogue) => void)[] = [];
  const s: CatalogueSource & { setVersion(v: number): void; resolveAll(): void; manual: boolean } = {
    manual: false,
    version: async () => version,
    load: () => {
      const made = prepareCatalogue(catalogue({ suppliers: [venue(`V${version}`)] }));
      if (!s.manual) return Promise.resolve(made);
      return new Promise((resolve) => pending.push(() => resolve(made)));
    },
    setVersion: (v) => (version = v),
    resolveAll: () => pending.splice(0).forEach((r) => r(undefined as never)),
  };
  return s;
}

describe('CatalogueCache', () => {
  it('when the version is unchanged, then the catalogue is loaded once and shared', async () => {
    const cache = new CatalogueCache(source());
    const a = await cache.get();
    const b = await cache.get();
    expect(b).toBe(a);
    expect(cache.loads).toBe(1);
  });

  it('when the version moves, then the next brief gets the catalogue reloaded', async () => {
    const s = source();
    const cache = new CatalogueCache(s);
    const first = await cache.get();
    s.setVersion(2);
    const second = await cache.get();
    expect(second).not.toBe(first);
    expect(second.catalogue.suppliers[0]!.supplierId).toBe('V2');
    expect(cache.loads).toBe(2);
  });

  it('when several briefs find the cache out of date at once, then they share one reload', async () => {
    const s = source();
    s.manual = true;
    const cache = new CatalogueCache(s);
    const all = Promise.all([cache.get(), cache.get(), cache.get(), cache.get()]);
    await new Promise((r) => setImmediate(r));
    s.resolveAll();
    const got = await all;
    expect(new Set(got).size).toBe(1);
    expect(cache.loads).toBe(1);
  });

  it('when a load fails, then the next brief tries again and gets the new catalogue, never the old one', async () => {
    const s = source();
    let fail = false;
    const cache = new CatalogueCache({ version: s.version, load: () => (fail ? Promise.reject(new Error('db down')) : s.load()) });
    expect((await cache.get()).catalogue.suppliers.map((x) => x.supplierId)).toEqual(['V1']);
    s.setVersion(2);
    fail = true;
    await expect(cache.get()).rejects.toThrow('db down');
    fail = false;
    const next = await cache.get();
    expect(next.catalogue.suppliers.map((x) => x.supplierId)).toEqual(['V2']);
    expect(cache.loads).toBe(3);
    // The retried load is kept: the brief after it does not load again.
    expect(await cache.get()).toBe(next);
    expect(cache.loads).toBe(3);
  });
});
