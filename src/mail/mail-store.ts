import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toIso, toIsoOrNull } from '../platform/db';

/** SPEC §7: the X-PCE-Kind values other tools rely on; no others are sent. */
export const MAIL_KINDS = [
  'brief_received',
  'draft_quote',
  'lead',
  'needs_review',
  'sla_warning',
  'sla_breach',
  'rate_reminder',
  'login_link',
  'observatory_digest',
  // SPEC §9 (issue 14): availability requests (and their reminders), the hub's overdue alert,
  // the organiser's "available and held" e-mail, the booking confirmation to suppliers.
  'availability_request',
  'supplier_overdue',
  'availability_confirmed',
  'booking_confirmed',
  // SPEC §9.6–9.7 (issue 14b)
  'request_withdrawn',
  'satisfaction_survey',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
/** `suppressed`: deliberately not sent (a link voided before sending, too many acknowledgements to one address). */
export type MailStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'suppressed';

export interface MailEntry {
  id: number;
  dedupeKey: string;
  kind: MailKind;
  recipient: string;
  briefId: number | null;
  quoteVersion: number | null;
  supplierId: string | null;
  subject: string;
  html: string;
  text: string;
  status: MailStatus;
  transport: 'smtp' | 'log' | null;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

interface MailRow {
  id: number;
  dedupe_key: string;
  kind: string;
  recipient: string;
  brief_id: number | null;
  quote_version: number | null;
  supplier_id: string | null;
  subject: string;
  html: string;
  text: string;
  status: string;
  transport: string | null;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  created_at: unknown;
  updated_at: unknown;
  sent_at: unknown;
}

function toDomain(r: MailRow): MailEntry {
  return {
    id: r.id,
    dedupeKey: r.dedupe_key,
    kind: r.kind as MailKind,
    recipient: r.recipient,
    briefId: r.brief_id,
    quoteVersion: r.quote_version,
    supplierId: r.supplier_id,
    subject: r.subject,
    html: r.html,
    text: r.text,
    status: r.status as MailStatus,
    transport: r.transport as MailEntry['transport'],
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
    sentAt: toIsoOrNull(r.sent_at),
  };
}

export interface NewMail {
  dedupeKey: string;
  kind: MailKind;
  recipient: string;
  briefId: number | null;
  quoteVersion: number | null;
  supplierId: string | null;
  subject: string;
  html: string;
  text: string;
}

/** The mail log: every e-mail is a row before it is a job, and the row is the truth about it. */
export class MailStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Inserts unless the dedupe key exists. Returns the new id, or null when this e-mail was
   * already logged (at most one send per brief, kind, recipient and quote version).
   */
  async insertOnce(mail: NewMail, at: Date): Promise<number | null> {
    return (await this.insertManyOnce([mail], at))[0]!;
  }

  /**
   * insertOnce for several e-mails in one statement: the ids in the order given, null for each
   * one already logged. ON CONFLICT DO NOTHING rather than catching a unique violation: on
   * PostgreSQL a failed insert would abort the caller's transaction.
   */
  async insertManyOnce(mails: NewMail[], at: Date): Promise<(number | null)[]> {
    if (mails.length === 0) return [];
    const rows = (await this.db(TABLES.mailLog)
      .insert(
        mails.map((mail) => ({
          dedupe_key: mail.dedupeKey,
          kind: mail.kind,
          recipient: mail.recipient,
          brief_id: mail.briefId,
          quote_version: mail.quoteVersion,
          supplier_id: mail.supplierId,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          status: 'pending',
          attempts: 0,
          created_at: at.toISOString(),
          updated_at: at.toISOString(),
        })),
      )
      .onConflict('dedupe_key')
      .ignore()
      .returning(['id', 'dedupe_key'])) as { id: number; dedupe_key: string }[];
    const ids = new Map(rows.map((r) => [r.dedupe_key, r.id]));
    return mails.map((m) => ids.get(m.dedupeKey) ?? null);
  }

  async exists(dedupeKey: string): Promise<boolean> {
    return !!(await this.db(TABLES.mailLog).where({ dedupe_key: dedupeKey }).first('id'));
  }

  async findById(id: number): Promise<MailEntry | null> {
    const row = await this.db<MailRow>(TABLES.mailLog).where({ id }).first();
    return row ? toDomain(row) : null;
  }

  /** Claims the e-mail for one attempt; false when it is already delivered or failed for good. */
  async claim(id: number, at: Date): Promise<boolean> {
    const n = await this.db(TABLES.mailLog)
      .where({ id })
      .whereIn('status', ['pending', 'sending'])
      .update({ status: 'sending', attempts: this.db.raw('attempts + 1'), updated_at: at.toISOString() });
    return n === 1;
  }

  /** last_error is kept: "delivered after 451" is part of what happened to this e-mail. */
  async markDelivered(id: number, transport: 'smtp' | 'log', messageId: string | null, at: Date): Promise<void> {
    await this.db(TABLES.mailLog)
      .where({ id })
      .update({ status: 'delivered', transport, message_id: messageId, sent_at: at.toISOString(), updated_at: at.toISOString() });
  }

  async markRetrying(id: number, error: string, at: Date): Promise<void> {
    await this.db(TABLES.mailLog).where({ id }).update({ status: 'pending', last_error: error.slice(0, 500), updated_at: at.toISOString() });
  }

  async markFailed(id: number, error: string, at: Date): Promise<void> {
    await this.db(TABLES.mailLog).where({ id }).update({ status: 'failed', last_error: error.slice(0, 500), updated_at: at.toISOString() });
  }

  /** Deliberately not sent: the reason is kept in last_error, and nobody is alerted. */
  async markSuppressed(id: number, reason: string, at: Date): Promise<void> {
    await this.db(TABLES.mailLog).where({ id }).update({ status: 'suppressed', last_error: reason.slice(0, 500), updated_at: at.toISOString() });
  }

  /** E-mails of one kind sent (or being sent) to one address since a moment, this one excluded. */
  /**
   * How many e-mails of this kind to this address, logged since `since` and before `beforeId`,
   * are sent or still on their way. Counting only earlier rows makes the answer the same
   * whichever worker asks first: the first ones of the day go, the later ones do not.
   */
  async countEarlierTo(kind: MailKind, recipient: string, since: Date, beforeId: number): Promise<number> {
    const [row] = (await this.db(TABLES.mailLog)
      .where({ kind, recipient })
      .whereIn('status', ['pending', 'sending', 'delivered'])
      .where('created_at', '>=', since.toISOString())
      .where('id', '<', beforeId)
      .count({ n: '*' })) as { n: unknown }[];
    return Number(row?.n ?? 0);
  }

  async listForBrief(briefId: number): Promise<MailEntry[]> {
    const rows = await this.db<MailRow>(TABLES.mailLog).where({ brief_id: briefId }).orderBy('id');
    return rows.map(toDomain);
  }

  /** Newest first; `beforeId` pages back through the log. */
  async listRecent(limit: number, filter: { status?: MailStatus; kind?: MailKind; beforeId?: number; briefId?: number } = {}): Promise<MailEntry[]> {
    const q = this.db<MailRow>(TABLES.mailLog).orderBy('id', 'desc').limit(limit);
    if (filter.briefId !== undefined) q.where({ brief_id: filter.briefId });
    if (filter.status) q.where({ status: filter.status });
    if (filter.kind) q.where({ kind: filter.kind });
    if (filter.beforeId) q.where('id', '<', filter.beforeId);
    return (await q).map(toDomain);
  }

  /** E-mails whose job may have been lost with Redis: the reconciler re-enqueues them. */
  async idsStuckSince(before: Date, limit = 500): Promise<number[]> {
    const rows = await this.db(TABLES.mailLog)
      .whereIn('status', ['pending', 'sending'])
      .where('updated_at', '<', before.toISOString())
      .orderBy('id')
      .limit(limit)
      .select('id');
    return rows.map((r: { id: number }) => r.id);
  }
}
