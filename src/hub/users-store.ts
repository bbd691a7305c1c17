import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toBool, toIso } from '../platform/db';
import type { StaffRole } from '../auth/staff-store';

export interface StaffListEntry {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  createdAt: string;
  supplierIds: string[];
}

/**
 * What user administration needs of the staff tables beyond StaffStore (which serves sign-in):
 * the list, the active flag, and ending a person's sessions and unused links at once.
 */
export class UsersStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async list(): Promise<StaffListEntry[]> {
    const rows = await this.db(TABLES.staffUsers).orderBy([{ column: 'active', order: 'desc' }, { column: 'email' }]).select('id', 'email', 'name', 'role', 'active', 'created_at');
    const links = await this.db(TABLES.staffUserSuppliers).orderBy('supplier_id').select('user_id', 'supplier_id');
    return rows.map((r: { id: number; email: string; name: string; role: string; active: unknown; created_at: unknown }) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role as StaffRole,
      active: toBool(r.active),
      createdAt: toIso(r.created_at),
      supplierIds: links.filter((l: { user_id: number }) => l.user_id === r.id).map((l: { supplier_id: string }) => l.supplier_id),
    }));
  }

  /** Returns false when the user does not exist. */
  async setActive(userId: number, active: boolean): Promise<boolean> {
    return (await this.db(TABLES.staffUsers).where({ id: userId }).update({ active })) === 1;
  }

  /** Signs the person out everywhere and voids their unused sign-in links. */
  async endAccess(userId: number, now: Date): Promise<void> {
    await this.db(TABLES.staffSessions).where({ user_id: userId }).delete();
    await this.db(TABLES.loginTokens).where({ user_id: userId }).whereNull('used_at').update({ used_at: now.toISOString() });
  }

  async existingSupplierIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db(TABLES.suppliers).whereIn('supplier_id', ids).select('supplier_id');
    return new Set(rows.map((r: { supplier_id: string }) => r.supplier_id));
  }

  /** Suppliers whose name, city or id contains `term` (case-insensitive for ASCII), by name: the invitation's supplier search. */
  async searchSuppliers(term: string, limit = 30): Promise<SupplierChoice[]> {
    const like = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db(TABLES.suppliers)
      .where((w) => w.whereRaw("lower(name) like ? escape '\\'", [like]).orWhereRaw("lower(city) like ? escape '\\'", [like]).orWhereRaw("lower(supplier_id) like ? escape '\\'", [like]))
      .orderBy([{ column: 'name' }, { column: 'supplier_id' }])
      .limit(limit)
      .select('supplier_id', 'name', 'city', 'kind');
    return rows.map(toChoice);
  }

  async suppliersByIds(ids: string[]): Promise<SupplierChoice[]> {
    if (ids.length === 0) return [];
    const rows = await this.db(TABLES.suppliers).whereIn('supplier_id', ids).orderBy('name').select('supplier_id', 'name', 'city', 'kind');
    return rows.map(toChoice);
  }
}

export interface SupplierChoice {
  id: string;
  name: string;
  city: string;
  kind: string;
}

function toChoice(r: { supplier_id: string; name: string; city: string; kind: string }): SupplierChoice {
  return { id: r.supplier_id, name: r.name, city: r.city, kind: r.kind };
}
