import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso, toIsoOrNull } from '../platform/db';
import { type StoredBrief } from '../briefs/brief-store';
import { type StoredQuote } from '../quotes/quote-store';
import { type MailEntry } from '../mail/mail-store';
import { storesFor } from '../stores';

export interface VersionSummary {
  version: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
  sentAt: string | null;
}

export interface TimelineEvent {
  at: string;
  kind: 'received' | 'matched' | 'version' | 'sent' | 'email';
  title: string;
  detail: string | null;
  mail?: Pick<MailEntry, 'kind' | 'recipient' | 'status' | 'attempts' | 'quoteVersion' | 'sentAt' | 'lastError'>;
}

export interface DeskData {
  brief: StoredBrief;
  quote: StoredQuote | null;
  versions: VersionSummary[];
  mails: MailEntry[];
  supplierNames: Map<string, string>;
}

/** What the brief desk shows of one brief, read in a few queries; the page never writes. */
export class DeskReadModel {
  constructor(private readonly db: Knex) {}

  async load(ref: string): Promise<DeskData | null> {
    const brief = await storesFor(this.db).briefs.findByRef(ref);
    if (!brief) return null;
    const quote = await storesFor(this.db).quotes.findLatest(brief.id);
    const versionRows = await this.db(TABLES.quotes)
      .where({ brief_id: brief.id })
      .orderBy('version')
      .select('version', 'created_at', 'created_by', 'note', 'sent_at');
    const versions = versionRows.map((r: { version: number; created_at: unknown; created_by: string; note: string | null; sent_at: unknown }) => ({
      version: r.version,
      createdAt: toIso(r.created_at),
      createdBy: r.created_by,
      note: r.note,
      sentAt: toIsoOrNull(r.sent_at),
    }));
    const mails = await storesFor(this.db).mail.listForBrief(brief.id);
    const ids = [...new Set(quote ? quote.options.flatMap((o) => [o.venue.supplier_id, ...o.lines.map((l) => l.supplier_id)]) : [])];
    const names = ids.length ? await this.db(TABLES.suppliers).whereIn('supplier_id', ids).select('supplier_id', 'name') : [];
    return { brief, quote, versions, mails, supplierNames: new Map(names.map((n: { supplier_id: string; name: string }) => [n.supplier_id, n.name])) };
  }
}

/** Everything that happened to a brief, oldest first; e-mails at the time they were logged. */
export function timeline(data: DeskData): TimelineEvent[] {
  const events: TimelineEvent[] = [{ at: data.brief.receivedAt, kind: 'received', title: 'Brief received', detail: null }];
  if (data.brief.quotedAt) events.push({ at: data.brief.quotedAt, kind: 'matched', title: 'Matched and priced', detail: null });
  for (const v of data.versions) {
    events.push({ at: v.createdAt, kind: 'version', title: `Quote version ${v.version} drafted`, detail: `by ${v.createdBy}${v.note ? ' · with a note' : ''}` });
    if (v.sentAt) events.push({ at: v.sentAt, kind: 'sent', title: `Quote version ${v.version} sent`, detail: null });
  }
  for (const m of data.mails) {
    events.push({
      at: m.createdAt,
      kind: 'email',
      title: `E-mail ${m.kind}`,
      detail: null,
      mail: { kind: m.kind, recipient: m.recipient, status: m.status, attempts: m.attempts, quoteVersion: m.quoteVersion, sentAt: m.sentAt, lastError: m.lastError },
    });
  }
  // Stable: events logged in the same millisecond keep the order above (received, matched, versions, e-mails).
  return events.map((e, i) => ({ e, i })).sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i).map(({ e }) => e);
}
