import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import { type SupplierProposal } from './proposal-store';
import { diffRows, SHAPES, type FileDiff } from './catalogue-diff';
import { applyFileDiff } from './apply-catalogue-changes';
import type { Supplier } from '../core/catalogue-types';
import { storesFor } from '../stores';

/** Records a proposal in the caller's transaction (and audits it). */
export async function recordProposal(trx: Knex.Transaction, current: Supplier, associatedWith: string[], actor: string, now: Date): Promise<void> {
  await storesFor(trx).proposals.propose(current.supplierId, associatedWith, actor, now);
  await storesFor(trx).audit.record(
    [{ actor, entity: 'supplier', entityKey: current.supplierId, supplierId: current.supplierId, action: 'propose', oldValue: { associated_with: current.associatedWith.join(';') }, newValue: { associated_with: associatedWith.join(';') } }],
    now,
  );
}

export class SupplierProposals {
  constructor(private readonly deps: { db: Knex; clock: Clock }) {}

  listPending(): Promise<SupplierProposal[]> {
    return storesFor(this.deps.db).proposals.listPending();
  }

  /** Approving applies the partners as if the hub had typed them (audited as an update), in one transaction. */
  async decide(id: number, approve: boolean, actor: string): Promise<SupplierProposal | null> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (trx) => {
      const proposal = await storesFor(trx).proposals.decide(id, approve ? 'approved' : 'rejected', actor, now);
      if (!proposal) return null;
      const [current] = (await storesFor(trx).suppliers.loadCatalogue({ supplierIds: [proposal.supplierId] })).suppliers;
      if (approve && current) {
        const diff = diffRows(SHAPES['suppliers.csv'] as never, [current], [{ ...current, associatedWith: proposal.associatedWith }], true) as FileDiff<unknown>;
        await applyFileDiff(trx, diff, actor, now);
      }
      await storesFor(trx).audit.record(
        [{ actor, entity: 'supplier', entityKey: proposal.supplierId, supplierId: proposal.supplierId, action: approve ? 'approve' : 'reject', oldValue: null, newValue: { associated_with: proposal.associatedWith.join(';') } }],
        now,
      );
      return proposal;
    });
  }
}
