import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso } from '../platform/db';
import type { Brief } from '../core/brief-schema';

export interface SupplierLead {
  ref: string;
  /** The brief's status now (SPEC §9's later states do not exist yet). */
  status: string;
  title: string | null;
  startDate: string;
  endDate: string;
  attendees: number;
  organiser: { name: string; organisation?: string; email: string; phone?: string };
  quoteVersion: number;
  sentAt: string;
  lineCount: number;
  netCents: number;
  /** SPEC §9.7: the organiser's score and comment, for a booked event of theirs. */
  satisfaction?: { score: number; comment: string | null } | null;
}

interface LeadRow {
  ref: string;
  status: string;
  payload: string;
  version: number;
  sent_at: unknown;
  lines: number | string;
  net: number | string;
}

/**
 * The leads routed to one supplier (SPEC §7): every brief whose sent quote has lines of theirs,
 * from the latest sent version. Read from the quote snapshot, the same data the lead e-mail had.
 */
export async function leadsForSupplier(db: Knex, supplierId: string, limit = 50): Promise<SupplierLead[]> {
  const rows = (await db(`${TABLES.quoteLines} as l`)
    .join(`${TABLES.quoteOptions} as o`, 'o.id', 'l.option_id')
    .join(`${TABLES.quotes} as q`, 'q.id', 'o.quote_id')
    .join(`${TABLES.briefs} as b`, 'b.id', 'q.brief_id')
    .where('l.supplier_id', supplierId)
    .whereNotNull('q.sent_at')
    .groupBy('b.id', 'b.ref', 'b.status', 'b.payload', 'q.version', 'q.sent_at')
    .orderBy([{ column: 'q.sent_at', order: 'desc' }, { column: 'q.version', order: 'desc' }])
    .limit(limit * 3)
    .select('b.ref', 'b.status', 'b.payload', 'q.version', 'q.sent_at', db.raw('count(l.id) as lines'), db.raw('sum(l.net_cents) as net'))) as LeadRow[];
  const seen = new Set<string>();
  const leads: SupplierLead[] = [];
  for (const r of rows) {
    if (seen.has(r.ref)) continue; // an older version of a brief already listed
    seen.add(r.ref);
    const brief = JSON.parse(r.payload) as Brief;
    leads.push({
      ref: r.ref,
      status: r.status,
      title: brief.event.title ?? null,
      startDate: brief.event.start_date,
      endDate: brief.event.end_date,
      attendees: brief.event.attendees,
      organiser: brief.organiser,
      quoteVersion: r.version,
      sentAt: toIso(r.sent_at),
      lineCount: Number(r.lines),
      netCents: Number(r.net),
    });
    if (leads.length === limit) break;
  }
  const booked = leads.filter((l) => l.status === 'booked').map((l) => l.ref);
  if (booked.length) {
    const scores = (await db(`${TABLES.satisfactionResponses} as s`)
      .join(`${TABLES.briefs} as b`, 'b.id', 's.brief_id')
      .whereIn('b.ref', booked)
      .select('b.ref', 's.score', 's.comment')) as { ref: string; score: number; comment: string | null }[];
    const byRef = new Map(scores.map((r) => [r.ref, { score: Number(r.score), comment: r.comment }]));
    for (const l of leads) l.satisfaction = byRef.get(l.ref) ?? null;
  }
  return leads;
}
