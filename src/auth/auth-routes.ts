import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type IORedis from 'ioredis';
import type { PageRenderer } from '../i18n/views';
import type { StaffStore } from './staff-store';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { errorFields } from '../platform/logger';
import { redisRateLimit } from '../platform/rate-limit';
import { fromOwnPage } from '../platform/same-origin';
import { checkSignInLink, confirmSignInLink, requestSignInLink, safeNextPath, signOut, type SignInDeps } from './sign-in-service';
import { clearSessionCookie, cookieOptions, currentStaff, loadStaff, readCookie, readSessionCookie, secureCookies, setSessionCookie, staffLocals, verifyCsrf } from './staff-middleware';
import { macOf, randomToken, sameSecret, sha256Hex } from './tokens';

export interface AuthRouteDeps {
  signIn: SignInDeps;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
  logger: Logger;
  /** Signs the pre-sign-in CSRF values (the same in every web process). */
  preSignInKey: string;
  /** Rate-limit counters (SPEC §11: shared by every web process). */
  redis: IORedis;
  redisPrefix: string;
  /** Sign-in requests per client address per 15 minutes. */
  signInRateLimit?: number;
  /** Sign-in requests per e-mail address per 15 minutes, whatever the client. */
  signInPerAddressLimit?: number;
}

/*
 * The two forms shown before anyone is signed in (ask for a link, confirm a link) have no
 * server session to hold a synchronizer token. Each gets:
 * - a cookie holding a random nonce and the server's MAC of it, so a cookie value someone else
 *   made up is refused (a page on another port of this host can set cookies for it);
 * - a form field that is the server's MAC of that nonce and of what the form does (for the
 *   confirm form: which link), so it cannot be moved to another form or link;
 * - a check that the post comes from our own page (Sec-Fetch-Site / Origin), which is what stops
 *   a page on another origin of the same host from posting the attacker's own link (login CSRF).
 * Refused posts are refused before the rate limiter counts them, so cross-site posts cannot lock
 * a person's address out.
 */
const PRE_CSRF_TTL_MS = 2 * 3600_000;
const preCookieName = (req: Request) => (secureCookies(req) ? '__Host-pce_pre_csrf' : 'pce_pre_csrf');

const LINK_MESSAGES = {
  used: { heading: 'This sign-in link has already been used', message: 'Each link works once, and a newer link replaces older ones. Ask for a new one below.' },
  expired: { heading: 'This sign-in link has expired', message: 'Links work for 30 minutes. Ask for a new one below.' },
  unknown: { heading: 'This sign-in link is not valid', message: 'It may have been copied incompletely. Ask for a new one below.' },
} as const;

