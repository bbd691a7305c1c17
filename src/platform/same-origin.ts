import type { Request } from 'express';

/**
 * Did this form post come from one of our own pages? Browsers say so twice: Sec-Fetch-Site
 * ("same-origin") and Origin. A page on another port of the same host is same-site but not
 * same-origin, and is refused. A malformed Origin is refused (never a 500); a request with
 * neither header (a non-browser client) is let through — it still needs the form's token.
 */
export function fromOwnPage(req: Request, publicUrl: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.get('origin');
  if (origin === undefined) return true;
  let parsed: string;
  try {
    parsed = new URL(origin).origin;
  } catch {
    return false;
  }
  if (parsed === 'null') return false;
  return parsed === new URL(publicUrl).origin || parsed === `${req.protocol}://${req.get('host') ?? ''}`;
}
