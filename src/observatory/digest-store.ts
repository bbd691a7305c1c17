import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toBool } from '../platform/db';
import type { Language } from '../core/brief-schema';

export interface DigestRecipient {
  supplierId: string;
  name: string;
  email: string;
  language: Language;
}

interface RecipientRow {
  supplier_id: string;
  name: string;
  email: string;
  active: unknown;
  digest_language: string | null;
}

/** Who receives the monthly observatory digest, and in which language (suppliers.digest_language). */
export class DigestStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** Every active supplier, by id; French unless English was chosen. */
  async activeRecipients(): Promise<DigestRecipient[]> {
    const rows = (await this.db(TABLES.suppliers).select('supplier_id', 'name', 'email', 'active', 'digest_language').orderBy('supplier_id')) as RecipientRow[];
    return rows
      .filter((r) => toBool(r.active))
      .map((r) => ({ supplierId: r.supplier_id, name: r.name, email: r.email, language: r.digest_language === 'en' ? 'en' : 'fr' }));
  }

  async languages(supplierIds: readonly string[]): Promise<Map<string, Language>> {
    if (supplierIds.length === 0) return new Map();
    const rows = (await this.db(TABLES.suppliers).whereIn('supplier_id', supplierIds).select('supplier_id', 'digest_language')) as RecipientRow[];
    return new Map(rows.map((r) => [r.supplier_id, r.digest_language === 'en' ? 'en' : 'fr']));
  }

  async setLanguage(supplierIds: readonly string[], language: Language): Promise<void> {
    if (supplierIds.length === 0) return;
    await this.db(TABLES.suppliers).whereIn('supplier_id', supplierIds).update({ digest_language: language === 'en' ? 'en' : null });
  }
}
