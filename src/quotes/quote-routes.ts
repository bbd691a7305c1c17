import express, { Router, type Request, type Response } from 'express';
import { requireBearer } from '../auth/bearer';
import { briefToApi, type QuoteService } from './quote-service';
import type { PageRenderer } from '../i18n/views';
import { AppError, NotFoundError } from '../platform/errors';
import { quoteDocument } from './quote-document';
import { briefSummary } from './quote-emails';
import { INTEREST_OPEN } from '../briefs/brief-lifecycle';
import { interestFormToken } from './interest-token';
import { bookFormToken } from '../availability/availability-service';
import { formatParis } from '../platform/clock';
import { quotePdf, quotePdfFileName } from './quote-pdf';
import { pickLanguage, t } from '../i18n/translate';
import { DEFAULT_HUB, type HubInfo } from '../i18n/hub-info';
import { languageSwitch } from '../briefs/brief-routes';
import type { Language } from '../core/brief-schema';

/**
 * A post whose Origin names another site is refused outright. `Origin: null` (what a browser sends
 * from a page with `Referrer-Policy: no-referrer`, as the quote page is) and no Origin at all are not
 * refused here: the form's anti-forgery field, bound to the quote (interest-token.ts), decides.
 */
function foreignOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  return origin !== new URL(publicUrl).origin && origin !== `${req.protocol}://${req.get('host')}`;
}

export function quoteRoutes(deps: {
  quotes: QuoteService;
  pages: PageRenderer;
  hubApiToken: string | null;
  hub?: HubInfo;
  /** SPEC §9.5: when the brief is confirmed, the page offers to book (held until …). */
  heldUntil?: (briefId: number) => Promise<string | null>;
}): Router {
  const router = Router();
  const bookContext = async (brief: { id: number; ref: string; status: string }, chosen: { rank: number; venue: { name: string } } | undefined, token: string, lang: Language) => {
    if (brief.status === 'booked') return { bookedMessage: t(lang, 'booked_message', { venue: chosen?.venue.name ?? '' }) };
    if (brief.status !== 'confirmed' || !chosen) return {};
    const until = deps.heldUntil ? await deps.heldUntil(brief.id) : null;
    return {
      bookOpen: true,
      bookFormToken: bookFormToken(token, brief.ref),
      bookLabel: t(lang, 'book_button', { rank: chosen.rank }),
      bookIntro: until ? t(lang, 'book_intro', { until: formatParis(until, lang) }) : '',
    };
  };
  const bearer = requireBearer(deps.hubApiToken);
  const hub = deps.hub ?? DEFAULT_HUB;

  router.get('/api/briefs/:ref', bearer, async (req, res) => {
    const { brief, quote } = await deps.quotes.getByRef(req.params.ref as string);
    res.json({ ...briefToApi(brief, quote), outcome: await deps.quotes.outcomeOf(brief, quote) });
  });

  router.post('/api/briefs/:ref/send', bearer, async (req, res) => {
    const sent = await deps.quotes.send(req.params.ref as string);
    const { quote } = await deps.quotes.getByRef(sent.ref);
    res.json(briefToApi(sent, quote));
  });

  const notFound = (req: Request, res: Response, lang: Language) =>
    res.status(404).send(deps.pages.render('errors/not-found', { ...languageSwitch(req, lang), title: t(lang, 'not_found_title') }));

  /** The token is the credential: never cached, never leaked to a linked site. */
  const privateHeaders = (res: Response) => res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });

  router.get('/q/:token', async (req, res) => {
    const raw = req.params.token as string;
    const wantsPdf = raw.endsWith('.pdf');
    const token = wantsPdf ? raw.slice(0, -4) : raw;
    let found;
    try {
      found = await deps.quotes.getOnline(token);
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(req, res, pickLanguage(req.query.lang, req.get('accept-language')));
      throw err;
    }
    const { brief, quote, spaceNames } = found;
    const lang = pickLanguage(req.query.lang, undefined, brief.language);
    privateHeaders(res);
    if (wantsPdf) {
      if (!quote) return notFound(req, res, lang);
      const pdf = await quotePdf(quoteDocument({ brief, quote, spaceNames, hub, lang }));
      return res
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename="${quotePdfFileName(brief.ref, lang)}"`)
        .send(pdf);
    }
    const summary = briefSummary(brief, lang);
    const doc = quote ? quoteDocument({ brief, quote, spaceNames, hub, lang }) : null;
    const options = doc ? doc.options.map((o) => ({ ...o, chosen: brief.interestRank === o.rank })) : [];
    const chosen = options.find((o) => o.chosen);
    const justRecorded = req.query.interest !== undefined && chosen !== undefined && String(req.query.interest) === String(chosen.rank);
    res.send(
      deps.pages.render('quotes/online', {
        ...languageSwitch(req, lang),
        ...summary,
        doc,
        title: t(lang, 'quote_title', { ref: brief.ref }),
        eventTitle: summary.title,
        token,
        pdfUrl: `/q/${encodeURIComponent(token)}.pdf${req.query.lang ? `?lang=${lang}` : ''}`,
        formToken: interestFormToken(token, brief.ref),
        options,
        columns: Math.min(options.length, 3),
        interestOpen: INTEREST_OPEN.includes(brief.status),
        interestMessage: chosen
          ? t(lang, justRecorded ? 'interest_recorded' : 'interest_current', { rank: chosen.rank, venue: chosen.venue.name })
          : null,
        preparingText: t(lang, 'preparing', { due: summary.dueText }),
        ...(await bookContext(brief, chosen, token, lang)),
      }),
    );
  });

  router.post('/q/:token/interest', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const token = req.params.token as string;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lang = pickLanguage(body._lang, req.get('accept-language'));
    const refuse = () =>
      res.status(403).send(
        deps.pages.render('errors/error', {
          lang,
          title: t(lang, 'interest_forbidden'),
          heading: t(lang, 'interest_forbidden'),
          message: t(lang, 'interest_forbidden_text'),
        }),
      );
    if (foreignOrigin(req, deps.quotes.publicUrl)) return refuse();
    const rank = Number(body.rank);
    if (!Number.isInteger(rank) || rank < 1) return notFound(req, res, lang);
    try {
      await deps.quotes.recordInterest(token, rank, body._form);
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(req, res, lang);
      if (err instanceof AppError && err.status === 403) return refuse();
      if (err instanceof AppError && err.status === 409) {
        return res.status(409).send(deps.pages.render('errors/error', { lang, title: t(lang, 'interest_closed'), heading: t(lang, 'interest_closed'), message: '' }));
      }
      throw err;
    }
    // Post/redirect/get: reloading the confirmation never posts again.
    res.redirect(303, `/q/${encodeURIComponent(token)}?interest=${rank}${body._lang === 'fr' || body._lang === 'en' ? `&lang=${body._lang}` : ''}#option-${rank}`);
  });

  return router;
}
