import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';

/**
 * The catalogue's version: one counter row (migration 20261126140000). Every catalogue write bumps
 * it after writing, inside the writer's transaction, so a reader that reads the version before
 * loading the catalogue never labels old data with a new version.
 */
export class CatalogueVersionStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async current(): Promise<number> {
    const row = (await this.db(TABLES.catalogueVersion).where({ id: 1 }).first('version')) as { version: number | string } | undefined;
    return row ? Number(row.version) : 0;
  }

  async bump(): Promise<void> {
    await this.db(TABLES.catalogueVersion).where({ id: 1 }).increment('version', 1);
  }
}
