import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { toIso } from '../../platform/db';
import { BRIEF_STATUSES, type BriefStatus } from '../../briefs/brief-store';
import { dialectOf, num } from './sql-dialect';
import { UNSENT_STATUSES } from './brief-board-read-model';

export const SLA_STATES = ['open', 'breached', 'met', 'late'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const BRIEF_SORTS = ['received_desc', 'received_asc', 'due_asc', 'ref_asc'] as const;
export type BriefSort = (typeof BRIEF_SORTS)[number];

/** What /hub/briefs asks for; every field already checked by the route. */
export interface BriefListQuery {
  /** Searched, case-insensitively, in the ref, organiser name, organisation, event title and notes. */
  text?: string;
  status?: BriefStatus;
  /** Received at or after / before these instants (the route turns Paris dates into them). */
  receivedFrom?: Date;
  receivedBefore?: Date;
  /** One destination city, matched exactly (case-insensitive) against the brief's destinations. */
  destination?: string;
  sla?: SlaState;
  followUpOpen?: boolean;
  sort: BriefSort;
  page: number;
  pageSize: number;
}

export interface ListedBrief {
  ref: string;
  status: string;
  title: string;
  organiserName: string;
  organisation: string | null;
  destinations: string[];
  attendees: number;
  receivedAt: string;
  slaDueAt: string;
  sentAt: string | null;
  followUpOpen: boolean;
}

export interface BriefListPage {
  briefs: ListedBrief[];
  total: number;
  page: number;
  pages: number;
}

interface ListRow {
  ref: string | null;
  status: string;
  title: string | null;
  organiser_name: string | null;
  organisation: string | null;
  destinations: string | null;
  attendees: unknown;
  received_at: unknown;
  sla_due_at: unknown;
  sent_at: unknown;
  follow_up_open: unknown;
}

/** `%…%` for LIKE … ESCAPE '\', the user's text taken literally. */
function likeTerm(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function parseList(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Every brief, for the hub's "All briefs" list: filters, sort and pagination all in SQL on either
 * engine. The text search reads brief_search, the searched fields only (so an e-mail address or a
 * phone number never matches), not the JSON payload. SQLite's lower() and LIKE fold ASCII only:
 * "é" and "É" differ there, not on PostgreSQL.
 */
export class BriefListReadModel {
  constructor(private readonly db: Knex) {}

  async list(query: BriefListQuery, now: Date): Promise<BriefListPage> {
    const d = dialectOf(this.db);
    // SQLite's LIKE already ignores ASCII case; PostgreSQL's ILIKE ignores case fully.
    const like = (expr: string) => (d.sqlite ? `${expr} like ? escape '\\'` : `${expr} ilike ? escape '\\'`);
    const at = now.toISOString();
    const filtered = () => {
      const q = this.db(TABLES.briefs);
      if (query.status) q.where('status', query.status);
      if (query.receivedFrom) q.where('received_at', '>=', query.receivedFrom.toISOString());
      if (query.receivedBefore) q.where('received_at', '<', query.receivedBefore.toISOString());
      if (query.followUpOpen !== undefined) q.where('follow_up_open', query.followUpOpen);
      if (query.sla === 'open') q.whereIn('status', UNSENT_STATUSES).where('sla_due_at', '>', at);
      if (query.sla === 'breached') q.whereIn('status', UNSENT_STATUSES).where('sla_due_at', '<=', at);
      if (query.sla === 'met') q.whereNotNull('sent_at').whereRaw('sent_at <= sla_due_at');
      if (query.sla === 'late') q.whereNotNull('sent_at').whereRaw('sent_at > sla_due_at');
      if (query.destination) {
        const city = query.destination.toLowerCase();
        // The quoted city must appear in the payload before the array is unpacked.
        q.whereRaw(like('payload'), [likeTerm(JSON.stringify(city))]);
        q.whereRaw(
          d.sqlite
            ? `exists (select 1 from json_each(payload, '$.destinations') as dest where lower(dest.value) = ?)`
            : `exists (select 1 from json_array_elements_text(payload::json -> 'destinations') as dest(value) where lower(dest.value) = ?)`,
          [city],
        );
      }
      const text = query.text?.trim().toLowerCase();
      // brief_search (kept by triggers, see its migration) holds the searched fields' text, lower-cased.
      // Both sides are lower-case already: a plain LIKE (cheaper than ILIKE on PostgreSQL).
      if (text) q.whereIn('id', this.db('brief_search').select('brief_id').whereRaw(`text like ? escape '\\'`, [likeTerm(text)]));
      return q;
    };

    const [countRow] = (await filtered().count({ n: '*' })) as { n: unknown }[];
    const total = num(countRow?.n);
    const pages = Math.max(1, Math.ceil(total / query.pageSize));
    const page = Math.min(Math.max(1, query.page), pages);
    // Two steps: the page's ids first (filter, sort and offset read only indexed columns), then the
    // 25 rows' JSON fields; otherwise the engine extracts them from every match before sorting.
    const ids = filtered().select('id');
    if (query.sort === 'received_asc') ids.orderBy([{ column: 'received_at', order: 'asc' }, { column: 'id', order: 'asc' }]);
    else if (query.sort === 'due_asc') ids.orderBy([{ column: 'sla_due_at', order: 'asc' }, { column: 'id', order: 'asc' }]);
    else if (query.sort === 'ref_asc') ids.orderBy([{ column: 'ref', order: 'asc' }, { column: 'id', order: 'asc' }]);
    else ids.orderBy([{ column: 'received_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
    const pageIds = ((await ids.limit(query.pageSize).offset((page - 1) * query.pageSize)) as { id: unknown }[]).map((r) => num(r.id));
    const found = pageIds.length === 0 ? [] : ((await this.db(TABLES.briefs).whereIn('id', pageIds).select(
      'id',
      'ref',
      'status',
      'attendees',
      'received_at',
      'sla_due_at',
      'sent_at',
      'follow_up_open',
      this.db.raw(`${d.jsonText('payload', ['event', 'title'])} as title`),
      this.db.raw(`${d.jsonText('payload', ['organiser', 'name'])} as organiser_name`),
      this.db.raw(`${d.jsonText('payload', ['organiser', 'organisation'])} as organisation`),
      this.db.raw(`${d.sqlite ? "json_extract(payload, '$.destinations')" : "(payload::json -> 'destinations')::text"} as destinations`),
    )) as (ListRow & { id: unknown })[]);
    const byId = new Map(found.map((r) => [num(r.id), r]));
    const rows = pageIds.map((id) => byId.get(id)).filter((r): r is ListRow & { id: unknown } => r !== undefined);
    return {
      total,
      page,
      pages,
      briefs: rows.map((r) => ({
        ref: r.ref ?? '',
        status: r.status,
        title: r.title ?? '(untitled)',
        organiserName: r.organiser_name ?? '',
        organisation: r.organisation,
        destinations: parseList(r.destinations),
        attendees: num(r.attendees),
        receivedAt: toIso(r.received_at),
        slaDueAt: toIso(r.sla_due_at),
        sentAt: r.sent_at === null || r.sent_at === undefined ? null : toIso(r.sent_at),
        followUpOpen: r.follow_up_open === true || r.follow_up_open === 1,
      })),
    };
  }

  /** The catalogue's cities, for the destination filter's suggestions. */
  async cities(): Promise<string[]> {
    const rows = (await this.db(TABLES.suppliers).distinct('city').orderBy('city')) as { city: string }[];
    return rows.map((r) => r.city);
  }
}

export { BRIEF_STATUSES };
