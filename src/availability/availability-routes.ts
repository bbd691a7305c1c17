import express, { Router, type Request, type Response } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import { formatParis } from '../platform/clock';
import { formatDate } from '../platform/format';
import { AppError, NotFoundError } from '../platform/errors';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, requireSupplierAccess, verifyCsrf } from '../auth/staff-middleware';
import { pickLanguage, t, type MessageKey } from '../i18n/translate';
import { languageSwitch } from '../briefs/brief-routes';
import type { Language } from '../core/brief-schema';
import { datesText } from '../quotes/quote-document';
import { DECLINE_REASONS } from './availability-store';
import { answerFormToken, type AnswerOutcome } from './availability-service';
import type { AvailabilityService, RequestPage } from './availability-links';

export interface AvailabilityRouteDeps {
  availability: AvailabilityService;
  pages: PageRenderer;
  staff: StaffStore;
  clock: Clock;
}

/** The one-click link is the credential: never cached, never leaked to a linked site. */
const privateHeaders = (res: Response) => res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });

/** A post whose Origin names another site is refused; `Origin: null` and none are left to the form token. */
function foreignOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  return origin !== new URL(publicUrl).origin && origin !== `${req.protocol}://${req.get('host')}`;
}

const OUTCOME_MESSAGES: Record<AnswerOutcome, MessageKey> = {
  confirmed: 'avail_done_confirmed',
  declined: 'avail_done_declined',
  already_confirmed: 'avail_already_confirmed',
  already_declined: 'avail_already_declined',
  withdrawn: 'avail_withdrawn',
};

export function statusMessage(page: RequestPage, lang: Language): string | null {
  const s = page.request.status;
  if (s === 'open') return null;
  return t(lang, OUTCOME_MESSAGES[s === 'confirmed' ? 'already_confirmed' : s === 'declined' ? 'already_declined' : 'withdrawn']);
}

/** What the answer page and the portal print of one request. */
export function requestView(page: RequestPage, lang: Language) {
  return {
    id: page.request.id,
    ref: page.brief.ref,
    intro: t(lang, 'avail_page_intro', { supplier: page.supplier?.name ?? page.request.supplierId, ref: page.brief.ref, rank: page.request.optionRank }),
    datesLine: page.dates ? t(lang, 'avail_dates_line', { dates: datesText(page.dates.start_date, page.dates.end_date, lang) }) : null,
    lines: page.lines.map((l) => ({ text: t(lang, 'avail_line', { description: l.description, space: l.spaceText, quantity: l.quantity, price: l.priceText, net: l.netText }) })),
    dueLine: page.request.status === 'open' ? t(lang, 'avail_due', { due: formatParis(page.request.dueAt, lang) }) : null,
    open: page.request.status === 'open',
    reasons: DECLINE_REASONS.map((value) => ({ value, label: t(lang, `avail_reason_${value}` as MessageKey) })),
  };
}

/**
 * SPEC §9.2 and §9.5, the public side: a supplier's one-click availability link (GET shows the
 * page and changes nothing, since mail scanners prefetch links; the POST, bound to the link by
 * its form token, answers), the organiser's *book* action, and the same answers in the portal.
 */
