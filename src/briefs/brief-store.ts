import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso, toIsoOrNull } from '../platform/db';
import type { Brief, Language } from '../core/brief-schema';
import type { ReviewReason } from '../core/quote-types';
import { QuoteLinkStore } from '../quotes/quote-link-store';
import { sha256Hex } from '../platform/secrets';

import type { BriefStatus } from './brief-lifecycle';
export { BRIEF_STATUSES, type BriefStatus } from './brief-lifecycle';

export interface StoredBrief {
  id: number;
  ref: string;
  /** SHA-256 of the token of the organiser's first link (the thank-you page's); see QuoteLinkStore for the others. */
  publicTokenHash: string;
  status: BriefStatus;
  brief: Brief;
  language: Language;
  receivedAt: string;
  slaDueAt: string;
  quotedAt: string | null;
  sentAt: string | null;
  reviewReasons: ReviewReason[];
  slaWarningAt: string | null;
  slaBreachAt: string | null;
  interestRank: number | null;
  /** SPEC §7: the organiser's notes await a personal answer until a staff member marks it done. */
  followUp?: { open: boolean; doneAt: string | null; doneBy: string | null };
}

/** The few columns the SLA watch decides on. */
export interface SlaWatchRow {
  id: number;
  status: BriefStatus;
  receivedAt: string;
  slaDueAt: string;
  slaWarningAt: string | null;
  slaBreachAt: string | null;
}

interface BriefRow {
  id: number;
  ref: string | null;
  public_token: string;
  status: string;
  payload: string;
  language: string;
  received_at: unknown;
  sla_due_at: unknown;
  quoted_at: unknown;
  sent_at: unknown;
  review_reasons: string;
  sla_warning_at: unknown;
  sla_breach_at: unknown;
  interest_rank: number | null;
  follow_up_open?: boolean | number | null;
  follow_up_done_at?: unknown;
  follow_up_done_by?: string | null;
}

function toDomain(row: BriefRow): StoredBrief {
  return {
    id: row.id,
    ref: row.ref ?? '',
    publicTokenHash: row.public_token,
    status: row.status as BriefStatus,
    brief: JSON.parse(row.payload) as Brief,
    language: row.language as Language,
    receivedAt: toIso(row.received_at),
    slaDueAt: toIso(row.sla_due_at),
    quotedAt: toIsoOrNull(row.quoted_at),
    sentAt: toIsoOrNull(row.sent_at),
    reviewReasons: JSON.parse(row.review_reasons) as ReviewReason[],
    slaWarningAt: toIsoOrNull(row.sla_warning_at),
    slaBreachAt: toIsoOrNull(row.sla_breach_at),
    interestRank: row.interest_rank,
    followUp: { open: Boolean(row.follow_up_open), doneAt: toIsoOrNull(row.follow_up_done_at ?? null), doneBy: row.follow_up_done_by ?? null },
  };
}

/** PCE-2027-000042: the year of receipt and the row id, so refs are unique without a counter table. */
export function formatRef(id: number, receivedAt: Date): string {
  return `PCE-${receivedAt.getUTCFullYear()}-${String(id).padStart(6, '0')}`;
}

