import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../platform/clock';
import { ForbiddenError, UnauthorizedError } from '../platform/errors';
import type { StaffRole, StaffStore, StaffUser } from './staff-store';
import { SESSION_TTL_MS } from './sign-in-service';
import { sameSecret, sha256Hex } from './tokens';

/** Plain-HTTP development keeps the bare name; behind HTTPS the cookie is __Host- bound (SPEC §11). */
export const SESSION_COOKIE = 'pce_session';
export const SECURE_SESSION_COOKIE = '__Host-pce_session';

/** Set by createApp from PUBLIC_URL: https means Secure, __Host- cookies everywhere. */
export const secureCookies = (req: Request): boolean => req.app.locals.secureCookies === true;

export const sessionCookieName = (req: Request): string => (secureCookies(req) ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

export function readCookie(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Secure whenever PUBLIC_URL is https (whatever hop the request came through), or when the
 * request itself is (req.secure honours TRUST_PROXY); plain-HTTP development must still work.
 */
export function cookieOptions(req: Request, maxAgeMs: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies(req) || req.secure, path: '/', maxAge: maxAgeMs };
}

export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(sessionCookieName(req), sessionId, cookieOptions(req, SESSION_TTL_MS));
}

export function clearSessionCookie(req: Request, res: Response): void {
  const { maxAge: _ignored, ...options } = cookieOptions(req, 0);
  res.clearCookie(sessionCookieName(req), options);
}

export function readSessionCookie(req: Request): string | null {
  return readCookie(req, sessionCookieName(req));
}

export function currentStaff(res: Response): StaffUser | null {
  return (res.locals.staff as StaffUser | undefined) ?? null;
}

/** Everything a page's layout needs to show who is signed in and the sign-out form. */
export function staffLocals(res: Response): { staff: StaffUser | null; csrfToken: string | null } {
  return { staff: currentStaff(res), csrfToken: (res.locals.csrfToken as string | undefined) ?? null };
}

/** Reads the session cookie into res.locals.staff / res.locals.csrfToken; never refuses by itself. */
export function loadStaff(store: StaffStore, clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const sessionId = readSessionCookie(req);
    if (sessionId) {
      const session = await store.findSession(sha256Hex(sessionId), clock.now());
      if (session) {
        res.locals.staff = session.user;
        res.locals.csrfToken = session.csrfToken;
      }
    }
    next();
  };
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.is('json') === 'json' || req.accepts(['html', 'json']) === 'json';
}

/** Signed-out page requests go to sign-in (and come back after); JSON requests get 401. */
export const requireStaff: RequestHandler = (req, res, next) => {
  if (currentStaff(res)) return next();
  if (wantsJson(req)) return next(new UnauthorizedError('sign in first'));
  const back = req.method === 'GET' ? req.originalUrl : req.baseUrl || '/venue';
  res.redirect(303, `/auth/sign-in?next=${encodeURIComponent(back)}`);
};

export function requireRole(...roles: StaffRole[]): RequestHandler {
  return (req, res, next) => {
    const staff = currentStaff(res);
    if (!staff) return requireStaff(req, res, next);
    if (!roles.includes(staff.role)) return next(new ForbiddenError('your account may not open this page'));
    next();
  };
}

export function canManageSupplier(staff: StaffUser, supplierId: string): boolean {
  return staff.role === 'hub_admin' || staff.role === 'hub_staff' || staff.supplierIds.includes(supplierId);
}

/** Venue staff reach only the suppliers they manage; hub roles reach every supplier. */
export function requireSupplierAccess(param = 'supplierId'): RequestHandler {
  return (req, res, next) => {
    const staff = currentStaff(res);
    if (!staff) return requireStaff(req, res, next);
    const supplierId = req.params[param];
    if (typeof supplierId !== 'string' || !canManageSupplier(staff, supplierId)) {
      return next(new ForbiddenError('you do not manage this supplier'));
    }
    next();
  };
}

/**
 * Synchronizer-token CSRF check for every state-changing request of a signed-in person: the
 * form's hidden `_csrf` must equal the token kept with the server-side session. Mount after
 * the body parser and loadStaff.
 */
export const verifyCsrf: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const expected = res.locals.csrfToken as string | undefined;
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!expected || typeof sent !== 'string' || !sameSecret(sent, expected)) {
    return next(new ForbiddenError('this form has expired or did not come from this site; reload the page and try again'));
  }
  next();
};
