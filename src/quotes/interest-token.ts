import { createHmac } from 'node:crypto';
import { sameSecret } from '../auth/tokens';

/**
 * The interest form's anti-forgery field. The page has no session: the unguessable link token is the
 * organiser's only credential, and the database keeps it only hashed. The form therefore carries an
 * HMAC keyed by that clear token over the brief's ref: a page elsewhere cannot compute it without the
 * link, and it does not depend on the Origin or Referer headers, which the quote page's
 * `Referrer-Policy: no-referrer` turns into `Origin: null` in real browsers.
 */
export function interestFormToken(linkToken: string, ref: string): string {
  return createHmac('sha256', linkToken).update(`interest\u0000${ref}`).digest('base64url');
}

export function isValidInterestFormToken(linkToken: string, ref: string, sent: unknown): boolean {
  return typeof sent === 'string' && sent.length > 0 && sameSecret(sent, interestFormToken(linkToken, ref));
}
