import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import { formatParis } from '../platform/clock';
import type { FieldProblem } from '../platform/errors';
import { isEmailAddress } from '../platform/email-address';
import type { EmailRenderer } from '../mail/email-renderer';
import { dedupeKey } from '../mail/mail-service';
import { signInLinkUrl } from '../mail/redacted-links';
import { queueSignInEmail } from '../auth/sign-in-links';
import { STAFF_ROLES, type StaffListEntry, type StaffRole, type StaffUser } from '../auth/staff-store';
import type { SupplierChoice } from '../suppliers/supplier-store';
import { storesFor } from '../stores';

/** An invitation link lasts longer than a sign-in link: people do not always read mail within 30 minutes. */
export const INVITE_TTL_MS = 7 * 86_400_000;

export interface UsersServiceDeps {
  db: Knex;
  clock: Clock;
  renderer: EmailRenderer;
  publicUrl: string;
  afterCommit(): void;
}

export interface InviteInput {
  email: string;
  name: string;
  role: string;
  suppliers: string;
  /** Language of the lead e-mails of their suppliers (SPEC §7): 'fr' unless 'en' is chosen. */
  language?: string;
}

export type InviteOutcome = { ok: true; user: StaffUser } | { ok: false; errors: FieldProblem[] };

const ROLE_TEXT: Record<StaffRole, string> = { venue_staff: 'venue staff', hub_staff: 'hub staff', hub_admin: 'hub administrator' };

/** Splits "A; B, C" into supplier ids. */
export const supplierList = (raw: string) => [...new Set(raw.split(/[;,\s]+/).map((s) => s.trim()).filter(Boolean))];

/** Hub admin's user administration: list, invite by e-mailed link, deactivate and reactivate. */
export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  list(): Promise<StaffListEntry[]> {
    return storesFor(this.deps.db).staff.list();
  }

  /** The invitation's supplier search: by name, city or id. */
  searchSuppliers(term: string): Promise<SupplierChoice[]> {
    return storesFor(this.deps.db).suppliers.searchSuppliers(term);
  }

  suppliersByIds(ids: string[]): Promise<SupplierChoice[]> {
    return storesFor(this.deps.db).suppliers.suppliersByIds(ids);
  }

  async invite(invitedBy: StaffUser, input: InviteInput): Promise<InviteOutcome> {
    const errors: FieldProblem[] = [];
    const email = input.email.trim();
    const name = input.name.trim();
    const role = input.role as StaffRole;
    const suppliers = supplierList(input.suppliers);
    if (email.length > 254) errors.push({ field: 'email', message: 'an e-mail address has at most 254 characters' });
    else if (!isEmailAddress(email)) errors.push({ field: 'email', message: 'enter an e-mail address' });
    if (name === '' || name.length > 200) errors.push({ field: 'name', message: 'enter the person’s name (at most 200 characters)' });
    if (!STAFF_ROLES.includes(role)) errors.push({ field: 'role', message: `choose one of ${STAFF_ROLES.join(', ')}` });
    else if (role === 'venue_staff' && suppliers.length === 0) errors.push({ field: 'suppliers', message: 'venue staff need at least one supplier id' });
    else if (role !== 'venue_staff' && suppliers.length > 0) errors.push({ field: 'suppliers', message: 'only venue staff are scoped to suppliers (hub roles see all)' });
    const language = input.language === undefined || input.language === '' ? 'fr' : input.language;
    if (language !== 'fr' && language !== 'en') errors.push({ field: 'language', message: 'choose fr or en' });
    const now = this.deps.clock.now();
    const outcome = await this.deps.db.transaction(async (trx): Promise<InviteOutcome> => {
      const known = await storesFor(trx).suppliers.existingSupplierIds(suppliers);
      const unknown = suppliers.filter((id) => !known.has(id));
      if (unknown.length) errors.push({ field: 'suppliers', message: `unknown supplier id(s): ${unknown.join(', ')}` });
      const staff = storesFor(trx).staff;
      // Checked before inserting: on PostgreSQL a failed insert would abort the transaction.
      if (errors.every((e) => e.field !== 'email') && (await staff.findByEmail(email))) errors.push({ field: 'email', message: 'an account with this address already exists' });
      if (errors.length) return { ok: false, errors };
      const user = await staff.createUser({ email, name, role, supplierIds: suppliers }, now);
      await storesFor(trx).leadLanguages.setStaffLanguage(user.id, language as 'fr' | 'en');
      const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
      const mail = this.deps.renderer.render('invitation', 'You are invited to PCE Front Office', {
        lang: 'en',
        name: user.name,
        invitedBy: invitedBy.name,
        roleText: ROLE_TEXT[role],
        url: signInLinkUrl(this.deps.publicUrl),
        signInUrl: `${this.deps.publicUrl}/auth/sign-in`,
        expiresText: formatParis(expiresAt, 'en'),
        days: INVITE_TTL_MS / 86_400_000,
      });
      // SPEC §7 fixes the kinds: an invitation is a sign-in link.
      await queueSignInEmail(
        trx,
        { dedupeKey: dedupeKey({ kind: 'login_link', recipient: user.email, extra: `invite-${user.id}` }), kind: 'login_link', recipient: user.email, briefId: null, quoteVersion: null, supplierId: null, ...mail },
        { userId: user.id, nextPath: role === 'venue_staff' ? '/venue' : '/hub', expiresAt },
        now,
      );
      return { ok: true, user };
    });
    if (outcome.ok) this.deps.afterCommit();
    return outcome;
  }

  /** Deactivating ends every session and unused link of the person at once. Nobody deactivates themselves. */
  async setActive(actor: StaffUser, userId: number, active: boolean): Promise<{ ok: true } | { ok: false; error: string }> {
    if (!active && actor.id === userId) return { ok: false, error: 'you cannot deactivate your own account' };
    return this.deps.db.transaction(async (trx) => {
      const users = storesFor(trx).staff;
      if (!(await users.setActive(userId, active))) return { ok: false as const, error: 'no such user' };
      if (!active) await users.endAccess(userId, this.deps.clock.now());
      return { ok: true as const };
    });
  }
}
