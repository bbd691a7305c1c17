import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso } from '../platform/db';
import { ConflictError, ForbiddenError } from '../platform/errors';

/**
 * The brief's state machine (SPEC §7 and §9), in one place: which statuses exist, which moves
 * are allowed, and who may make each. Every route and job that changes a brief's status goes
 * through `moveBrief`, which checks the move, applies it as a compare-and-set (a job run twice or
 * a double click finds the brief already moved and does nothing) and records who did it and
 * when in `brief_status_events`, inside the caller's transaction, so the e-mails that the move
 * queues in that same transaction leave if and only if the move happened.
 *
 *   received → matching → sent | needs_review → sent → interested → confirmed → booked
 *   lost (with a reason) from any of these but received/matching; cancelled by the hub.
 */
export const BRIEF_STATUSES = ['received', 'matching', 'needs_review', 'sent', 'interested', 'confirmed', 'booked', 'lost', 'cancelled'] as const;
export type BriefStatus = (typeof BRIEF_STATUSES)[number];

/** §9.6: why a lead was lost. `no_response` is also what the expiry job records. */
export const LOST_REASONS = ['price', 'availability', 'destination_elsewhere', 'cancelled_by_client', 'no_response', 'other'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

/** Who moves a brief: the machine (worker, scheduled job), the organiser (their quote link), a supplier (their answer), hub staff. */
export type ActorKind = 'system' | 'organiser' | 'supplier' | 'hub';
export interface Actor {
  kind: ActorKind;
  /** Staff e-mail or supplier id; none for the system and the organiser (their token is not an identity to keep). */
  ref?: string | null;
}

export const SYSTEM: Actor = { kind: 'system' };
export const ORGANISER: Actor = { kind: 'organiser' };

/** Statuses in which the brief is still alive (not booked, lost or cancelled). */
export const OPEN_STATUSES: readonly BriefStatus[] = ['received', 'matching', 'needs_review', 'sent', 'interested', 'confirmed'];
/** Statuses in which an organiser may pick (or re-pick) an option of the quote they were sent. */
export const INTEREST_OPEN: readonly BriefStatus[] = ['sent', 'interested'];
/** Statuses in which hub staff may still edit and send a quote. */
export const QUOTE_EDITABLE: readonly BriefStatus[] = ['matching', 'needs_review', 'sent', 'interested'];

interface Move {
  from: readonly BriefStatus[];
  to: BriefStatus;
  by: readonly ActorKind[];
}

/** Every allowed move. A move to the same status (a new quote version, a re-pick) is listed explicitly. */
const MOVES: readonly Move[] = [
  { from: ['received'], to: 'matching', by: ['system'] },
  // A venue declined (§9.4): the worker re-matches the brief without it.
  { from: ['interested'], to: 'matching', by: ['system'] },
  // Nothing to send, a draft e-mail that bounced for good, or no supplier left after declines (§9.4).
  { from: ['matching', 'sent', 'interested'], to: 'needs_review', by: ['system'] },
  { from: ['matching'], to: 'sent', by: ['system'] },
  { from: ['matching', 'needs_review', 'sent', 'interested'], to: 'sent', by: ['hub'] },
  { from: ['sent', 'interested'], to: 'interested', by: ['organiser'] },
  { from: ['interested'], to: 'confirmed', by: ['system'] },
  { from: ['confirmed'], to: 'booked', by: ['organiser'] },
  // A booking agreed by telephone (§9.5).
  { from: ['sent', 'interested', 'confirmed'], to: 'booked', by: ['hub'] },
  { from: ['needs_review', 'sent', 'interested', 'confirmed', 'booked'], to: 'lost', by: ['hub'] },
  // §9.6: a quote nobody answered within QUOTE_VALID_DAYS.
  { from: ['sent', 'interested'], to: 'lost', by: ['system'] },
  { from: ['received', 'matching', 'needs_review', 'sent', 'interested', 'confirmed', 'booked'], to: 'cancelled', by: ['hub'] },
  // An erased organiser (§12) can no longer be answered.
  { from: ['received', 'matching', 'needs_review'], to: 'cancelled', by: ['system'] },
];

export function isBriefStatus(value: unknown): value is BriefStatus {
  return typeof value === 'string' && (BRIEF_STATUSES as readonly string[]).includes(value);
}

/** Pure: may `actor` move a brief from `from` to `to`? */
export function canMove(from: BriefStatus, to: BriefStatus, actor: ActorKind): boolean {
  return MOVES.some((m) => m.to === to && m.from.includes(from) && m.by.includes(actor));
}

/** The statuses `actor` may move a brief to from `from` (for pages that offer the actions). */
export function movesFrom(from: BriefStatus, actor: ActorKind): BriefStatus[] {
  return BRIEF_STATUSES.filter((to) => canMove(from, to, actor));
}

/** The statuses from which `actor` may reach `to`. */
export function sourcesOf(to: BriefStatus, actor: ActorKind): BriefStatus[] {
  return BRIEF_STATUSES.filter((from) => canMove(from, to, actor));
}

export interface MoveRequest {
  to: BriefStatus;
  actor: Actor;
  at: Date;
  /** Only from these statuses (default: every status the actor may move from); narrower is how a job says what it expects. */
  from?: readonly BriefStatus[];
  /** Required for `lost` (a LostReason); otherwise an optional machine-readable code (e.g. `supplier_declined`). */
  reason?: string | null;
  comment?: string | null;
  /** Extra brief columns written with the status (quoted_at, sent_at, review_reasons). */
  columns?: Record<string, unknown>;
}

export interface StatusEvent {
  id: number;
  briefId: number;
  from: BriefStatus;
  to: BriefStatus;
  actorKind: ActorKind;
  actorRef: string | null;
  reason: string | null;
  comment: string | null;
  at: string;
}

/**
 * Moves one brief inside the caller's transaction. Returns false, changing nothing, when the
 * brief is not in a status this move starts from (already moved by another worker or click).
 * Throws when the move itself is not allowed to this actor from any status the brief could be in
 * (a programming or authorisation error, not a race).
 */
export async function moveBrief(trx: Knex.Transaction, briefId: number, move: MoveRequest): Promise<boolean> {
  const allowed = sourcesOf(move.to, move.actor.kind).filter((s) => !move.from || move.from.includes(s));
  if (allowed.length === 0) throw new ForbiddenError(`a ${move.actor.kind} may not move a brief to ${move.to}`);
  if (move.to === 'lost' && !(LOST_REASONS as readonly string[]).includes(move.reason ?? '')) {
    throw new ConflictError(`a lost brief needs a reason: one of ${LOST_REASONS.join(', ')}`);
  }
  // Write first: a no-op update takes the row lock on PostgreSQL (a concurrent move waits, then
  // reads the status it left) and the write lock on SQLite before anything is read, so a
  // transaction that starts here never has to upgrade a read snapshot (SQLITE_BUSY_SNAPSHOT,
  // which the busy timeout does not wait out: seen with two worker processes).
  if ((await trx(TABLES.briefs).where({ id: briefId }).update({ status: trx.ref('status') })) !== 1) return false;
  const row = (await trx(TABLES.briefs).where({ id: briefId }).first('status')) as { status: string } | undefined;
  if (!row || !isBriefStatus(row.status) || !allowed.includes(row.status)) return false;
  const update: Record<string, unknown> = { ...(move.columns ?? {}), status: move.to, status_changed_at: move.at.toISOString() };
  if (move.to === 'lost') update.lost_reason = move.reason;
  const count = await trx(TABLES.briefs).where({ id: briefId, status: row.status }).update(update);
  if (count !== 1) return false;
  await trx(TABLES.briefStatusEvents).insert({
    brief_id: briefId,
    from_status: row.status,
    to_status: move.to,
    actor_kind: move.actor.kind,
    actor_ref: move.actor.ref ? String(move.actor.ref).slice(0, 254) : null,
    reason: move.reason ? move.reason.slice(0, 64) : null,
    comment: move.comment ? move.comment.slice(0, 2000) : null,
    at: move.at.toISOString(),
  });
  return true;
}

/** Like moveBrief, but a brief in the wrong status is a conflict the caller reports (a person's click, not a job). */
export async function moveBriefOrThrow(trx: Knex.Transaction, briefId: number, move: MoveRequest, describe: string): Promise<void> {
  if (!(await moveBrief(trx, briefId, move))) throw new ConflictError(`${describe}: the brief is no longer in a status that allows it`);
}

/** The brief's history, oldest first (§9.8 `outcome`). */
export async function statusHistory(db: Knex | Knex.Transaction, briefId: number): Promise<StatusEvent[]> {
  const rows = (await db(TABLES.briefStatusEvents).where({ brief_id: briefId }).orderBy('id')) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id),
    briefId: Number(r.brief_id),
    from: r.from_status as BriefStatus,
    to: r.to_status as BriefStatus,
    actorKind: r.actor_kind as ActorKind,
    actorRef: (r.actor_ref as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    at: toIso(r.at),
  }));
}
