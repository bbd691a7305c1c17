import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import { AuditStore } from './audit-store';
import { SupplierProposalStore, type SupplierProposal } from './proposal-store';
import { SupplierStore } from './supplier-store';
import { diffRows, SHAPES, type FileDiff } from './catalogue-diff';
import { applyFileDiff } from './apply-catalogue-changes';
import type { Supplier } from '../core/catalogue-types';

/** Records a proposal in the caller's transaction (and audits it). */
export async function recordProposal(trx: Knex.Transaction, current: Supplier, associatedWith: string[], actor: string, now: Date): Promise<void> {
  await new SupplierProposalStore(trx).propose(current.supplierId, associatedWith, actor, now);
  await new AuditStore(trx).record(
    [{ actor, entity: 'supplier', entityKey: current.supplierId, supplierId: current.supplierId, action: 'propose', oldValue: { associated_with: current.associatedWith.join(';') }, newValue: { associated_with: associatedWith.join(';') } }],
    now,
  );
}

export class SupplierProposals {
  constructor(private readonly deps: { db: Knex; clock: Clock }) {}

  listPending(): Promise<SupplierProposal[]> {
    return new SupplierProposalStore(this.deps.db).listPending();
  }

  /** Approving applies the partners as if the hub had typed them (audited as an update), in one transaction. */
  async decide(id: number, approve: boolean, actor: string): Promise<SupplierProposal | null> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (trx) => {
      const proposal = await new SupplierProposalStore(trx).decide(id, approve ? 'approved' : 'rejected', actor, now);
      if (!proposal) return null;
      const [current] = (await new SupplierStore(trx).loadCatalogue({ supplierIds: [proposal.supplierId] })).suppliers;
      if (approve && current) {
        const diff = diffRows(SHAPES['suppliers.csv'] as never, [current], [{ ...current, associatedWith: proposal.associatedWith }], true) as FileDiff<unknown>;
        await applyFileDiff(trx, diff, actor, now);
      }
      await new AuditStore(trx).record(
        [{ actor, entity: 'supplier', entityKey: proposal.supplierId, supplierId: proposal.supplierId, action: approve ? 'approve' : 'reject', oldValue: null, newValue: { associated_with: proposal.associatedWith.join(';') } }],
        now,
      );
      return proposal;
    });
  }
}