/** Staff sign-in by e-mailed single-use link, server-side sessions, sign-out. */
export function authRoutes(deps: AuthRouteDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const render = (res: Response, page: string, ctx: Record<string, unknown>) => res.send(deps.pages.render(page, { ...staffLocals(res), ...ctx }));
  const key = deps.preSignInKey;

  /** The browser's nonce from its signed cookie, issuing a new one when it has none (or a forged one). */
  const nonceOf = (req: Request): string | null => {
    const [nonce, mac] = (readCookie(req, preCookieName(req)) ?? '').split('.');
    return nonce && mac && /^[A-Za-z0-9_-]{43}$/.test(nonce) && sameSecret(mac, macOf(key, 'pre-cookie', nonce)) ? nonce : null;
  };
  const issueNonce = (req: Request, res: Response): string => {
    const existing = nonceOf(req);
    if (existing) return existing;
    const nonce = randomToken();
    const options = cookieOptions(req, PRE_CSRF_TTL_MS);
    res.cookie(preCookieName(req), `${nonce}.${macOf(key, 'pre-cookie', nonce)}`, secureCookies(req) ? options : { ...options, path: '/auth' });
    return nonce;
  };
  const formToken = (nonce: string, purpose: string) => macOf(key, 'pre-form', purpose, nonce);
  const purposeOf = (req: Request) => (req.params.token ? `confirm:${sha256Hex(req.params.token as string)}` : 'sign-in');

  const forbidden = (res: Response) =>
    res.status(403).send(deps.pages.render('errors/error', { title: 'forbidden', heading: 'This form has expired or did not come from this site', message: 'Reload the page and try again.' }));
  const preSessionCheck: RequestHandler = (req, res, next) => {
    const nonce = nonceOf(req);
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (!fromOwnPage(req, deps.signIn.publicUrl) || !nonce || typeof sent !== 'string' || !sameSecret(sent, formToken(nonce, purposeOf(req)))) return forbidden(res);
    next();
  };

  const tooMany: express.RequestHandler = (_req, res) => {
    res.status(429);
    render(res, 'errors/error', { title: 'Too many requests', heading: 'Too many sign-in requests', message: 'Please wait a few minutes before asking for another link.' });
  };
  const perClient = redisRateLimit({ redis: deps.redis, prefix: `${deps.redisPrefix}:rl:sign-in:client:`, windowMs: 15 * 60_000, limit: deps.signInRateLimit ?? 10, handler: tooMany });
  const perAddress = redisRateLimit({
    redis: deps.redis,
    prefix: `${deps.redisPrefix}:rl:sign-in:address:`,
    windowMs: 15 * 60_000,
    limit: deps.signInPerAddressLimit ?? 5,
    handler: tooMany,
    keyGenerator: (req) => sha256Hex(String((req.body as Record<string, unknown> | undefined)?.email ?? '').trim().toLowerCase()),
  });

  router.use('/auth', loadStaff(deps.staff, deps.clock));

  router.get('/auth/sign-in', (req, res) => {
    const next = safeNextPath(req.query.next);
    render(res, 'auth/sign-in', { title: 'Sign in', next, preCsrf: formToken(issueNonce(req, res), 'sign-in'), signedOut: req.query.signed_out === '1' });
  });

  router.post('/auth/sign-in', form, preSessionCheck, perClient, perAddress, (req, res) => {
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const next = safeNextPath(body.next);
    if (email === '' || email.length > 254) {
      res.status(422);
      return render(res, 'auth/sign-in', { title: 'Sign in', next, preCsrf: formToken(issueNonce(req, res), 'sign-in'), error: 'Enter the e-mail address of your account.' });
    }
    // The same answer, sent before any account is looked up: neither its content nor its timing
    // may tell whether the address has an account. The link is written once it has gone.
    render(res, 'auth/link-sent', { title: 'Check your e-mail' });
    requestSignInLink(deps.signIn, email, next).catch((err) => deps.logger.error('sign-in link request failed', { ...errorFields(err) }));
  });

  router.get('/auth/link/:token', async (req, res) => {
    const state = await checkSignInLink(deps.signIn, req.params.token);
    if (state !== 'valid') {
      res.status(410);
      return render(res, 'auth/link-invalid', { title: 'Sign-in link', ...LINK_MESSAGES[state] });
    }
    // A page with a button, not a sign-in: scanners that prefetch links must not burn them.
    render(res, 'auth/confirm', { title: 'Sign in', token: req.params.token, preCsrf: formToken(issueNonce(req, res), purposeOf(req)) });
  });

  router.post('/auth/link/:token', form, preSessionCheck, async (req, res) => {
    const result = await confirmSignInLink(deps.signIn, req.params.token as string);
    if (!result.ok) {
      res.status(410);
      return render(res, 'auth/link-invalid', { title: 'Sign-in link', ...LINK_MESSAGES[result.reason] });
    }
    // Any session this browser had is dropped: the id changes at every sign-in.
    const previous = readSessionCookie(req);
    if (previous) await signOut(deps.signIn.db, previous);
    setSessionCookie(req, res, result.sessionId);
    res.redirect(303, result.nextPath ?? (result.user.role === 'venue_staff' ? '/venue' : '/hub'));
  });

  router.post('/auth/sign-out', form, (req, res, next) => {
    const sessionId = readSessionCookie(req);
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
