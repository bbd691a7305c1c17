import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import { sha256Hex } from '../auth/tokens';
import { type MailPlace } from './personal-data-store';
import { anonymiseBrief } from './anonymise-brief';
import { ERASED, mentions, organiserEmailOf, replaceAddress } from './retention-rules';
import { storesFor } from '../stores';

export interface PrivacyDeps {
  db: Knex;
  clock: Clock;
}

/** One row where the address appears: which table, the row's key, which columns. */
export interface Place {
  table: string;
  key: string;
  columns: string[];
}

/** Everything held about one address (SPEC §12), as the JSON export and the hub page show it. */
export interface PersonalDataReport {
  email: string;
  generated_at: string;
  briefs: { ref: string; role: 'organiser' | 'mentioned'; status: string; received_at: string; anonymised_at: string | null; brief: unknown }[];
  mail_log: { id: number; ref: string | null; role: 'recipient' | 'mentioned'; kind: string; recipient: string; subject: string; status: string; created_at: string; sent_at: string | null; text: string }[];
  staff_account: { id: number; email: string; name: string; role: string; active: boolean; created_at: string; supplier_ids: string[]; sessions: number; sign_in_links: number } | null;
  audit_log: { id: number; at: string; role: 'actor' | 'mentioned'; entity: string; entity_key: string; action: string }[];
  quotes: { ref: string; version: number; role: 'author' | 'note'; created_at: string }[];
  /** Partner changes proposed or decided under this address (SPEC §11). */
  supplier_proposals: { id: number; supplier_id: string; role: 'proposed' | 'decided' | 'mentioned'; status: string; created_at: string }[];
  /** Suppliers whose business contact is this address: shown, not erased (change it in the catalogue). */
  supplier_contacts: { supplier_id: string; name: string }[];
  places: Place[];
}

export interface ErasureOutcome {
  subject: string;
  briefsAnonymised: number;
  briefsCancelled: number;
  mailsEmptied: number;
  mentionsRemoved: number;
  staffAccountErased: boolean;
  auditEntriesRewritten: number;
  quotesRewritten: number;
  proposalsRewritten: number;
  /** Not erased: the address is a supplier's business contact in the catalogue. */
  supplierContacts: string[];
}

/** What the audit log keeps instead of the address: enough to match a later request, not to read it back. */
export function auditSubject(email: string): string {
  return `sha256:${sha256Hex(email).slice(0, 12)}`;
}

const MAIL_COLUMNS = { recipient: 'recipient', subject: 'subject', html: 'html', text: 'text', lastError: 'last_error', dedupeKey: 'dedupe_key' } as const;

function mailColumns(m: MailPlace, email: string): string[] {
  return (Object.keys(MAIL_COLUMNS) as (keyof typeof MAIL_COLUMNS)[]).filter((k) => mentions(m[k], email)).map((k) => MAIL_COLUMNS[k]);
}

/** Access and erasure for hub admins (SPEC §12). `email` is always normalised (normaliseLookupEmail) by the caller. */
export class PrivacyService {
  constructor(private readonly deps: PrivacyDeps) {}

  /** The latest access and erasure actions (audit log, without addresses), for the privacy page. */
  recentActions(limit = 15) {
    return storesFor(this.deps.db).personalData.recentPrivacyActions(limit);
  }

