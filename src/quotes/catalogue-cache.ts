import type { Knex } from 'knex';
import { prepareCatalogue, type PreparedCatalogue } from '../matching/match-venues';
import { storesFor } from '../stores';

export interface CatalogueSource {
  /** The catalogue_version counter; read before the catalogue so data is never newer-labelled. */
  version(): Promise<number>;
  load(): Promise<PreparedCatalogue>;
}

export function databaseCatalogueSource(db: Knex): CatalogueSource {
  return {
    version: () => storesFor(db).catalogueVersion.current(),
    load: async () => prepareCatalogue(await storesFor(db).suppliers.loadCatalogue()),
  };
}

/**
 * The prepared catalogue of one worker process, kept per catalogue version. Each brief costs one
 * one-row read of the version instead of reloading and regrouping every supplier, space, rate and
 * blackout (at the demo's size a reload costs more than matching). Concurrent briefs that find the
 * cache out of date share one reload.
 */
export class CatalogueCache {
  private cached: { version: number; catalogue: PreparedCatalogue } | null = null;
  private loading: { version: number; promise: Promise<PreparedCatalogue> } | null = null;
  /** How many times the catalogue was loaded: for tests and the benchmark. */
  loads = 0;

  constructor(private readonly source: CatalogueSource) {}

  async get(): Promise<PreparedCatalogue> {
    const version = await this.source.version();
    if (this.cached?.version === version) return this.cached.catalogue;
    if (this.loading?.version === version) return this.loading.promise;
    const promise = this.source.load();
    const loading = { version, promise };
    this.loading = loading;
    this.loads++;
    try {
      const catalogue = await promise;
      // A slower load of an older version must not replace a newer one.
      if (!this.cached || this.cached.version < version) this.cached = { version, catalogue };
      return catalogue;
    } finally {
      if (this.loading === loading) this.loading = null;
    }
  }
}
