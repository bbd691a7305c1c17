import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { toBool, toIso, toIsoOrNull } from '../platform/db';
import { scrubAddresses, searchForms } from './retention-rules';

/**
 * The SQL of SPEC §12 across the tables that hold personal data: finding every place an
 * address appears, and the writes of anonymisation and erasure. Other stores serve the product's
 * daily work; this one serves the data subject and the retention job.
 */

export interface BriefPlace {
  id: number;
  ref: string;
  status: string;
  receivedAt: string;
  anonymisedAt: string | null;
  payload: string;
}

export interface MailPlace {
  id: number;
  briefId: number | null;
  kind: string;
  recipient: string;
  subject: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  text: string;
  html: string;
  lastError: string | null;
  dedupeKey: string;
}

export interface AuditPlace {
  id: number;
  at: string;
  actor: string;
  entity: string;
  entityKey: string;
  action: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface QuotePlace {
  id: number;
  briefId: number;
  version: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
}

export interface ProposalPlace {
  id: number;
  supplierId: string;
  status: string;
  createdAt: string;
  proposedBy: string;
  decidedBy: string | null;
  changes: string;
}

export interface StaffPlace {
  id: number;
  email: string;
  name: string;
  role: string;
  active: boolean;
  createdAt: string;
  supplierIds: string[];
  sessions: number;
  signInLinks: number;
}

export interface SupplierPlace {
  supplierId: string;
  name: string;
}

export interface RetentionCandidate {
  id: number;
  payload: string;
}

export interface PrivacyAuditEntry {
  id: number;
  at: string;
  actor: string;
  subject: string;
  action: string;
  detail: Record<string, unknown> | null;
}

const likePattern = (form: string) => `%${form.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `(lower(a) like ? escape '\' or lower(b) like ? …)` over every column and every stored form of the address. */
function mentionClause(columns: string[], email: string): [string, string[]] {
  const parts: string[] = [];
  const bindings: string[] = [];
  for (const form of searchForms(email)) {
    for (const column of columns) {
      parts.push(`lower(${column}) like ? escape '\\'`);
      bindings.push(likePattern(form));
    }
  }
  return [`(${parts.join(' or ')})`, bindings];
}

const count = (row: unknown) => Number((row as { n?: unknown } | undefined)?.n ?? 0);

export class PersonalDataStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  // ---- finding an address -------------------------------------------------------------------

  async briefsMentioning(email: string): Promise<BriefPlace[]> {
    const [clause, bindings] = mentionClause(['payload'], email);
    const rows = await this.db(TABLES.briefs).whereRaw(clause, bindings).orderBy('id').select('id', 'ref', 'status', 'received_at', 'anonymised_at', 'payload');
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as number,
      ref: (r.ref as string | null) ?? '',
      status: r.status as string,
      receivedAt: toIso(r.received_at),
      anonymisedAt: toIsoOrNull(r.anonymised_at),
      payload: r.payload as string,
    }));
  }

  /** Ids of briefs whose search text (brief_search, kept from the payload by triggers) names the address. */
  async briefSearchMentioning(email: string): Promise<number[]> {
    const [clause, bindings] = mentionClause(['text'], email);
    const rows = await this.db('brief_search').whereRaw(clause, bindings).orderBy('brief_id').select('brief_id');
    return rows.map((r: { brief_id: unknown }) => Number(r.brief_id));
  }

  async mailMentioning(email: string): Promise<MailPlace[]> {
    const [clause, bindings] = mentionClause(['recipient', 'subject', 'html', 'text', 'last_error', 'dedupe_key'], email);
    const rows = await this.db(TABLES.mailLog).whereRaw(clause, bindings).orderBy('id');
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as number,
      briefId: (r.brief_id as number | null) ?? null,
      kind: r.kind as string,
      recipient: r.recipient as string,
      subject: r.subject as string,
      status: r.status as string,
      createdAt: toIso(r.created_at),
      sentAt: toIsoOrNull(r.sent_at),
      text: r.text as string,
      html: r.html as string,
      lastError: (r.last_error as string | null) ?? null,
      dedupeKey: r.dedupe_key as string,
    }));
  }

  async auditMentioning(email: string): Promise<AuditPlace[]> {
    const [clause, bindings] = mentionClause(['actor', 'entity_key', 'old_value', 'new_value'], email);
    const rows = await this.db(TABLES.auditLog).whereRaw(clause, bindings).orderBy('id');
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as number,
      at: toIso(r.at),
      actor: r.actor as string,
      entity: r.entity as string,
      entityKey: r.entity_key as string,
      action: r.action as string,
      oldValue: (r.old_value as string | null) ?? null,
      newValue: (r.new_value as string | null) ?? null,
    }));
  }

  async quotesMentioning(email: string): Promise<QuotePlace[]> {
    const [clause, bindings] = mentionClause(['created_by', 'note'], email);
    const rows = await this.db(TABLES.quotes).whereRaw(clause, bindings).orderBy('id').select('id', 'brief_id', 'version', 'created_at', 'created_by', 'note');
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as number,
      briefId: r.brief_id as number,
      version: r.version as number,
      createdAt: toIso(r.created_at),
      createdBy: r.created_by as string,
      note: (r.note as string | null) ?? null,
    }));
  }

  /** Partner changes venue staff proposed and hub staff decided (SPEC §11): who proposed or decided. */
  async proposalsMentioning(email: string): Promise<ProposalPlace[]> {
    const [clause, bindings] = mentionClause(['proposed_by', 'decided_by', 'changes'], email);
    const rows = await this.db(TABLES.supplierProposals).whereRaw(clause, bindings).orderBy('id');
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as number,
      supplierId: r.supplier_id as string,
      status: r.status as string,
      createdAt: toIso(r.created_at),
      proposedBy: r.proposed_by as string,
      decidedBy: (r.decided_by as string | null) ?? null,
      changes: r.changes as string,
    }));
  }

  async updateProposal(proposalId: number, fields: { proposedBy: string; decidedBy: string | null; changes: string }): Promise<void> {
    await this.db(TABLES.supplierProposals).where({ id: proposalId }).update({ proposed_by: fields.proposedBy, decided_by: fields.decidedBy, changes: fields.changes });
  }

  async staffAccount(email: string): Promise<StaffPlace | null> {
    const row = await this.db(TABLES.staffUsers).whereRaw('lower(email) = ?', [email]).first();
    if (!row) return null;
    const suppliers = await this.db(TABLES.staffUserSuppliers).where({ user_id: row.id }).orderBy('supplier_id').select('supplier_id');
    const sessions = await this.db(TABLES.staffSessions).where({ user_id: row.id }).count({ n: '*' }).first();
    const links = await this.db(TABLES.loginTokens).where({ user_id: row.id }).count({ n: '*' }).first();
    return {
      id: row.id as number,
      email: row.email as string,
      name: row.name as string,
      role: row.role as string,
      active: toBool(row.active),
      createdAt: toIso(row.created_at),
      supplierIds: suppliers.map((s: { supplier_id: string }) => s.supplier_id),
      sessions: count(sessions),
      signInLinks: count(links),
    };
  }

  /** Suppliers whose business contact is this address: reported, not erased (the catalogue needs them). */
  async suppliersWithContact(email: string): Promise<SupplierPlace[]> {
    const rows = await this.db(TABLES.suppliers).whereRaw('lower(email) = ?', [email]).orderBy('supplier_id').select('supplier_id', 'name');
    return rows.map((r: { supplier_id: string; name: string }) => ({ supplierId: r.supplier_id, name: r.name }));
  }

  async refsOf(briefIds: number[]): Promise<Map<number, string>> {
    if (briefIds.length === 0) return new Map();
    const rows = await this.db(TABLES.briefs).whereIn('id', [...new Set(briefIds)]).select('id', 'ref');
    return new Map(rows.map((r: { id: number; ref: string | null }) => [r.id, r.ref ?? '']));
  }

  // ---- anonymising a brief ------------------------------------------------------------------

  /**
   * Compare-and-set: stamps anonymised_at if it is still empty. Run it first in the transaction
   * that anonymises the brief: of two workers (or a retention run and an erasure) exactly one
   * gets true, and the other leaves the brief alone.
   */
  async claimBrief(briefId: number, at: Date): Promise<boolean> {
    return (await this.db(TABLES.briefs).where({ id: briefId }).whereNull('anonymised_at').update({ anonymised_at: at.toISOString() })) === 1;
  }

  async briefPayload(briefId: number): Promise<{ payload: string; status: string } | null> {
    const row = await this.db(TABLES.briefs).where({ id: briefId }).first('payload', 'status');
    return row ? { payload: row.payload as string, status: row.status as string } : null;
  }

  async writeBriefPayload(briefId: number, payload: string): Promise<void> {
    await this.db(TABLES.briefs).where({ id: briefId }).update({ payload });
  }

  /**
   * The mail log of these briefs keeps what happened (kind, status, times, attempts) and loses
   * who it went to and what it said. An e-mail not yet sent never will be.
   */
  async scrubMailOfBriefs(briefIds: number[], at: Date): Promise<number> {
    if (briefIds.length === 0) return 0;
    const rows = await this.db(TABLES.mailLog).whereIn('brief_id', briefIds).select('id', 'status', 'last_error');
    for (const r of rows as { id: number; status: string; last_error: string | null }[]) await this.scrubMail(r, at);
    return rows.length;
  }

  /** The same for e-mails that belong to no brief (sign-in links, rate reminders) written before `before`. */
  async scrubMailWithoutBriefBefore(before: Date, at: Date): Promise<number> {
    const rows = await this.db(TABLES.mailLog).whereNull('brief_id').where('created_at', '<', before.toISOString()).whereNot({ recipient: '' }).select('id', 'status', 'last_error');
    for (const r of rows as { id: number; status: string; last_error: string | null }[]) await this.scrubMail(r, at);
    return rows.length;
  }

  async scrubMailById(mailId: number, at: Date): Promise<void> {
    const row = await this.db(TABLES.mailLog).where({ id: mailId }).first('id', 'status', 'last_error');
    if (row) await this.scrubMail(row as { id: number; status: string; last_error: string | null }, at);
  }

  private async scrubMail(r: { id: number; status: string; last_error: string | null }, at: Date): Promise<void> {
    const unsent = r.status === 'pending' || r.status === 'sending';
    await this.db(TABLES.mailLog)
      .where({ id: r.id })
      .update({
        recipient: '',
        subject: '',
        html: '',
        text: '',
        dedupe_key: `anonymised|${r.id}`,
        ...(unsent
          ? { status: 'failed', last_error: 'not sent: personal data removed', updated_at: at.toISOString() }
          : { last_error: r.last_error === null ? null : scrubAddresses(r.last_error) }),
      });
  }

  /** Staff notes on quote versions are free text addressed to the organiser. */
  async clearQuoteNotes(briefIds: number[]): Promise<void> {
    if (briefIds.length) await this.db(TABLES.quotes).whereIn('brief_id', briefIds).update({ note: null });
  }

  /**
   * Briefs not yet anonymised whose event started before `cutoff` (an event ends on or after its
   * start, so every brief due is among them), after `afterId`, in id order: the caller decides on
   * the end date in the payload and pages on by id.
   */
  async retentionCandidates(cutoff: string, afterId: number, limit: number): Promise<RetentionCandidate[]> {
    const rows = await this.db(TABLES.briefs)
      .whereNull('anonymised_at')
      .where('start_date', '<', cutoff)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .select('id', 'payload');
    return rows as RetentionCandidate[];
  }

  // ---- erasure of other places --------------------------------------------------------------

  async updateMailText(mailId: number, fields: { subject: string; html: string; text: string; lastError: string | null; dedupeKey: string }): Promise<void> {
    await this.db(TABLES.mailLog)
      .where({ id: mailId })
      .update({ subject: fields.subject, html: fields.html, text: fields.text, last_error: fields.lastError, dedupe_key: fields.dedupeKey });
  }

  async updateAudit(auditId: number, fields: { actor: string; entityKey: string; oldValue: string | null; newValue: string | null }): Promise<void> {
    await this.db(TABLES.auditLog)
      .where({ id: auditId })
      .update({ actor: fields.actor, entity_key: fields.entityKey, old_value: fields.oldValue, new_value: fields.newValue });
  }

  async updateQuote(quoteId: number, fields: { createdBy: string; note: string | null }): Promise<void> {
    await this.db(TABLES.quotes).where({ id: quoteId }).update({ created_by: fields.createdBy, note: fields.note });
  }

  /** The account stays (its id is in the history) but names nobody and can never sign in again. */
  async anonymiseStaff(userId: number): Promise<void> {
    await this.db(TABLES.staffUsers).where({ id: userId }).update({ email: `anonymised+staff-${userId}@invalid`, name: 'anonymised', active: false });
    await this.db(TABLES.staffSessions).where({ user_id: userId }).delete();
    await this.db(TABLES.loginTokens).where({ user_id: userId }).delete();
  }

  // ---- housekeeping and the record of privacy actions ----------------------------------------

  async deleteAuditBefore(before: Date): Promise<number> {
    return this.db(TABLES.auditLog).where('at', '<', before.toISOString()).delete();
  }

  /** Written to the audit log with entity "privacy"; `subject` is never an address (a hash prefix or "retention"). */
  async recordPrivacyAction(entry: { actor: string; subject: string; action: 'access' | 'export' | 'erase' | 'anonymise'; detail: Record<string, unknown> }, at: Date): Promise<void> {
    await this.db(TABLES.auditLog).insert({
      at: at.toISOString(),
      actor: entry.actor.slice(0, 254),
      entity: 'privacy',
      entity_key: entry.subject.slice(0, 300),
      action: entry.action,
      old_value: null,
      new_value: JSON.stringify(entry.detail),
    });
  }

  async recentPrivacyActions(limit = 20): Promise<PrivacyAuditEntry[]> {
    const rows = await this.db(TABLES.auditLog).where({ entity: 'privacy' }).orderBy('id', 'desc').limit(limit);
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as number,
      at: toIso(r.at),
      actor: r.actor as string,
      subject: r.entity_key as string,
      action: r.action as string,
      detail: r.new_value ? (JSON.parse(r.new_value as string) as Record<string, unknown>) : null,
    }));
  }
}