  async find(email: string): Promise<PersonalDataReport> {
    const data = storesFor(this.deps.db).personalData;
    const [briefs, searchTexts, mails, audit, quotes, proposals, staff, suppliers] = [
      await data.briefsMentioning(email),
      await data.briefSearchMentioning(email),
      await data.mailMentioning(email),
      await data.auditMentioning(email),
      await data.quotesMentioning(email),
      await data.proposalsMentioning(email),
      await data.staffAccount(email),
      await data.suppliersWithContact(email),
    ];
    const refs = await data.refsOf([...mails.map((m) => m.briefId).filter((id): id is number => id !== null), ...quotes.map((q) => q.briefId)]);
    const places: Place[] = [
      ...briefs.map((b) => ({ table: 'briefs', key: String(b.id), columns: ['payload'] })),
      // The All briefs search text, derived from the payload by triggers: erased with it.
      ...searchTexts.map((id) => ({ table: 'brief_search', key: String(id), columns: ['text'] })),
      ...mails.map((m) => ({ table: 'mail_log', key: String(m.id), columns: mailColumns(m, email) })),
      ...audit.map((a) => ({
        table: 'audit_log',
        key: String(a.id),
        columns: (['actor', 'entityKey', 'oldValue', 'newValue'] as const).filter((k) => mentions(a[k], email)).map((k) => ({ actor: 'actor', entityKey: 'entity_key', oldValue: 'old_value', newValue: 'new_value' })[k]),
      })),
      ...quotes.map((q) => ({ table: 'quotes', key: String(q.id), columns: (['createdBy', 'note'] as const).filter((k) => mentions(q[k], email)).map((k) => (k === 'createdBy' ? 'created_by' : 'note')) })),
      ...proposals.map((p) => ({
        table: 'supplier_proposals',
        key: String(p.id),
        columns: (['proposedBy', 'decidedBy', 'changes'] as const).filter((k) => mentions(p[k], email)).map((k) => ({ proposedBy: 'proposed_by', decidedBy: 'decided_by', changes: 'changes' })[k]),
      })),
      ...(staff ? [{ table: 'staff_users', key: String(staff.id), columns: ['email'] }] : []),
      ...suppliers.map((s) => ({ table: 'suppliers', key: s.supplierId, columns: ['email'] })),
    ];
    return {
      email,
      generated_at: this.deps.clock.now().toISOString(),
      briefs: briefs.map((b) => ({
        ref: b.ref,
        role: organiserEmailOf(b.payload) === email ? 'organiser' : 'mentioned',
        status: b.status,
        received_at: b.receivedAt,
        anonymised_at: b.anonymisedAt,
        brief: JSON.parse(b.payload) as unknown,
      })),
      mail_log: mails.map((m) => ({
        id: m.id,
        ref: m.briefId === null ? null : (refs.get(m.briefId) ?? null),
        role: m.recipient.toLowerCase() === email ? 'recipient' : 'mentioned',
        kind: m.kind,
        recipient: m.recipient,
        subject: m.subject,
        status: m.status,
        created_at: m.createdAt,
        sent_at: m.sentAt,
        text: m.text,
      })),
      staff_account: staff && {
        id: staff.id,
        email: staff.email,
        name: staff.name,
        role: staff.role,
        active: staff.active,
        created_at: staff.createdAt,
        supplier_ids: staff.supplierIds,
        sessions: staff.sessions,
        sign_in_links: staff.signInLinks,
      },
      audit_log: audit.map((a) => ({ id: a.id, at: a.at, role: a.actor.toLowerCase() === email ? 'actor' : 'mentioned', entity: a.entity, entity_key: a.entityKey, action: a.action })),
      quotes: quotes.map((q) => ({ ref: refs.get(q.briefId) ?? '', version: q.version, role: q.createdBy.toLowerCase() === email ? 'author' : 'note', created_at: q.createdAt })),
      supplier_proposals: proposals.map((p) => ({
        id: p.id,
        supplier_id: p.supplierId,
        role: p.proposedBy.toLowerCase() === email ? 'proposed' : p.decidedBy?.toLowerCase() === email ? 'decided' : 'mentioned',
        status: p.status,
        created_at: p.createdAt,
      })),
      supplier_contacts: suppliers.map((s) => ({ supplier_id: s.supplierId, name: s.name })),
      places,
    };
  }

  /** Records that a hub admin looked the address up (page) or exported it (CLI), without the address. */
  async recordAccess(email: string, actor: string, action: 'access' | 'export', report: PersonalDataReport): Promise<void> {
    await storesFor(this.deps.db).personalData.recordPrivacyAction(
      { actor, subject: auditSubject(email), action, detail: { places: report.places.length, briefs: report.briefs.length, mails: report.mail_log.length, staff_account: report.staff_account ? 1 : 0 } },
      this.deps.clock.now(),
    );
  }

