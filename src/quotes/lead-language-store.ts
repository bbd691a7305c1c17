import type { Knex } from 'knex';
import type { Language } from '../core/brief-schema';
import { TABLES } from '../platform/tables';

/**
 * The language a supplier's lead e-mails are written in (SPEC §7): French, unless the supplier's
 * active staff accounts all chose English (staff_users.language, 'fr' by default).
 */
export class LeadLanguageStore {
  constructor(private readonly db: Knex) {}

  async forSuppliers(supplierIds: readonly string[]): Promise<Map<string, Language>> {
    const out = new Map<string, Language>(supplierIds.map((id) => [id, 'fr']));
    if (supplierIds.length === 0) return out;
    const rows = (await this.db(`${TABLES.staffUserSuppliers} as s`)
      .join(`${TABLES.staffUsers} as u`, 'u.id', 's.user_id')
      .whereIn('s.supplier_id', [...supplierIds])
      .andWhere('u.active', true)
      .select('s.supplier_id as supplierId', 'u.language as language')) as { supplierId: string; language: string }[];
    const seen = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!seen.has(r.supplierId)) seen.set(r.supplierId, new Set());
      seen.get(r.supplierId)!.add(r.language);
    }
    for (const [id, langs] of seen) if (langs.size === 1 && langs.has('en')) out.set(id, 'en');
    return out;
  }

  async staffLanguage(userId: number): Promise<Language> {
    const row = (await this.db(TABLES.staffUsers).where({ id: userId }).first('language')) as { language?: string } | undefined;
    return row?.language === 'en' ? 'en' : 'fr';
  }

  /** A staff member's choice of language for the lead e-mails of their suppliers. */
  async setStaffLanguage(userId: number, language: Language): Promise<void> {
    await this.db(TABLES.staffUsers).where({ id: userId }).update({ language });
  }
}
