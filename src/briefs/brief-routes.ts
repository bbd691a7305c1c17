import express, { Router } from 'express';
import type IORedis from 'ioredis';
import { redisRateLimit } from '../platform/rate-limit';
import { submitBrief, type IntakeDeps } from './intake-service';
import { formToBrief, type FormBody } from './form-to-brief';
import { FORM_OPTIONS } from './form-options';
import { ValidationError } from '../platform/errors';
import type { PageRenderer } from '../platform/views';
import type { BriefStore } from './brief-store';
import { parisDate } from '../platform/clock';

export interface BriefRouteDeps {
  intake: IntakeDeps;
  pages: PageRenderer;
  briefs: BriefStore;
  publicUrl: string;
  intakeRateLimit: number;
  /** Where the intake counters live, shared by every web process (SPEC §11). */
  redis: IORedis;
  redisPrefix: string;
}

/** Public intake: the JSON API and the web form, both through submitBrief. */
export function briefRoutes(deps: BriefRouteDeps): Router {
  const router = Router();
  const limiter = redisRateLimit({
    redis: deps.redis,
    prefix: `${deps.redisPrefix}:rl:intake:`,
    windowMs: 60_000,
    limit: deps.intakeRateLimit,
    message: { errors: [{ field: '(request)', message: 'too many briefs from this address; try again in a minute' }] },
  });

  router.post('/api/briefs', limiter, express.json({ limit: '64kb' }), async (req, res) => {
    const stored = await submitBrief(deps.intake, req.body);
    res.status(201).json({ ref: stored.ref, status: stored.status, sla_due_at: stored.slaDueAt });
  });

  const renderForm = (values: FormBody, errors: { field: string; message: string }[] = []) =>
    deps.pages.render('briefs/new', {
      title: 'Send a brief',
      options: FORM_OPTIONS,
      today: parisDate(deps.intake.clock.now()),
      values,
      errors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      errorList: errors.length ? errors : null,
    });

  router.get('/briefs/new', (_req, res) => {
    res.send(renderForm({ 'organiser.language': 'en', 'event.type': 'seminar', 'event.layout': 'theatre' }));
  });

  router.post('/briefs', limiter, express.urlencoded({ extended: false, limit: '64kb' }), async (req, res) => {
    const body = (req.body ?? {}) as FormBody;
    try {
      const stored = await submitBrief(deps.intake, formToBrief(body));
      res.redirect(303, `/briefs/received/${stored.publicToken}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).send(renderForm(body, err.errors));
    }
  });

  router.get('/briefs/received/:token', async (req, res) => {
    const stored = await deps.briefs.findByPublicToken(req.params.token);
    if (!stored) return res.status(404).send(deps.pages.render('errors/not-found', { title: 'Not found' }));
    res.send(
      deps.pages.render('briefs/received', {
        title: `Brief ${stored.ref} received`,
        ref: stored.ref,
        slaDueAt: stored.slaDueAt,
        quoteUrl: `${deps.publicUrl}/q/${req.params.token}`,
      }),
    );
  });

  return router;
}
