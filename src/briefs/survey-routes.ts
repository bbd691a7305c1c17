import express, { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import { pickLanguage, t } from '../i18n/translate';
import { DEFAULT_HUB, type HubInfo } from '../i18n/hub-info';
import { languageSwitch } from './brief-routes';
import type { Language } from '../core/brief-schema';
import type { StoredBrief } from './brief-store';
import { briefSummary } from '../quotes/quote-emails';
import { briefForSurveyToken, recordComment, recordScore, surveyResponse, SURVEY_COMMENT_MAX, SURVEY_SCORES } from './satisfaction-survey';

export interface SurveyRouteDeps {
  db: Knex;
  clock: Clock;
  pages: PageRenderer;
  hub?: HubInfo;
}

function parseScore(raw: unknown): number | null {
  const s = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (typeof s !== 'string' || !/^(?:10|[0-9])$/.test(s)) return null;
  return Number(s);
}

/**
 * SPEC §9.7, the organiser's satisfaction survey, reached from the e-mail without signing in:
 * GET /survey/<token>/<score> only shows the score pre-selected (mail scanners fetch links, so a GET
 * changes nothing); POST /survey/<token> records the score once; POST /survey/<token>/comment the
 * optional comment, once. A bad or voided token gets a clear page in the organiser's language.
 */
export function surveyRoutes(deps: SurveyRouteDeps): Router {
  const router = Router();
  const hub = deps.hub ?? DEFAULT_HUB;
  const body = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  const privateHeaders = (res: Response) => res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' });

  const invalid = (req: Request, res: Response, lang: Language) => {
    privateHeaders(res);
    return res.status(404).send(
      deps.pages.render('errors/error', {
        ...languageSwitch(req, lang),
        title: t(lang, 'survey_invalid_title'),
        heading: t(lang, 'survey_invalid_title'),
        message: t(lang, 'survey_invalid_text', { email: hub.email }),
      }),
    );
  };

  const show = async (
    req: Request,
    res: Response,
    brief: StoredBrief,
    token: string,
    lang: Language,
    state: { preselect?: number | null; scoreError?: string; comment?: string; commentError?: string; status?: number } = {},
  ) => {
    const response = await surveyResponse(deps.db, brief.id);
    const summary = briefSummary(brief, lang);
    privateHeaders(res);
    res.status(state.status ?? 200).send(
      deps.pages.render('survey/survey', {
        ...languageSwitch(req, lang),
        title: t(lang, 'survey_page_title', { ref: brief.ref }),
        heading: t(lang, 'survey_heading', { title: summary.title }),
        question: t(lang, 'survey_question', { hub: hub.name }),
        token,
        scores: SURVEY_SCORES.map((score) => ({ score, checked: state.preselect === score })),
        scoreError: state.scoreError ?? null,
        scored: response !== null,
        done: response !== null && response.comment !== null,
        doneText: req.query.commented === '1' ? `${t(lang, 'survey_comment_recorded')} ${t(lang, 'survey_done')}` : t(lang, 'survey_done'),
        recordedText: response ? t(lang, 'survey_recorded', { score: response.score }) : null,
        comment: state.comment ?? '',
        commentError: state.commentError ?? null,
        commentMax: SURVEY_COMMENT_MAX,
      }),
    );
  };

  /** The page's language: ?lang= or the form's _lang, else the brief's (the organiser's) language. */
  const langOf = (req: Request, brief: StoredBrief | null, posted?: unknown): Language =>
    pickLanguage(posted ?? req.query.lang, brief ? undefined : req.get('accept-language'), brief?.language ?? 'en');

  const open = async (req: Request, res: Response, preselect: number | null) => {
    const token = String(req.params.token ?? '');
    const brief = await briefForSurveyToken(deps.db, token);
    if (!brief) return invalid(req, res, langOf(req, null));
    return show(req, res, brief, token, langOf(req, brief), { preselect });
  };

  router.get('/survey/:token', (req, res) => open(req, res, null));
  router.get('/survey/:token/:score', async (req, res) => {
    const score = parseScore(req.params.score);
    if (score === null) {
      const brief = await briefForSurveyToken(deps.db, String(req.params.token ?? ''));
      return invalid(req, res, langOf(req, brief));
    }
    return open(req, res, score);
  });

  router.post('/survey/:token', body, async (req, res) => {
    const token = String(req.params.token ?? '');
    const form = (req.body ?? {}) as Record<string, unknown>;
    const brief = await briefForSurveyToken(deps.db, token);
    const lang = langOf(req, brief, form._lang);
    if (!brief) return invalid(req, res, lang);
    const score = parseScore(form.score);
    if (score === null) return show(req, res, brief, token, lang, { scoreError: t(lang, 'survey_score_error'), status: 422 });
    await recordScore(deps.db, brief.id, score, deps.clock.now());
    // Post/redirect/get: reloading the thank-you page never posts again.
    res.redirect(303, `/survey/${encodeURIComponent(token)}?lang=${lang}`);
  });

  router.post('/survey/:token/comment', body, async (req, res) => {
    const token = String(req.params.token ?? '');
    const form = (req.body ?? {}) as Record<string, unknown>;
    const brief = await briefForSurveyToken(deps.db, token);
    const lang = langOf(req, brief, form._lang);
    if (!brief) return invalid(req, res, lang);
    const raw = typeof form.comment === 'string' ? form.comment : '';
    const comment = raw.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd').trim();
    const response = await surveyResponse(deps.db, brief.id);
    if (!response || response.comment !== null) return show(req, res, brief, token, lang);
    if (comment.length === 0 || comment.length > SURVEY_COMMENT_MAX) {
      return show(req, res, brief, token, lang, { comment: raw.slice(0, SURVEY_COMMENT_MAX), commentError: t(lang, 'survey_comment_error'), status: 422 });
    }
    await recordComment(deps.db, brief.id, comment, deps.clock.now());
    res.redirect(303, `/survey/${encodeURIComponent(token)}?lang=${lang}&commented=1`);
  });

  return router;
}