  /**
   * Erases the address everywhere, in one transaction: briefs it organised are anonymised as the
   * retention job does (and cancelled if still open); every other mention (another brief's notes,
   * an e-mail, the audit log, a quote's author) is replaced; a staff account under it is
   * anonymised and signed out. Figures stay. Supplier contacts are reported, not changed.
   */
  async erase(email: string, actor: string): Promise<ErasureOutcome> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (trx) => {
      const data = storesFor(trx).personalData;
      const outcome: ErasureOutcome = {
        subject: auditSubject(email),
        briefsAnonymised: 0,
        briefsCancelled: 0,
        mailsEmptied: 0,
        mentionsRemoved: 0,
        staffAccountErased: false,
        auditEntriesRewritten: 0,
        quotesRewritten: 0,
        proposalsRewritten: 0,
        supplierContacts: [],
      };
      for (const brief of await data.briefsMentioning(email)) {
        if (organiserEmailOf(brief.payload) === email) {
          const done = await anonymiseBrief(trx, brief.id, now, { cancelOpen: true });
          if (done.anonymised) outcome.briefsAnonymised += 1;
          if (done.cancelled) outcome.briefsCancelled += 1;
          outcome.mailsEmptied += done.mails;
        }
        const current = await data.briefPayload(brief.id);
        if (current && mentions(current.payload, email)) {
          await data.writeBriefPayload(brief.id, replaceAddress(current.payload, email));
          outcome.mentionsRemoved += 1;
        }
      }
      const staff = await data.staffAccount(email);
      const standIn = staff ? `staff#${staff.id}` : ERASED;
      for (const mail of await data.mailMentioning(email)) {
        if (mail.recipient.toLowerCase() === email) {
          await data.scrubMailById(mail.id, now);
          outcome.mailsEmptied += 1;
          continue;
        }
        await data.updateMailText(mail.id, {
          subject: replaceAddress(mail.subject, email),
          html: replaceAddress(mail.html, email),
          text: replaceAddress(mail.text, email),
          lastError: mail.lastError === null ? null : replaceAddress(mail.lastError, email),
          dedupeKey: mentions(mail.dedupeKey, email) ? `erased|${mail.id}` : mail.dedupeKey,
        });
        outcome.mentionsRemoved += 1;
      }
      for (const entry of await data.auditMentioning(email)) {
        await data.updateAudit(entry.id, {
          actor: entry.actor.toLowerCase() === email ? standIn : replaceAddress(entry.actor, email),
          entityKey: replaceAddress(entry.entityKey, email),
          oldValue: entry.oldValue === null ? null : replaceAddress(entry.oldValue, email),
          newValue: entry.newValue === null ? null : replaceAddress(entry.newValue, email),
        });
        outcome.auditEntriesRewritten += 1;
      }
      for (const quote of await data.quotesMentioning(email)) {
        await data.updateQuote(quote.id, {
          createdBy: quote.createdBy.toLowerCase() === email ? standIn : replaceAddress(quote.createdBy, email),
          note: quote.note === null ? null : replaceAddress(quote.note, email),
        });
        outcome.quotesRewritten += 1;
      }
      for (const proposal of await data.proposalsMentioning(email)) {
        const person = (who: string) => (who.toLowerCase() === email ? standIn : replaceAddress(who, email));
        await data.updateProposal(proposal.id, {
          proposedBy: person(proposal.proposedBy),
          decidedBy: proposal.decidedBy === null ? null : person(proposal.decidedBy),
          changes: replaceAddress(proposal.changes, email),
        });
        outcome.proposalsRewritten += 1;
      }
      if (staff) {
        await data.anonymiseStaff(staff.id);
        outcome.staffAccountErased = true;
      }
      outcome.supplierContacts = (await data.suppliersWithContact(email)).map((s) => s.supplierId);
      await data.recordPrivacyAction(
        {
          actor,
          subject: outcome.subject,
          action: 'erase',
          detail: {
            briefs_anonymised: outcome.briefsAnonymised,
            briefs_cancelled: outcome.briefsCancelled,
            mails_emptied: outcome.mailsEmptied,
            mentions_removed: outcome.mentionsRemoved,
            staff_account: outcome.staffAccountErased ? 1 : 0,
            audit_entries: outcome.auditEntriesRewritten,
            quotes: outcome.quotesRewritten,
            proposals: outcome.proposalsRewritten,
            supplier_contacts_kept: outcome.supplierContacts.length,
          },
        },
        now,
      );
      return outcome;
    });
  }
}