export class BriefStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async findById(id: number): Promise<StoredBrief | null> {
    const row = await this.db<BriefRow>(TABLES.briefs).where({ id }).first();
    return row ? toDomain(row) : null;
  }

  async findByRef(ref: string): Promise<StoredBrief | null> {
    const row = await this.db<BriefRow>(TABLES.briefs).where({ ref }).first();
    return row ? toDomain(row) : null;
  }

  /**
   * The brief an organiser's link opens: the token of the thank-you page (kept as a hash on the
   * brief) or of any e-mail sent to them (quote_links). Looked up by hash only.
   */
  async findByPublicToken(token: string): Promise<StoredBrief | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
    const hash = sha256Hex(token);
    const row = await this.db<BriefRow>(TABLES.briefs).where({ public_token: hash }).first();
    if (row) return toDomain(row);
    const briefId = await new QuoteLinkStore(this.db).briefIdFor(hash);
    return briefId === null ? null : this.findById(briefId);
  }

  /**
   * Takes the brief's row lock while it is in one of `statuses` (a no-op update: PostgreSQL
   * serialises the callers here, SQLite serialises writers anyway). Returns false when the brief
   * has left those statuses, which is how a job run twice notices it has nothing left to do.
   * Status changes themselves go through brief-lifecycle.ts's moveBrief.
   */
  async lockInStatus(id: number, statuses: readonly BriefStatus[]): Promise<boolean> {
    const count = await this.db(TABLES.briefs).where({ id }).whereIn('status', statuses).update({ status: this.db.ref('status') });
    return count === 1;
  }

  async setQuotedAt(id: number, at: string): Promise<void> {
    await this.db(TABLES.briefs).where({ id }).update({ quoted_at: at });
  }

  async setReviewReasons(id: number, reasons: ReviewReason[]): Promise<void> {
    await this.db(TABLES.briefs).where({ id }).update({ review_reasons: JSON.stringify(reasons) });
  }

  /** Briefs still waiting for the worker, received before `before`: the reconciler re-enqueues them. */
  async idsWaitingSince(before: Date, limit = 500): Promise<number[]> {
    const rows = await this.db(TABLES.briefs)
      .whereIn('status', ['received', 'matching'])
      .where('received_at', '<', before.toISOString())
      .orderBy('id')
      .limit(limit)
      .select('id');
    return rows.map((r: { id: number }) => r.id);
  }

  /**
   * Briefs the SLA watch may have to alert about: unsent and not yet warned while still within
   * their SLA, or past their deadline and not yet flagged as breached. The exact 75 % rule is
   * decided by the pure code in src/sla; this only narrows the rows (index on status, sla_due_at).
   */
  async slaWatchCandidates(now: Date, statuses: readonly BriefStatus[], limit = 500): Promise<SlaWatchRow[]> {
    const at = now.toISOString();
    const columns = ['id', 'status', 'received_at', 'sla_due_at', 'sla_warning_at', 'sla_breach_at'];
    const breached = await this.db(TABLES.briefs)
      .whereIn('status', statuses)
      .whereNull('sla_breach_at')
      .where('sla_due_at', '<=', at)
      .orderBy('sla_due_at')
      .limit(limit)
      .select(columns);
    const open = await this.db(TABLES.briefs)
      .whereIn('status', statuses)
      .whereNull('sla_warning_at')
      .where('sla_due_at', '>', at)
      .orderBy('sla_due_at')
      .limit(limit)
      .select(columns);
    return [...breached, ...open].map((r: Pick<BriefRow, 'id' | 'status' | 'received_at' | 'sla_due_at' | 'sla_warning_at' | 'sla_breach_at'>) => ({
      id: r.id,
      status: r.status as BriefStatus,
      receivedAt: toIso(r.received_at),
      slaDueAt: toIso(r.sla_due_at),
      slaWarningAt: toIsoOrNull(r.sla_warning_at),
      slaBreachAt: toIsoOrNull(r.sla_breach_at),
    }));
  }

  /**
   * Compare-and-set claim of one SLA alert: stamps sla_warning_at or sla_breach_at only if it is
   * still empty and the brief is still unsent. Returns false when another worker claimed it first
   * (or the brief was sent meanwhile). Call it first in the transaction that queues the e-mail.
   */
  async claimSlaAlert(id: number, kind: 'sla_warning' | 'sla_breach', at: Date, statuses: readonly BriefStatus[]): Promise<boolean> {
    const column = kind === 'sla_warning' ? 'sla_warning_at' : 'sla_breach_at';
    const count = await this.db(TABLES.briefs)
      .where({ id })
      .whereNull(column)
      .whereIn('status', statuses)
      .update({ [column]: at.toISOString() });
    return count === 1;
  }

  async recordInterest(id: number, rank: number, at: string): Promise<void> {
    await this.db(TABLES.briefs).where({ id }).update({ interest_rank: rank, interest_at: at });
  }

  /** Opens the brief's follow_up task (SPEC §7), unless a staff member already marked it done. */
  async openFollowUp(id: number): Promise<void> {
    await this.db(TABLES.briefs).where({ id }).whereNull('follow_up_done_at').update({ follow_up_open: true });
  }

  /** Marks the follow_up task done, with who and when; false when there was none open. */
  async closeFollowUp(id: number, by: string, at: string): Promise<boolean> {
    const count = await this.db(TABLES.briefs).where({ id, follow_up_open: true }).update({ follow_up_open: false, follow_up_done_at: at, follow_up_done_by: by });
    return count === 1;
  }
}
