import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { toIso } from '../../platform/db';
import type { ReviewReason } from '../../core/quote-types';
import { dialectOf, num, rowsOf } from './sql-dialect';

/** Statuses in which the organiser is still waiting for a draft quote: the SLA clock runs. */
export const UNSENT_STATUSES = ['received', 'matching', 'needs_review'] as const;

export interface BoardBrief {
  ref: string;
  status: string;
  title: string;
  organisation: string | null;
  attendees: number;
  destinations: string[];
  receivedAt: string;
  slaDueAt: string;
  reviewReasons: ReviewReason[];
}

export interface BriefBoard {
  /** Unsent and still within the SLA, soonest deadline first. */
  open: BoardBrief[];
  /** needs_review, soonest deadline (or longest overdue) first. */
  review: BoardBrief[];
  /** Unsent past the deadline, longest overdue first. */
  breached: BoardBrief[];
  counts: { open: number; review: number; breached: number };
  /** SPEC §7 follow_up tasks: sent briefs whose organiser notes await a personal answer, oldest first. */
  followUps: BoardBrief[];
}

interface BoardRow {
  ref: string | null;
  status: string;
  title: string | null;
  organisation: string | null;
  attendees: number;
  destinations: string | null;
  received_at: unknown;
  sla_due_at: unknown;
  review_reasons: string;
}

function parseList<T>(json: string | null): T[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function toBoardBrief(r: BoardRow): BoardBrief {
  return {
    ref: r.ref ?? '',
    status: r.status,
    title: r.title ?? '(untitled)',
    organisation: r.organisation,
    attendees: num(r.attendees),
    destinations: parseList<string>(r.destinations),
    receivedAt: toIso(r.received_at),
    slaDueAt: toIso(r.sla_due_at),
    reviewReasons: parseList<ReviewReason>(r.review_reasons),
  };
}

/**
 * The live part of the dashboard: every list is a range scan of the (status, sla_due_at)
 * index with a limit; only the shown rows' titles are pulled out of the JSON payload, so
 * organisers' contact details never leave the database here.
 */
export class BriefBoardReadModel {
  constructor(private readonly db: Knex) {}

  async load(now: Date, limit = 50): Promise<BriefBoard> {
    const at = now.toISOString();
    const [open, review, breached, counts] = [
      await this.list((q) => q.whereIn('status', UNSENT_STATUSES).where('sla_due_at', '>', at).orderBy('sla_due_at', 'asc'), limit),
      await this.list((q) => q.where('status', 'needs_review').orderBy('sla_due_at', 'asc'), limit),
      await this.list((q) => q.whereIn('status', UNSENT_STATUSES).where('sla_due_at', '<=', at).orderBy('sla_due_at', 'asc'), limit),
      await this.counts(at),
    ];
    const followUps = await this.list((q) => q.where('follow_up_open', true).orderBy('sent_at', 'asc'), limit);
    return { open, review, breached, counts, followUps };
  }

  private async list(where: (q: Knex.QueryBuilder) => Knex.QueryBuilder, limit: number): Promise<BoardBrief[]> {
    const d = dialectOf(this.db);
    const q = this.db(TABLES.briefs).select(
      'ref',
      'status',
      'attendees',
      'received_at',
      'sla_due_at',
      'review_reasons',
      this.db.raw(`${d.jsonText('payload', ['event', 'title'])} as title`),
      this.db.raw(`${d.jsonText('payload', ['organiser', 'organisation'])} as organisation`),
      this.db.raw(`${d.sqlite ? "json_extract(payload, '$.destinations')" : "(payload::json -> 'destinations')::text"} as destinations`),
    );
    const rows = (await where(q).limit(limit)) as BoardRow[];
    return rows.map(toBoardBrief);
  }

  private async counts(at: string): Promise<BriefBoard['counts']> {
    const result = await this.db.raw(
      `select
         sum(case when sla_due_at > ? then 1 else 0 end) as open,
         sum(case when status = 'needs_review' then 1 else 0 end) as review,
         sum(case when sla_due_at <= ? then 1 else 0 end) as breached
       from ${TABLES.briefs} where status in (${UNSENT_STATUSES.map(() => '?').join(', ')})`,
      [at, at, ...UNSENT_STATUSES],
    );
    const [row] = rowsOf<Record<string, unknown>>(result);
    return { open: num(row?.open), review: num(row?.review), breached: num(row?.breached) };
  }
}
