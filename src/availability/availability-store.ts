import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso, toIsoOrNull } from '../platform/db';

/** SPEC §9.2: why a supplier declines. */
export const DECLINE_REASONS = ['unavailable', 'price_changed', 'capacity', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export type RequestStatus = 'open' | 'confirmed' | 'declined' | 'withdrawn';
export type RequestRole = 'venue' | 'service';
export type HoldStatus = 'active' | 'booked' | 'released' | 'expired';

export interface AvailabilityRequest {
  id: number;
  briefId: number;
  quoteVersion: number;
  optionRank: number;
  supplierId: string;
  role: RequestRole;
  status: RequestStatus;
  declineReason: string | null;
  comment: string | null;
  createdAt: string;
  remindAt: string;
  dueAt: string;
  remindedAt: string | null;
  overdueAt: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
}

export interface Hold {
  id: number;
  briefId: number;
  requestId: number | null;
  supplierId: string;
  spaceId: string;
  startDate: string;
  endDate: string;
  createdAt: string;
  expiresAt: string;
  status: HoldStatus;
  endedAt: string | null;
  endReason: string | null;
}

/** What matching needs of an active hold (SPEC §5 `dates`). */
export interface ActiveHold {
  briefId: number;
  supplierId: string;
  spaceId: string;
  startDate: string;
  endDate: string;
}

type Row = Record<string, unknown>;

const dateOnly = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

function toRequest(r: Row): AvailabilityRequest {
  return {
    id: Number(r.id),
    briefId: Number(r.brief_id),
    quoteVersion: Number(r.quote_version),
    optionRank: Number(r.option_rank),
    supplierId: String(r.supplier_id),
    role: r.role as RequestRole,
    status: r.status as RequestStatus,
    declineReason: (r.decline_reason as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    createdAt: toIso(r.created_at),
    remindAt: toIso(r.remind_at),
    dueAt: toIso(r.due_at),
    remindedAt: toIsoOrNull(r.reminded_at),
    overdueAt: toIsoOrNull(r.overdue_at),
    answeredAt: toIsoOrNull(r.answered_at),
    answeredBy: (r.answered_by as string | null) ?? null,
  };
}

function toHold(r: Row): Hold {
  return {
    id: Number(r.id),
    briefId: Number(r.brief_id),
    requestId: r.request_id == null ? null : Number(r.request_id),
    supplierId: String(r.supplier_id),
    spaceId: String(r.space_id),
    startDate: dateOnly(r.start_date),
    endDate: dateOnly(r.end_date),
    createdAt: toIso(r.created_at),
    expiresAt: toIso(r.expires_at),
    status: r.status as HoldStatus,
    endedAt: toIsoOrNull(r.ended_at),
    endReason: (r.end_reason as string | null) ?? null,
  };
}

export interface NewRequest {
  briefId: number;
  quoteVersion: number;
  optionRank: number;
  supplierId: string;
  role: RequestRole;
  /** An unusable hash until the e-mail's link is minted (the column is unique and required). */
  tokenHash: string;
  createdAt: Date;
  remindAt: Date;
  dueAt: Date;
}

/**
 * Availability requests, their one-click links (hashes only) and the holds (SPEC §9.2–9.3).
 * Every state change is a compare-and-set on the row's status or timestamp, so a double click,
 * a retried job or two workers change it once.
 */
export class AvailabilityStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insertRequest(r: NewRequest): Promise<number> {
    const [row] = (await this.db(TABLES.availabilityRequests)
      .insert({
        brief_id: r.briefId,
        quote_version: r.quoteVersion,
        option_rank: r.optionRank,
        supplier_id: r.supplierId,
        role: r.role,
        token_hash: r.tokenHash,
        status: 'open',
        created_at: r.createdAt.toISOString(),
        remind_at: r.remindAt.toISOString(),
        due_at: r.dueAt.toISOString(),
      })
      .returning('id')) as Array<{ id: number } | number>;
    return typeof row === 'object' ? Number(row!.id) : Number(row);
  }

  async findRequest(id: number): Promise<AvailabilityRequest | null> {
    const row = (await this.db(TABLES.availabilityRequests).where({ id }).first()) as Row | undefined;
    return row ? toRequest(row) : null;
  }

  /** The request a link's token opens, whatever its status (the page says when it is answered or withdrawn). */
  async findByTokenHash(tokenHash: string): Promise<AvailabilityRequest | null> {
    const link = (await this.db(TABLES.availabilityLinks).where({ token_hash: tokenHash }).first('request_id')) as { request_id: number } | undefined;
    return link ? this.findRequest(Number(link.request_id)) : null;
  }

  async requestsOfBrief(briefId: number): Promise<AvailabilityRequest[]> {
    return ((await this.db(TABLES.availabilityRequests).where({ brief_id: briefId }).orderBy('id')) as Row[]).map(toRequest);
  }

  async openRequestsOfBrief(briefId: number): Promise<AvailabilityRequest[]> {
    return ((await this.db(TABLES.availabilityRequests).where({ brief_id: briefId, status: 'open' }).orderBy('id')) as Row[]).map(toRequest);
  }

  /** The current round: the requests of the latest (version, option) the organiser picked. */
  async currentRound(briefId: number): Promise<AvailabilityRequest[]> {
    const all = await this.requestsOfBrief(briefId);
    const live = all.filter((r) => r.status !== 'withdrawn');
    const last = live[live.length - 1];
    if (!last) return [];
    return live.filter((r) => r.quoteVersion === last.quoteVersion && r.optionRank === last.optionRank);
  }

  async openRequestsOfSuppliers(supplierIds: string[]): Promise<AvailabilityRequest[]> {
    if (supplierIds.length === 0) return [];
    return ((await this.db(TABLES.availabilityRequests).whereIn('supplier_id', supplierIds).where({ status: 'open' }).orderBy('id')) as Row[]).map(toRequest);
  }

  /** Open → confirmed | declined, once: false when it was answered or withdrawn before. */
  async answer(id: number, status: 'confirmed' | 'declined', at: Date, by: string, reason: DeclineReason | null, comment: string | null): Promise<boolean> {
    const n = await this.db(TABLES.availabilityRequests)
      .where({ id, status: 'open' })
      .update({ status, answered_at: at.toISOString(), answered_by: by, decline_reason: reason, comment });
    return n === 1;
  }

  /** Withdraws every open request of a brief; answers the ones withdrawn now. */
  async withdrawOpen(briefId: number, at: Date): Promise<AvailabilityRequest[]> {
    const open = await this.openRequestsOfBrief(briefId);
    const done: AvailabilityRequest[] = [];
    for (const r of open) {
      const n = await this.db(TABLES.availabilityRequests).where({ id: r.id, status: 'open' }).update({ status: 'withdrawn', answered_at: at.toISOString(), answered_by: 'system' });
      if (n === 1) done.push(r);
    }
    return done;
  }

  async addLink(requestId: number, mailId: number | null, tokenHash: string, at: Date): Promise<void> {
    if (mailId !== null) await this.db(TABLES.availabilityLinks).where({ request_id: requestId, mail_id: mailId }).delete();
    await this.db(TABLES.availabilityLinks).insert({ token_hash: tokenHash, request_id: requestId, mail_id: mailId, created_at: at.toISOString() });
  }

  /** Reminder claim: compare-and-set on reminded_at. */
  async claimReminder(id: number, at: Date): Promise<boolean> {
    return (await this.db(TABLES.availabilityRequests).where({ id, status: 'open' }).whereNull('reminded_at').update({ reminded_at: at.toISOString() })) === 1;
  }

  async claimOverdue(id: number, at: Date): Promise<boolean> {
    return (await this.db(TABLES.availabilityRequests).where({ id, status: 'open' }).whereNull('overdue_at').update({ overdue_at: at.toISOString() })) === 1;
  }

  async remindersDue(now: Date, limit = 200): Promise<AvailabilityRequest[]> {
    return ((await this.openOfLiveBriefs().whereNull('r.reminded_at').where('r.remind_at', '<=', now.toISOString()).where('r.due_at', '>', now.toISOString()).orderBy('r.id').limit(limit)) as Row[]).map(toRequest);
  }

  async overdueDue(now: Date, limit = 200): Promise<AvailabilityRequest[]> {
    return ((await this.openOfLiveBriefs().whereNull('r.overdue_at').where('r.due_at', '<=', now.toISOString()).orderBy('r.id').limit(limit)) as Row[]).map(toRequest);
  }

  /** Open requests of briefs still waiting for answers (a brief lost meanwhile is nobody's to chase). */
  private openOfLiveBriefs() {
    return this.db(`${TABLES.availabilityRequests} as r`).join(`${TABLES.briefs} as b`, 'b.id', 'r.brief_id').where('r.status', 'open').where('b.status', 'interested').select('r.*');
  }

  // ---- holds ----

  async insertHold(h: Omit<Hold, 'id' | 'status' | 'endedAt' | 'endReason'>): Promise<void> {
    await this.db(TABLES.holds).insert({
      brief_id: h.briefId,
      request_id: h.requestId,
      supplier_id: h.supplierId,
      space_id: h.spaceId,
      start_date: h.startDate,
      end_date: h.endDate,
      created_at: h.createdAt,
      expires_at: h.expiresAt,
      status: 'active',
    });
  }

  async holdsOfBrief(briefId: number): Promise<Hold[]> {
    return ((await this.db(TABLES.holds).where({ brief_id: briefId }).orderBy('id')) as Row[]).map(toHold);
  }

  async activeHoldsOfSuppliers(supplierIds: string[]): Promise<Hold[]> {
    if (supplierIds.length === 0) return [];
    return ((await this.db(TABLES.holds).whereIn('supplier_id', supplierIds).where({ status: 'active' }).orderBy('start_date')) as Row[]).map(toHold);
  }

  /**
   * Every hold that blocks at `now` (matching reads these): active, not expired, and of a brief
   * still alive (a lost or cancelled brief's holds stop blocking at once, before any job ends them).
   */
  async activeHolds(now: Date): Promise<ActiveHold[]> {
    const rows = (await this.db(`${TABLES.holds} as h`)
      .join(`${TABLES.briefs} as b`, 'b.id', 'h.brief_id')
      .where('h.status', 'active')
      .where('h.expires_at', '>', now.toISOString())
      .whereNotIn('b.status', ['lost', 'cancelled'])
      .select('h.*')) as Row[];
    return rows.map((r) => { const h = toHold(r); return { briefId: h.briefId, supplierId: h.supplierId, spaceId: h.spaceId, startDate: h.startDate, endDate: h.endDate }; });
  }

  /** Active → booked | released | expired for a brief's holds; answers the holds ended now. */
  async endHoldsOfBrief(briefId: number, status: 'booked' | 'released' | 'expired', reason: string, at: Date): Promise<Hold[]> {
    const active = ((await this.db(TABLES.holds).where({ brief_id: briefId, status: 'active' })) as Row[]).map(toHold);
    const ended: Hold[] = [];
    for (const h of active) {
      const n = await this.db(TABLES.holds).where({ id: h.id, status: 'active' }).update({ status, ended_at: at.toISOString(), end_reason: reason });
      if (n === 1) ended.push(h);
    }
    return ended;
  }

  /** Briefs lost or cancelled that still have active holds (the watch releases them). */
  async closedBriefsWithHolds(limit = 200): Promise<Array<{ briefId: number; status: string }>> {
    const rows = (await this.db(`${TABLES.holds} as h`)
      .join(`${TABLES.briefs} as b`, 'b.id', 'h.brief_id')
      .where('h.status', 'active')
      .whereIn('b.status', ['lost', 'cancelled'])
      .distinct('h.brief_id', 'b.status')
      .limit(limit)) as Array<{ brief_id: number; status: string }>;
    return rows.map((r) => ({ briefId: Number(r.brief_id), status: r.status }));
  }

  async expireHold(id: number, at: Date): Promise<boolean> {
    return (await this.db(TABLES.holds).where({ id, status: 'active' }).where('expires_at', '<=', at.toISOString()).update({ status: 'expired', ended_at: at.toISOString(), end_reason: 'expired' })) === 1;
  }

  async expiredActiveHolds(now: Date, limit = 200): Promise<Hold[]> {
    return ((await this.db(TABLES.holds).where({ status: 'active' }).where('expires_at', '<=', now.toISOString()).orderBy('id').limit(limit)) as Row[]).map(toHold);
  }

  // ---- the brief's exclusion list (§9.4) ----

  async excludedVenues(briefId: number): Promise<string[]> {
    const row = (await this.db(TABLES.briefs).where({ id: briefId }).first('excluded_venues')) as { excluded_venues: string | null } | undefined;
    if (!row?.excluded_venues) return [];
    try {
      const v = JSON.parse(row.excluded_venues) as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  async excludeVenue(briefId: number, supplierId: string): Promise<void> {
    const current = await this.excludedVenues(briefId);
    if (current.includes(supplierId)) return;
    await this.db(TABLES.briefs).where({ id: briefId }).update({ excluded_venues: JSON.stringify([...current, supplierId]) });
  }
}
