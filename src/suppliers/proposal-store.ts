import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso, toIsoOrNull } from '../platform/db';

export type ProposalStatus = 'pending' | 'approved' | 'rejected';

/** A change venue staff asked for to what ties suppliers together (SPEC §11): only hub staff apply it. */
export interface SupplierProposal {
  id: number;
  supplierId: string;
  /** The partner venues the supplier asks to be listed with (associated_with). */
  associatedWith: string[];
  proposedBy: string;
  status: ProposalStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

interface ProposalRow {
  id: number;
  supplier_id: string;
  changes: string;
  proposed_by: string;
  status: string;
  created_at: unknown;
  decided_by: string | null;
  decided_at: unknown;
}

const toDomain = (r: ProposalRow): SupplierProposal => ({
  id: r.id,
  supplierId: r.supplier_id,
  associatedWith: (JSON.parse(r.changes) as { associated_with: string[] }).associated_with,
  proposedBy: r.proposed_by,
  status: r.status as ProposalStatus,
  createdAt: toIso(r.created_at),
  decidedBy: r.decided_by,
  decidedAt: toIsoOrNull(r.decided_at),
});

export class SupplierProposalStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** A newer proposal for the same supplier replaces the pending one: the hub decides on the latest. */
  async propose(supplierId: string, associatedWith: string[], proposedBy: string, at: Date): Promise<void> {
    await this.db(TABLES.supplierProposals).where({ supplier_id: supplierId, status: 'pending' }).update({ status: 'rejected', decided_by: 'superseded', decided_at: at.toISOString() });
    await this.db(TABLES.supplierProposals).insert({
      supplier_id: supplierId,
      changes: JSON.stringify({ associated_with: associatedWith }),
      proposed_by: proposedBy.slice(0, 254),
      status: 'pending',
      created_at: at.toISOString(),
    });
  }

  async listPending(): Promise<SupplierProposal[]> {
    return ((await this.db<ProposalRow>(TABLES.supplierProposals).where({ status: 'pending' }).orderBy('id')) as ProposalRow[]).map(toDomain);
  }

  async pendingFor(supplierId: string): Promise<SupplierProposal | null> {
    const row = await this.db<ProposalRow>(TABLES.supplierProposals).where({ supplier_id: supplierId, status: 'pending' }).orderBy('id', 'desc').first();
    return row ? toDomain(row as ProposalRow) : null;
  }

  /** Compare-and-set: only a pending proposal is decided, once. Returns it as it was, or null. */
  async decide(id: number, status: Exclude<ProposalStatus, 'pending'>, decidedBy: string, at: Date): Promise<SupplierProposal | null> {
    const row = await this.db<ProposalRow>(TABLES.supplierProposals).where({ id, status: 'pending' }).first();
    if (!row) return null;
    const n = await this.db(TABLES.supplierProposals).where({ id, status: 'pending' }).update({ status, decided_by: decidedBy.slice(0, 254), decided_at: at.toISOString() });
    return n === 1 ? toDomain(row as ProposalRow) : null;
  }
}