export function availabilityRoutes(deps: AvailabilityRouteDeps): Router {
  const router = Router();
  const svc = deps.availability;

  const invalid = (req: Request, res: Response, lang: Language, status = 404) =>
    res.status(status).send(
      deps.pages.render('errors/error', { ...languageSwitch(req, lang), title: t(lang, 'avail_link_invalid_title'), heading: t(lang, 'avail_link_invalid_title'), message: t(lang, 'avail_link_invalid_text') }),
    );

  const showPage = (req: Request, res: Response, token: string, page: RequestPage, lang: Language, message: string | null, status = 200) => {
    privateHeaders(res);
    res.status(status).send(
      deps.pages.render('availability/answer', {
        ...languageSwitch(req, lang),
        title: t(lang, 'avail_page_title', { ref: page.brief.ref }),
        ...requestView(page, lang),
        message: message ?? statusMessage(page, lang),
        action: `/a/${encodeURIComponent(token)}`,
        formToken: answerFormToken(token, page.request.id),
        focusConfirm: req.query.do === 'confirm',
      }),
    );
  };

  router.get('/a/:token', async (req, res) => {
    const token = req.params.token as string;
    const page = await svc.openByToken(token);
    if (!page) return invalid(req, res, pickLanguage(req.query.lang, req.get('accept-language'), 'fr'));
    showPage(req, res, token, page, pickLanguage(req.query.lang, undefined, page.lang), null);
  });

  router.post('/a/:token', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const token = req.params.token as string;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fallback = pickLanguage(body._lang, req.get('accept-language'), 'fr');
    if (foreignOrigin(req, svc.publicUrl)) return invalid(req, res, fallback, 403);
    try {
      const { outcome, page } = await svc.answerByToken(token, { action: body.action as 'confirm', reason: body.reason, comment: body.comment, form: body._form });
      const lang = pickLanguage(body._lang, undefined, page.lang);
      showPage(req, res, token, page, lang, t(lang, OUTCOME_MESSAGES[outcome]));
    } catch (err) {
      if (err instanceof NotFoundError) return invalid(req, res, fallback);
      if (err instanceof AppError && (err.status === 403 || err.status === 409)) {
        const page = await svc.openByToken(token);
        if (!page) return invalid(req, res, fallback);
        const lang = pickLanguage(body._lang, undefined, page.lang);
        return showPage(req, res, token, page, lang, t(lang, err.status === 403 ? 'avail_form_invalid' : 'avail_bad_reason'), err.status === 403 ? 403 : 422);
      }
      throw err;
    }
  });

  // The organiser books their confirmed option from the quote page (same token/form pattern as interest).
  router.post('/q/:token/book', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const token = req.params.token as string;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lang = pickLanguage(body._lang, req.get('accept-language'));
    const fail = (status: number, key: MessageKey) =>
      res.status(status).send(deps.pages.render('errors/error', { lang, title: t(lang, key), heading: t(lang, key), message: '' }));
    if (foreignOrigin(req, svc.publicUrl)) return fail(403, 'book_forbidden');
    try {
      await svc.bookFromQuote(token, body._form);
    } catch (err) {
      if (err instanceof NotFoundError) return res.status(404).send(deps.pages.render('errors/not-found', { ...languageSwitch(req, lang), title: t(lang, 'not_found_title') }));
      if (err instanceof AppError && err.status === 403) return fail(403, 'book_forbidden');
      if (err instanceof AppError && err.status === 409) return fail(409, 'book_closed');
      throw err;
    }
    res.redirect(303, `/q/${encodeURIComponent(token)}?booked=1${body._lang === 'fr' || body._lang === 'en' ? `&lang=${body._lang}` : ''}`);
  });

  // ---- the venue portal: the same answers, signed in ----
  const staffChain = [loadStaff(deps.staff, deps.clock), requireStaff, requireRole('venue_staff', 'hub_staff', 'hub_admin'), express.urlencoded({ extended: false, limit: '8kb' }), verifyCsrf];
  router.post('/venue/:supplierId/requests/:id', ...staffChain, requireSupplierAccess('supplierId'), async (req, res) => {
    const supplierId = req.params.supplierId as string;
    const id = Number(req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = `/venue/${encodeURIComponent(supplierId)}`;
    if (!Number.isInteger(id) || id < 1) throw new NotFoundError('availability request');
    try {
      const { outcome } = await svc.answerFromPortal(supplierId, id, { action: body.action as 'confirm', reason: body.reason, comment: body.comment }, currentStaff(res)!.email);
      res.redirect(303, `${back}?answered=${outcome}#requests`);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return res.redirect(303, `${back}?answered=bad_reason#requests`);
      throw err;
    }
  });

  // ---- the hub desk: a booking agreed by telephone ----
  const hubChain = [loadStaff(deps.staff, deps.clock), requireStaff, requireRole('hub_staff', 'hub_admin'), express.urlencoded({ extended: false, limit: '8kb' }), verifyCsrf];
  router.post('/hub/briefs/:ref/book', ...hubChain, async (req, res) => {
    const ref = req.params.ref as string;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const rank = Number(body.rank);
    await svc.bookByHub(ref, currentStaff(res)!.email, Number.isInteger(rank) && rank > 0 ? rank : undefined);
    res.redirect(303, `/hub/briefs/${encodeURIComponent(ref)}#availability`);
  });

  return router;
}

/** The portal's section of one supplier: requests awaiting an answer and spaces on hold. */
export async function portalAvailability(svc: AvailabilityService, supplierId: string, lang: Language, answered: unknown) {
  const { requests, holds } = await svc.portalView(supplierId);
  const answeredKey = typeof answered === 'string' && answered in OUTCOME_MESSAGES ? OUTCOME_MESSAGES[answered as AnswerOutcome] : answered === 'bad_reason' ? 'avail_bad_reason' : null;
  return {
    availabilityMessage: answeredKey ? t(lang, answeredKey) : null,
    availabilityRequests: requests.map((p) => requestView(p, lang)),
    holds: holds.map((h) => ({ text: t(lang, 'avail_hold_line', { space: h.spaceId, from: formatDate(h.startDate, lang), to: formatDate(h.endDate, lang), ref: h.ref, until: formatParis(h.expiresAt, lang) }) })),
  };
}
