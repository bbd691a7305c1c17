import type { Supplier } from '../core/catalogue-types';

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Pure. SPEC §11: what ties suppliers together or ranks them (kind, active, associated_with) changes
 * only by hub staff. A venue staff edit or upload that touches associated_with keeps the stored
 * value and records a proposal instead (kind and active are refused outright); the hub approves
 * or rejects it, and both steps are audit-logged.
 */
export function withHubOwnedFieldsKept(current: Supplier, wanted: Supplier): { row: Supplier; proposed: string[] | null } {
  const row = { ...wanted, kind: current.kind, active: current.active, associatedWith: current.associatedWith };
  return { row, proposed: same(wanted.associatedWith, current.associatedWith) ? null : wanted.associatedWith };
}

