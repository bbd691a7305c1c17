import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { randomToken, sha256Hex } from '../platform/secrets';
import { toBool, toIso } from '../platform/db';

export const STAFF_ROLES = ['venue_staff', 'hub_staff', 'hub_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  /** The suppliers a venue_staff member manages; hub roles see every supplier regardless. */
  supplierIds: string[];
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  supplierIds: string[];
}

export interface LoginToken {
  userId: number;
  nextPath: string | null;
  expiresAt: string;
  usedAt: string | null;
}

export interface StaffSession {
  user: StaffUser;
  csrfToken: string;
  expiresAt: string;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: string;
  active: unknown;
  created_at: unknown;
}

interface TokenRow {
  token_hash: string;
  user_id: number;
  next_path: string | null;
  expires_at: unknown;
  used_at: unknown;
}

/** E-mail addresses are compared lowercased: people type them in any case. */
const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Staff accounts, their supplier scope, sign-in links and sessions. Links and sessions are
 * stored only as SHA-256 hashes: a leaked database dump cannot sign anybody in.
 */
export interface StaffListEntry {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  createdAt: string;
  supplierIds: string[];
}

export class StaffStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async createUser(user: NewStaffUser, now: Date): Promise<StaffUser> {
    const [row] = await this.db(TABLES.staffUsers)
      .insert({ email: normaliseEmail(user.email), name: user.name, role: user.role, active: true, created_at: now.toISOString() })
      .returning('id');
    const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
    await this.setSuppliers(id, user.supplierIds);
    return (await this.findById(id))!;
  }

  async setSuppliers(userId: number, supplierIds: string[]): Promise<void> {
    await this.db(TABLES.staffUserSuppliers).where({ user_id: userId }).delete();
    const unique = [...new Set(supplierIds)];
    if (unique.length) await this.db(TABLES.staffUserSuppliers).insert(unique.map((supplier_id) => ({ user_id: userId, supplier_id })));
  }

  async findById(id: number): Promise<StaffUser | null> {
    const row = await this.db<UserRow>(TABLES.staffUsers).where({ id }).first();
    return row ? this.withSuppliers(row) : null;
  }

  async findByEmail(email: string): Promise<StaffUser | null> {
    const row = await this.db<UserRow>(TABLES.staffUsers).where({ email: normaliseEmail(email) }).first();
    return row ? this.withSuppliers(row) : null;
  }

  async addLoginToken(tokenHash: string, userId: number, nextPath: string | null, expiresAt: Date): Promise<void> {
    await this.db(TABLES.loginTokens).insert({ token_hash: tokenHash, user_id: userId, next_path: nextPath, expires_at: expiresAt.toISOString(), used_at: null });
  }

  /**
   * A sign-in link for the e-mail `mailId`, not yet usable: its hash is of a value nobody
   * knows. The link's real token is minted when the e-mail is sent (mintLoginTokenForMail).
   */
  async addLoginTokenForMail(mailId: number, userId: number, nextPath: string | null, expiresAt: Date): Promise<void> {
    await this.db(TABLES.loginTokens).insert({ token_hash: sha256Hex(randomToken()), user_id: userId, next_path: nextPath, expires_at: expiresAt.toISOString(), used_at: null, mail_id: mailId });
  }

  /** Gives the e-mail's link a new token (voiding any earlier one); false when the link is used, voided or expired. */
  async mintLoginTokenForMail(mailId: number, tokenHash: string, now: Date): Promise<boolean> {
    const n = await this.db(TABLES.loginTokens)
      .where({ mail_id: mailId })
      .whereNull('used_at')
      .where('expires_at', '>', now.toISOString())
      .update({ token_hash: tokenHash });
    return n >= 1;
  }

  /** SPEC §11: a new sign-in link voids the person's older unused ones. */
  async voidUnusedLoginTokens(userId: number, now: Date): Promise<void> {
    await this.db(TABLES.loginTokens).where({ user_id: userId }).whereNull('used_at').update({ used_at: now.toISOString() });
  }

  async findLoginToken(tokenHash: string): Promise<LoginToken | null> {
    const row = await this.db<TokenRow>(TABLES.loginTokens).where({ token_hash: tokenHash }).first();
    if (!row) return null;
    return { userId: row.user_id, nextPath: row.next_path, expiresAt: toIso(row.expires_at), usedAt: row.used_at ? toIso(row.used_at) : null };
  }

  /**
   * Marks the link used if it is still unused and unexpired. One conditional UPDATE: of two
   * concurrent confirmations exactly one sees a changed row, so a link signs in only once.
   */
  async consumeLoginToken(tokenHash: string, now: Date): Promise<boolean> {
    const n = await this.db(TABLES.loginTokens)
      .where({ token_hash: tokenHash })
      .whereNull('used_at')
      .where('expires_at', '>', now.toISOString())
      .update({ used_at: now.toISOString() });
    return n === 1;
  }

  async createSession(sessionHash: string, userId: number, csrfToken: string, now: Date, expiresAt: Date): Promise<void> {
    await this.db(TABLES.staffSessions).insert({
      session_hash: sessionHash,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
  }

  /** The live session and its (active) user, or null when unknown, expired or the account is disabled. */
  async findSession(sessionHash: string, now: Date): Promise<StaffSession | null> {
    const row = await this.db(TABLES.staffSessions)
      .where({ session_hash: sessionHash })
      .where('expires_at', '>', now.toISOString())
      .first('user_id', 'csrf_token', 'expires_at');
    if (!row) return null;
    const user = await this.findById(row.user_id as number);
    if (!user || !user.active) return null;
    return { user, csrfToken: row.csrf_token as string, expiresAt: toIso(row.expires_at) };
  }

  async deleteSession(sessionHash: string): Promise<void> {
    await this.db(TABLES.staffSessions).where({ session_hash: sessionHash }).delete();
  }

  /** The active venue staff who manage one supplier: whom a rate reminder can sign straight in. */
  async activeVenueStaffFor(supplierId: string): Promise<StaffUser[]> {
    const rows = await this.db<UserRow>(TABLES.staffUsers)
      .join(TABLES.staffUserSuppliers, `${TABLES.staffUserSuppliers}.user_id`, `${TABLES.staffUsers}.id`)
      .where(`${TABLES.staffUserSuppliers}.supplier_id`, supplierId)
      .where(`${TABLES.staffUsers}.role`, 'venue_staff')
      .where(`${TABLES.staffUsers}.active`, true)
      .orderBy(`${TABLES.staffUsers}.id`)
      .select(`${TABLES.staffUsers}.*`);
    return Promise.all(rows.map((r) => this.withSuppliers(r)));
  }

  /** Housekeeping: expired sessions and links are useless; removing them keeps the tables small. */
  async deleteExpired(now: Date): Promise<void> {
    await this.db(TABLES.staffSessions).where('expires_at', '<=', now.toISOString()).delete();
    await this.db(TABLES.loginTokens).where('expires_at', '<=', now.toISOString()).delete();
  }

  /** Every staff member with their suppliers, active first then by e-mail: user administration. */
  async list(): Promise<StaffListEntry[]> {
    const rows = await this.db(TABLES.staffUsers).orderBy([{ column: 'active', order: 'desc' }, { column: 'email' }]).select('id', 'email', 'name', 'role', 'active', 'created_at');
    const links = await this.db(TABLES.staffUserSuppliers).orderBy('supplier_id').select('user_id', 'supplier_id');
    return rows.map((r: { id: number; email: string; name: string; role: string; active: unknown; created_at: unknown }) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role as StaffRole,
      active: toBool(r.active),
      createdAt: toIso(r.created_at),
      supplierIds: links.filter((l: { user_id: number }) => l.user_id === r.id).map((l: { supplier_id: string }) => l.supplier_id),
    }));
  }

  /** Returns false when the user does not exist. */
  async setActive(userId: number, active: boolean): Promise<boolean> {
    return (await this.db(TABLES.staffUsers).where({ id: userId }).update({ active })) === 1;
  }

  /** Signs the person out everywhere and voids their unused sign-in links. */
  async endAccess(userId: number, now: Date): Promise<void> {
    await this.db(TABLES.staffSessions).where({ user_id: userId }).delete();
    await this.db(TABLES.loginTokens).where({ user_id: userId }).whereNull('used_at').update({ used_at: now.toISOString() });
  }

  private async withSuppliers(row: UserRow): Promise<StaffUser> {
    const links = await this.db(TABLES.staffUserSuppliers).where({ user_id: row.id }).orderBy('supplier_id').select('supplier_id');
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role as StaffRole,
      active: toBool(row.active),
      supplierIds: links.map((l: { supplier_id: string }) => l.supplier_id),
    };
  }
}
