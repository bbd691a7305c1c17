import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request } from 'express';
import type IORedis from 'ioredis';
import { redisRateLimit } from '../platform/rate-limit';
import { submitBrief, type IntakeDeps } from './intake-service';
import { FORM_ALTERNATIVES, FORM_MAX_NIGHTS, formToBrief, type FormBody } from './form-to-brief';
import { formOptions } from './form-options';
import { humanFieldErrors } from './form-errors';
import { daysBetween, type Language } from '../core/brief-schema';
import { ValidationError } from '../platform/errors';
import type { PageRenderer } from '../i18n/views';
import type { BriefStore } from './brief-store';
import { parisDate, formatParis } from '../platform/clock';
import { PROJECT_ROOT } from '../platform/paths';
import { pickLanguage, t } from '../i18n/translate';
import type { HubInfo } from '../i18n/hub-info';

export interface BriefRouteDeps {
  intake: IntakeDeps;
  pages: PageRenderer;
  briefs: BriefStore;
  publicUrl: string;
  intakeRateLimit: number;
  /** Where the intake counters live, shared by every web process (SPEC §11). */
  redis: IORedis;
  redisPrefix: string;
  hub?: HubInfo;
}

/** The language switch of an organiser's page: the same address in the other language. */
export function languageSwitch(req: Request, lang: Language) {
  const other: Language = lang === 'fr' ? 'en' : 'fr';
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('lang', other);
  return { lang, switchLang: other, switchUrl: `${url.pathname}${url.search}` };
}

/** Public intake: the JSON API and the web form, both through submitBrief. */
const valueOf = (values: FormBody, name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '');
};

/**
 * The form's list rows (SPEC §4): three alternative date pairs, and the night-by-night table, as many
 * rows as the event's nights can need (at least 7, at most 14, more when more were typed). The table
 * opens by itself when it holds values or an error, so nothing typed is ever hidden.
 */
function listRowsView(values: FormBody, errors: Record<string, string>) {
  const altRows = Array.from({ length: FORM_ALTERNATIVES }, (_, i) => ({
    n: i + 1,
    startName: `event.alternative_dates.${i}.start_date`,
    endName: `event.alternative_dates.${i}.end_date`,
  }));
  const start = valueOf(values, 'event.start_date');
  const end = valueOf(values, 'event.end_date');
  const days = /^\d{4}-\d{2}-\d{2}$/.test(start) && /^\d{4}-\d{2}-\d{2}$/.test(end) ? daysBetween(start, end) + 1 : 0;
  let typed = 0;
  for (let i = 0; i < FORM_MAX_NIGHTS; i++) {
    if (valueOf(values, `accommodation.per_night.${i}.single_rooms`).trim() || valueOf(values, `accommodation.per_night.${i}.double_rooms`).trim()) typed = i + 1;
  }
  const rows = Math.min(FORM_MAX_NIGHTS, Math.max(7, typed, days > 0 && days <= FORM_MAX_NIGHTS ? days : 0));
  const nightRows = Array.from({ length: rows }, (_, i) => {
    const singleName = `accommodation.per_night.${i}.single_rooms`;
    const doubleName = `accommodation.per_night.${i}.double_rooms`;
    return {
      n: i + 1,
      singleName,
      doubleName,
      singleValue: valueOf(values, singleName),
      doubleValue: valueOf(values, doubleName),
      singleError: errors[singleName] ?? null,
      doubleError: errors[doubleName] ?? null,
      error: Boolean(errors[singleName] || errors[doubleName]),
    };
  });
  const perNightOpen = typed > 0 || Object.keys(errors).some((f) => f.startsWith('accommodation.per_night'));
  return { altRows, nightRows, perNightOpen };
}

export function briefRoutes(deps: BriefRouteDeps): Router {
  const router = Router();
  const limiter = redisRateLimit({
    redis: deps.redis,
    prefix: `${deps.redisPrefix}:rl:intake:`,
    windowMs: 60_000,
    limit: deps.intakeRateLimit,
    message: { errors: [{ field: '(request)', message: 'too many briefs from this address; try again in a minute' }] },
  });
  const favicon = readFileSync(path.join(PROJECT_ROOT, 'static', 'favicon.svg'));

  router.get(['/favicon.svg', '/favicon.ico'], (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('image/svg+xml').send(favicon);
  });

  router.post('/api/briefs', limiter, express.json({ limit: '64kb' }), async (req, res) => {
    const stored = await submitBrief(deps.intake, req.body);
    res.status(201).json({ ref: stored.ref, status: stored.status, sla_due_at: stored.slaDueAt });
  });

  const renderForm = (req: Request, lang: Language, values: FormBody, errors: { field: string; message: string }[] = []) => {
    const errorOf = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    return deps.pages.render('briefs/new', {
      ...listRowsView(values, errorOf),
      ...languageSwitch(req, lang),
      title: t(lang, 'form_title'),
      script: 'brief-form.js',
      options: formOptions(lang),
      today: parisDate(deps.intake.clock.now()),
      values,
      errors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      errorList: errors.length ? errors : null,
      errorHeading: errors.length === 1 ? t(lang, 'form_errors_one') : t(lang, 'form_errors_many', { count: errors.length }),
      retentionMonths: deps.hub?.retentionMonths ?? 36,
    });
  };

  router.get('/briefs/new', (req, res) => {
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    res.set('Vary', 'Accept-Language');
    res.send(renderForm(req, lang, { 'organiser.language': lang, 'event.type': 'seminar', 'event.layout': 'theatre' }));
  });

  router.post('/briefs', limiter, express.urlencoded({ extended: false, limit: '64kb' }), async (req, res) => {
    const body = (req.body ?? {}) as FormBody;
    const lang = pickLanguage(body._lang, req.get('accept-language'));
    try {
      const stored = await submitBrief(deps.intake, formToBrief(body));
      res.redirect(303, `/briefs/received/${stored.publicToken}?lang=${lang}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).send(renderForm(req, lang, body, humanFieldErrors(err.errors, lang)));
    }
  });

  router.get('/briefs/received/:token', async (req, res) => {
    const stored = await deps.briefs.findByPublicToken(req.params.token);
    const lang = pickLanguage(req.query.lang, req.get('accept-language'), stored?.language);
    if (!stored) return res.status(404).send(deps.pages.render('errors/not-found', { ...languageSwitch(req, lang), title: t(lang, 'not_found_title') }));
    res.set('Referrer-Policy', 'no-referrer'); // the address holds the brief's token
    res.send(
      deps.pages.render('briefs/received', {
        ...languageSwitch(req, lang),
        title: t(lang, 'received_title', { ref: stored.ref }),
        ref: stored.ref,
        dueText: formatParis(stored.slaDueAt, lang),
        quoteUrl: `${deps.publicUrl}/q/${req.params.token}`,
      }),
    );
  });

  return router;
}
