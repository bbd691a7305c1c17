import express, { Router, type Request } from 'express';
import { requireBearer } from '../auth/bearer';
import { briefToApi, type QuoteService } from './quote-service';
import type { PageRenderer } from '../platform/views';
import { AppError, NotFoundError } from '../platform/errors';
import { optionView, validUntil } from './quote-view';
import { briefSummary } from './quote-emails';
import { INTEREST_OPEN } from './quote-interest';
import { t } from '../mail/i18n';
import { formatDate } from '../platform/format';

/**
 * Cross-site posting guard for the public interest form. The page has no session or cookie: the
 * unguessable token in the URL is the only credential, so a forged post would need the token anyway.
 * Still, a page elsewhere must not make a visitor's browser post on their behalf: browsers send an
 * Origin header on every cross-origin form POST, so a POST whose Origin is neither this app's public
 * URL nor the host it was addressed to is refused. No Origin (a non-browser client) is let through:
 * it cannot be the victim's browser.
 */
function sameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.get('origin');
  if (!origin) return true;
  if (origin === 'null') return false;
  return origin === new URL(publicUrl).origin || origin === `${req.protocol}://${req.get('host')}`;
}

export function quoteRoutes(deps: { quotes: QuoteService; pages: PageRenderer; hubApiToken: string | null }): Router {
  const router = Router();
  const bearer = requireBearer(deps.hubApiToken);

  router.get('/api/briefs/:ref', bearer, async (req, res) => {
    const { brief, quote } = await deps.quotes.getByRef(req.params.ref as string);
    res.json(briefToApi(brief, quote));
  });

  router.post('/api/briefs/:ref/send', bearer, async (req, res) => {
    const sent = await deps.quotes.send(req.params.ref as string);
    const { quote } = await deps.quotes.getByRef(sent.ref);
    res.json(briefToApi(sent, quote));
  });

  const notFound = (res: express.Response) => res.status(404).send(deps.pages.render('errors/not-found', { title: 'Not found' }));

  router.get('/q/:token', async (req, res) => {
    let found;
    try {
      found = await deps.quotes.getOnline(req.params.token as string);
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(res);
      throw err;
    }
    const { brief, quote, spaceNames } = found;
    const summary = briefSummary(brief);
    const lang = brief.language;
    const options = quote ? quote.options.map((o) => ({ ...optionView(o, lang, spaceNames), chosen: brief.interestRank === o.rank })) : [];
    const chosen = options.find((o) => o.chosen);
    const justRecorded = req.query.interest !== undefined && chosen !== undefined && String(req.query.interest) === String(chosen.rank);
    res.set('Cache-Control', 'no-store');
    res.set('Referrer-Policy', 'no-referrer'); // the token is the credential: never leak it to a linked site
    res.send(
      deps.pages.render('quotes/online', {
        ...summary,
        heading: t(lang, 'quote_title', { ref: brief.ref }),
        title: t(lang, 'quote_title', { ref: brief.ref }),
        eventTitle: summary.title,
        version: quote?.version,
        note: quote?.note,
        token: req.params.token,
        options,
        columns: Math.min(options.length, 3),
        interestOpen: INTEREST_OPEN.includes(brief.status),
        validUntilText: quote ? formatDate(validUntil(quote.createdAt), lang) : null,
        interestMessage: chosen
          ? t(lang, justRecorded ? 'interest_recorded' : 'interest_current', { rank: chosen.rank, venue: chosen.venue.name })
          : null,
        preparingText: t(lang, 'preparing', { due: summary.dueText }),
      }),
    );
  });

  router.post('/q/:token/interest', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    const token = req.params.token as string;
    if (!sameOrigin(req, deps.quotes.publicUrl)) {
      return res.status(403).send(deps.pages.render('errors/error', { title: 'Forbidden', heading: 'This form must be sent from our own page', message: '' }));
    }
    const rank = Number((req.body as Record<string, unknown> | undefined)?.rank);
    if (!Number.isInteger(rank) || rank < 1) return notFound(res);
    try {
      await deps.quotes.recordInterest(token, rank);
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(res);
      if (err instanceof AppError && err.status === 409) {
        return res.status(409).send(deps.pages.render('errors/error', { title: 'Closed', heading: err.message, message: '' }));
      }
      throw err;
    }
    // Post/redirect/get: reloading the confirmation never posts again.
    res.redirect(303, `/q/${encodeURIComponent(token)}?interest=${rank}#option-${rank}`);
  });

  return router;
}
