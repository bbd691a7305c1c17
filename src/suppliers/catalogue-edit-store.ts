import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import type { Blackout, Rate, Space } from '../core/catalogue-types';
import { CatalogueVersionStore } from './catalogue-version-store';

/**
 * The deletions the venue portal needs (SupplierStore upserts; this removes), keyed exactly
 * as SPEC §3. Empty space ids are stored as '' (see the schema migration). Each bumps the
 * catalogue version, like SupplierStore's writes.
 */
export class CatalogueEditStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async deleteSpace(s: Pick<Space, 'supplierId' | 'spaceId'>): Promise<void> {
    await this.db(TABLES.spaces).where({ supplier_id: s.supplierId, space_id: s.spaceId }).delete();
    await new CatalogueVersionStore(this.db).bump();
  }

  async deleteRate(r: Pick<Rate, 'supplierId' | 'item' | 'spaceId' | 'validFrom'>): Promise<void> {
    await this.db(TABLES.rates).where({ supplier_id: r.supplierId, item: r.item, space_id: r.spaceId ?? '', valid_from: r.validFrom }).delete();
    await new CatalogueVersionStore(this.db).bump();
  }

  async deleteBlackout(b: Pick<Blackout, 'supplierId' | 'spaceId' | 'from'>): Promise<void> {
    await this.db(TABLES.blackouts).where({ supplier_id: b.supplierId, space_id: b.spaceId ?? '', from_date: b.from }).delete();
    await new CatalogueVersionStore(this.db).bump();
  }

  /** Whether rates or blackouts still point at a space (it cannot be removed while they do). */
  async spaceInUse(supplierId: string, spaceId: string): Promise<boolean> {
    const rate = await this.db(TABLES.rates).where({ supplier_id: supplierId, space_id: spaceId }).first('item');
    if (rate) return true;
    const blackout = await this.db(TABLES.blackouts).where({ supplier_id: supplierId, space_id: spaceId }).first('from_date');
    return !!blackout;
  }
}
