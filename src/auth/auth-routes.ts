import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { PageRenderer } from '../platform/views';
import type { StaffStore } from './staff-store';
import type { Clock } from '../platform/clock';
import { checkSignInLink, confirmSignInLink, requestSignInLink, safeNextPath, signOut, type SignInDeps } from './sign-in-service';
import {
  clearSessionCookie,
  cookieOptions,
  currentStaff,
  loadStaff,
  readCookie,
  SESSION_COOKIE,
  setSessionCookie,
  staffLocals,
  verifyCsrf,
} from './staff-middleware';
import { randomToken, sameSecret } from './tokens';

export interface AuthRouteDeps {
  signIn: SignInDeps;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
  /** Sign-in requests per client address per 15 minutes. */
  signInRateLimit?: number;
}

/*
 * The two forms shown before anyone is signed in (ask for a link, confirm a link) have no
 * server session to hold a synchronizer token, so they use a double-submit cookie: a random
 * value in an HttpOnly, SameSite=Lax cookie scoped to /auth, echoed in a hidden field. A
 * cross-site page can neither read nor set that cookie, so it cannot forge the pair. This
 * stops "login CSRF" (a foreign page confirming the attacker's own link in the victim's
 * browser) and e-mail bombing through someone else's browser.
 */
const PRE_CSRF_COOKIE = 'pce_pre_csrf';
const PRE_CSRF_TTL_MS = 2 * 3600_000;

function preSessionToken(req: Request, res: Response): string {
  const existing = readCookie(req, PRE_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomToken();
  res.cookie(PRE_CSRF_COOKIE, token, { ...cookieOptions(req, PRE_CSRF_TTL_MS), path: '/auth' });
  return token;
}

function preSessionTokenOk(req: Request): boolean {
  const cookie = readCookie(req, PRE_CSRF_COOKIE);
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
  return !!cookie && typeof sent === 'string' && sameSecret(cookie, sent);
}

const LINK_MESSAGES = {
  used: { heading: 'This sign-in link has already been used', message: 'Each link works once. Ask for a new one below.' },
  expired: { heading: 'This sign-in link has expired', message: 'Links work for 30 minutes. Ask for a new one below.' },
  unknown: { heading: 'This sign-in link is not valid', message: 'It may have been copied incompletely. Ask for a new one below.' },
} as const;

/** Staff sign-in by e-mailed single-use link, server-side sessions, sign-out. */
export function authRoutes(deps: AuthRouteDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const render = (res: Response, page: string, ctx: Record<string, unknown>) => res.send(deps.pages.render(page, { ...staffLocals(res), ...ctx }));
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: deps.signInRateLimit ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429);
      render(res, 'errors/error', { title: 'Too many requests', heading: 'Too many sign-in requests', message: 'Please wait a few minutes before asking for another link.' });
    },
  });
  const forbidden = (res: Response) =>
    res.status(403).send(
      deps.pages.render('errors/error', {
        title: 'forbidden',
        heading: 'This form has expired or did not come from this site',
        message: 'Reload the page and try again.',
      }),
    );

  router.use('/auth', loadStaff(deps.staff, deps.clock));

  router.get('/auth/sign-in', (req, res) => {
    const next = safeNextPath(req.query.next);
    render(res, 'auth/sign-in', { title: 'Sign in', next, preCsrf: preSessionToken(req, res), signedOut: req.query.signed_out === '1' });
  });

  router.post('/auth/sign-in', limiter, form, async (req, res) => {
    if (!preSessionTokenOk(req)) return forbidden(res);
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const next = safeNextPath(body.next);
    if (email === '' || email.length > 254) {
      res.status(422);
      return render(res, 'auth/sign-in', { title: 'Sign in', next, preCsrf: preSessionToken(req, res), error: 'Enter the e-mail address of your account.' });
    }
    await requestSignInLink(deps.signIn, email, next);
    // The same answer whether or not an account exists: the form must not reveal who has one.
    render(res, 'auth/link-sent', { title: 'Check your e-mail' });
  });

  router.get('/auth/link/:token', async (req, res) => {
    const state = await checkSignInLink(deps.signIn, req.params.token);
    if (state !== 'valid') {
      res.status(410);
      return render(res, 'auth/link-invalid', { title: 'Sign-in link', ...LINK_MESSAGES[state] });
    }
    // A page with a button, not a sign-in: scanners that prefetch links must not burn them.
    render(res, 'auth/confirm', { title: 'Sign in', token: req.params.token, preCsrf: preSessionToken(req, res) });
  });

  router.post('/auth/link/:token', form, async (req, res) => {
    if (!preSessionTokenOk(req)) return forbidden(res);
    const result = await confirmSignInLink(deps.signIn, req.params.token);
    if (!result.ok) {
      res.status(410);
      return render(res, 'auth/link-invalid', { title: 'Sign-in link', ...LINK_MESSAGES[result.reason] });
    }
    // Any session this browser had is dropped: the id changes at every sign-in.
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) await signOut(deps.signIn.db, previous);
    setSessionCookie(req, res, result.sessionId);
    res.redirect(303, result.nextPath ?? '/venue');
  });

  router.post('/auth/sign-out', form, (req, res, next) => {
    const sessionId = readCookie(req, SESSION_COOKIE);
    if (!currentStaff(res) || !sessionId) {
      clearSessionCookie(req, res);
      return res.redirect(303, '/auth/sign-in?signed_out=1');
    }
    verifyCsrf(req, res, async (err?: unknown) => {
      if (err) return next(err);
      try {
        await signOut(deps.signIn.db, sessionId);
        clearSessionCookie(req, res);
        res.redirect(303, '/auth/sign-in?signed_out=1');
      } catch (e) {
        next(e);
      }
    });
  });

  return router;
}
