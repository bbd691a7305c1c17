import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso } from '../platform/db';

export type AuditEntity = 'supplier' | 'space' | 'rate' | 'blackout';
export type AuditAction = 'create' | 'update' | 'delete' | 'confirm_rates' | 'propose' | 'approve' | 'reject';

export interface NewAuditEntry {
  /** The staff member's e-mail address, or 'cli' for the command-line import. */
  actor: string;
  entity: AuditEntity;
  entityKey: string;
  supplierId: string;
  action: AuditAction;
  /** Values as the CSV shows them (column → cell); null when the row did not exist. */
  oldValue: Record<string, string> | null;
  newValue: Record<string, string> | null;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
  at: string;
}

interface AuditRow {
  id: number;
  at: unknown;
  actor: string;
  entity: string;
  entity_key: string;
  supplier_id: string | null;
  action: string;
  old_value: string | null;
  new_value: string | null;
}

const parse = (v: string | null) => (v === null ? null : (JSON.parse(v) as Record<string, string>));

/** Who changed what in the catalogue, when, from what to what. Append-only. */
export class AuditStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async record(entries: NewAuditEntry[], at: Date): Promise<void> {
    const rows = entries.map((e) => ({
      at: at.toISOString(),
      actor: e.actor.slice(0, 254),
      entity: e.entity,
      entity_key: e.entityKey.slice(0, 300),
      supplier_id: e.supplierId,
      action: e.action,
      old_value: e.oldValue === null ? null : JSON.stringify(e.oldValue),
      new_value: e.newValue === null ? null : JSON.stringify(e.newValue),
    }));
    for (let i = 0; i < rows.length; i += 200) await this.db(TABLES.auditLog).insert(rows.slice(i, i + 200));
  }

  async listForSupplier(supplierId: string, limit = 20): Promise<AuditEntry[]> {
    const rows = await this.db<AuditRow>(TABLES.auditLog).where({ supplier_id: supplierId }).orderBy('id', 'desc').limit(limit);
    return rows.map(toEntry);
  }

  /** The supplier's entries made after `at` (of one entity kind), oldest first. */
  async since(supplierId: string, entity: AuditEntity, at: Date, limit = 5000): Promise<AuditEntry[]> {
    const rows = await this.db<AuditRow>(TABLES.auditLog).where({ supplier_id: supplierId, entity }).andWhere('at', '>', at.toISOString()).orderBy('id', 'asc').limit(limit);
    return rows.map(toEntry);
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: toIso(r.at),
    actor: r.actor,
    entity: r.entity as AuditEntity,
    entityKey: r.entity_key,
    supplierId: r.supplier_id ?? '',
    action: r.action as AuditAction,
    oldValue: parse(r.old_value),
    newValue: parse(r.new_value),
  };
}
