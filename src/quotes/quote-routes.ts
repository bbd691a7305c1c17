import { Router } from 'express';
import { requireBearer } from '../auth/bearer';
import { briefToApi, type QuoteService } from './quote-service';
import type { PageRenderer } from '../platform/views';
import { NotFoundError } from '../platform/errors';
import { optionView } from './quote-view';
import { briefSummary } from './quote-emails';

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

  router.get('/q/:token', async (req, res) => {
    let found;
    try {
      found = await deps.quotes.getByToken(req.params.token as string);
    } catch (err) {
      if (err instanceof NotFoundError) return res.status(404).send(deps.pages.render('errors/not-found', { title: 'Not found' }));
      throw err;
    }
    const { brief, quote } = found;
    const summary = briefSummary(brief);
    const lang = brief.language;
    res.set('Cache-Control', 'no-store');
    res.send(
      deps.pages.render('quotes/online', {
        ...summary,
        status: brief.status,
        version: quote?.version,
        note: quote?.note,
        options: brief.status === 'sent' || brief.status === 'accepted' ? (quote?.options ?? []).map((o) => optionView(o, lang, new Map())) : [],
      }),
    );
  });

  return router;
}
