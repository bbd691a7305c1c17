import type { Knex } from 'knex';
import type { Blackout, Rate, Space, Supplier } from '../core/catalogue-types';
import { ENTITY_OF_FILE, type FileDiff } from './catalogue-diff';
import { type NewAuditEntry } from './audit-store';
import { storesFor } from '../stores';

const PART_OF_FILE = { 'suppliers.csv': 'suppliers', 'spaces.csv': 'spaces', 'rates.csv': 'rates', 'blackouts.csv': 'blackouts' } as const;

/** One audit row per added, changed and removed row: who, the key, old → new as CSV cells. */
export function auditEntries(diff: FileDiff<{ supplierId: string }>, actor: string): NewAuditEntry[] {
  const entity = ENTITY_OF_FILE[diff.file];
  const entry = (action: NewAuditEntry['action'], c: FileDiff<{ supplierId: string }>['added'][number]): NewAuditEntry => ({
    actor,
    entity,
    entityKey: c.key,
    supplierId: (c.new ?? c.old)!.supplierId,
    action,
    oldValue: c.oldCells,
    newValue: c.newCells,
  });
  return [...diff.added.map((c) => entry('create', c)), ...diff.changed.map((c) => entry('update', c)), ...diff.removed.map((c) => entry('delete', c))];
}

/**
 * Applies one file's diff inside the caller's transaction and audits it. Writing rates marks
 * their suppliers' rates confirmed (SPEC §3), through the supplier store's upsert.
 */
export async function applyFileDiff(trx: Knex.Transaction, diff: FileDiff<unknown>, actor: string, now: Date): Promise<void> {
  const edits = storesFor(trx).catalogueEdits;
  for (const { old } of diff.removed) {
    if (diff.file === 'spaces.csv') await edits.deleteSpace(old as Space);
    else if (diff.file === 'rates.csv') await edits.deleteRate(old as Rate);
    else if (diff.file === 'blackouts.csv') await edits.deleteBlackout(old as Blackout);
  }
  const upserts = [...diff.added, ...diff.changed].map((c) => c.new);
  if (upserts.length) await storesFor(trx).suppliers.upsert({ [PART_OF_FILE[diff.file]]: upserts } as Partial<Record<string, (Supplier | Space | Rate | Blackout)[]>>, now);
  await storesFor(trx).audit.record(auditEntries(diff as FileDiff<{ supplierId: string }>, actor), now);
}

/** "Rates unchanged", or a rates upload/edit that only removed rows: the supplier vouches for its rates now. */
export async function confirmRatesNow(trx: Knex.Transaction, supplierId: string, actor: string, now: Date): Promise<void> {
  await storesFor(trx).suppliers.confirmRates([supplierId], now);
  await storesFor(trx).audit.record(
    [{ actor, entity: 'supplier', entityKey: supplierId, supplierId, action: 'confirm_rates', oldValue: null, newValue: { rates_confirmed_at: now.toISOString() } }],
    now,
  );
}

