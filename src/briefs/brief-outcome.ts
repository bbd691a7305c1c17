import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso, toIsoOrNull } from '../platform/db';
import { statusHistory } from './brief-lifecycle';
import { surveyResponse } from './satisfaction-survey';
import type { StoredBrief } from './brief-store';
import type { StoredQuote } from '../quotes/quote-store';

/** SPEC §9.8: what became of a brief after its quote, as `outcome` in GET /api/briefs/:ref (and on the desk). */
export interface BriefOutcome {
  history: { from: string; to: string; at: string; actor: string; actor_ref: string | null; reason: string | null; comment: string | null }[];
  picked_option: { rank: number; quote_version: number | null; venue: { supplier_id: string; name: string } | null; picked_at: string | null } | null;
  requests: {
    supplier_id: string;
    role: string;
    quote_version: number;
    option_rank: number;
    status: string;
    created_at: string;
    due_at: string;
    answered_at: string | null;
    decline_reason: string | null;
    comment: string | null;
  }[];
  holds: { supplier_id: string; space_id: string; start_date: string; end_date: string; status: string; expires_at: string; ended_at: string | null; end_reason: string | null }[];
  lost_reason: string | null;
  satisfaction: { score: number; comment: string | null; answered_at: string; commented_at: string | null } | null;
}

const dateOnly = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** Reads the outcome of one brief in five short queries; `quote` is the latest version (the pick belongs to the latest sent). */
export async function loadOutcome(db: Knex | Knex.Transaction, brief: StoredBrief, quote: StoredQuote | null): Promise<BriefOutcome> {
  const history = (await statusHistory(db, brief.id)).map((e) => ({ from: e.from, to: e.to, at: e.at, actor: e.actorKind, actor_ref: e.actorRef, reason: e.reason, comment: e.comment }));
  const row = (await db(TABLES.briefs).where({ id: brief.id }).first('lost_reason', 'interest_at')) as { lost_reason: string | null; interest_at: unknown } | undefined;
  let picked: BriefOutcome['picked_option'] = null;
  if (brief.interestRank !== null) {
    const sent = (await db(`${TABLES.quotes} as q`)
      .join(`${TABLES.quoteOptions} as o`, 'o.quote_id', 'q.id')
      .leftJoin(`${TABLES.suppliers} as s`, 's.supplier_id', 'o.venue_supplier_id')
      .where('q.brief_id', brief.id)
      .whereNotNull('q.sent_at')
      .andWhere('o.rank', brief.interestRank)
      .orderBy('q.version', 'desc')
      .first('q.version', 'o.venue_supplier_id', 's.name')) as { version: number; venue_supplier_id: string; name: string | null } | undefined;
    const fallback = quote?.options.find((o) => o.rank === brief.interestRank);
    picked = {
      rank: brief.interestRank,
      quote_version: sent ? Number(sent.version) : (quote?.version ?? null),
      venue: sent ? { supplier_id: sent.venue_supplier_id, name: sent.name ?? sent.venue_supplier_id } : fallback ? { supplier_id: fallback.venue.supplier_id, name: fallback.venue.name } : null,
      picked_at: toIsoOrNull(row?.interest_at),
    };
  }
  const requests = ((await db(TABLES.availabilityRequests).where({ brief_id: brief.id }).orderBy('id')) as Record<string, unknown>[]).map((r) => ({
    supplier_id: String(r.supplier_id),
    role: String(r.role),
    quote_version: Number(r.quote_version),
    option_rank: Number(r.option_rank),
    status: String(r.status),
    created_at: toIso(r.created_at),
    due_at: toIso(r.due_at),
    answered_at: toIsoOrNull(r.answered_at),
    decline_reason: (r.decline_reason as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
  }));
  const holds = ((await db(TABLES.holds).where({ brief_id: brief.id }).orderBy('id')) as Record<string, unknown>[]).map((h) => ({
    supplier_id: String(h.supplier_id),
    space_id: String(h.space_id),
    start_date: dateOnly(h.start_date),
    end_date: dateOnly(h.end_date),
    status: String(h.status),
    expires_at: toIso(h.expires_at),
    ended_at: toIsoOrNull(h.ended_at),
    end_reason: (h.end_reason as string | null) ?? null,
  }));
  const response = await surveyResponse(db, brief.id);
  return {
    history,
    picked_option: picked,
    requests,
    holds,
    lost_reason: row?.lost_reason ?? null,
    satisfaction: response ? { score: response.score, comment: response.comment, answered_at: response.answeredAt, commented_at: response.commentedAt } : null,
  };
}
