import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import { formatParis } from '../platform/clock';
import type { EmailRenderer } from '../mail/email-renderer';
import { dedupeKey } from '../mail/mail-service';
import { signInLinkUrl } from '../mail/redacted-links';
import { queueSignInEmail } from './sign-in-links';
import { type StaffUser } from './staff-store';
import { randomToken, sha256Hex } from './tokens';
import { storesFor } from '../stores';

export const LINK_TTL_MS = 30 * 60_000;
export const SESSION_TTL_MS = 12 * 3600_000;

export interface SignInDeps {
  db: Knex;
  clock: Clock;
  renderer: EmailRenderer;
  publicUrl: string;
  /** Wakes the outbox relay once the e-mail is committed. */
  afterCommit(): void;
}

export type LinkState = 'valid' | 'used' | 'expired' | 'unknown';

export type Confirmation =
  | { ok: true; sessionId: string; csrfToken: string; user: StaffUser; nextPath: string | null }
  | { ok: false; reason: Exclude<LinkState, 'valid'> };

/** Only local paths: `next` must never turn the sign-in into an open redirect. */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 300) return null;
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : null;
}

/**
 * Sends a sign-in link when the address belongs to an active account, and does nothing
 * otherwise: the caller answers the same either way, so the form does not reveal accounts.
 */
export async function requestSignInLink(deps: SignInDeps, email: string, nextPath: string | null): Promise<void> {
  const now = deps.clock.now();
  const queued = await deps.db.transaction(async (trx) => {
    const staff = storesFor(trx).staff;
    const user = await staff.findByEmail(email);
    if (!user || !user.active) return false;
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
    await staff.voidUnusedLoginTokens(user.id, now);
    const mail = deps.renderer.render('login_link', 'Your PCE Front Office sign-in link', {
      lang: 'en',
      name: user.name,
      url: signInLinkUrl(deps.publicUrl),
      expiresText: formatParis(expiresAt, 'en'),
      minutes: LINK_TTL_MS / 60_000,
    });
    return queueSignInEmail(
      trx,
      {
        // One link per e-mail: a random part makes every request its own mail-log row.
        dedupeKey: dedupeKey({ kind: 'login_link', recipient: user.email, extra: randomToken().slice(0, 32) }),
        kind: 'login_link',
        recipient: user.email,
        briefId: null,
        quoteVersion: null,
        supplierId: null,
        ...mail,
      },
      { userId: user.id, nextPath, expiresAt },
      now,
    );
  });
  if (queued) deps.afterCommit();
}

function stateOf(token: { expiresAt: string; usedAt: string | null } | null, now: Date): LinkState {
  if (!token) return 'unknown';
  if (token.usedAt) return 'used';
  return Date.parse(token.expiresAt) <= now.getTime() ? 'expired' : 'valid';
}

/** Looks without touching: the GET of a link (which mail scanners prefetch) must not burn it. */
export async function checkSignInLink(deps: SignInDeps, token: string): Promise<LinkState> {
  return stateOf(await storesFor(deps.db).staff.findLoginToken(sha256Hex(token)), deps.clock.now());
}

/** Uses the link once and opens a fresh server-side session (a new id at every sign-in). */
export async function confirmSignInLink(deps: SignInDeps, token: string): Promise<Confirmation> {
  const now = deps.clock.now();
  const tokenHash = sha256Hex(token);
  return deps.db.transaction(async (trx): Promise<Confirmation> => {
    const staff = storesFor(trx).staff;
    const found = await staff.findLoginToken(tokenHash);
    if (!(await staff.consumeLoginToken(tokenHash, now))) {
      const state = stateOf(found, now);
      return { ok: false, reason: state === 'valid' ? 'used' : state };
    }
    const user = await staff.findById(found!.userId);
    if (!user || !user.active) return { ok: false, reason: 'unknown' };
    const sessionId = randomToken();
    const csrfToken = randomToken();
    await staff.createSession(sha256Hex(sessionId), user.id, csrfToken, now, new Date(now.getTime() + SESSION_TTL_MS));
    return { ok: true, sessionId, csrfToken, user, nextPath: found!.nextPath };
  });
}

export async function signOut(db: Knex, sessionId: string): Promise<void> {
  await storesFor(db).staff.deleteSession(sha256Hex(sessionId));
}
