import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Services } from './services';
import { AppError, ValidationError } from './platform/errors';
import { PageRenderer } from './i18n/views';
import { PROJECT_ROOT } from './platform/paths';
import { errorFields } from './platform/logger';
import { briefRoutes } from './briefs/brief-routes';
import { briefsListRoutes } from './hub/briefs-list-routes';
import { quoteRoutes } from './quotes/quote-routes';
import { QuoteService } from './quotes/quote-service';
import { authRoutes } from './auth/auth-routes';
import { portalRoutes } from './suppliers/portal-routes';
import { AvailabilityService } from './availability/availability-links';
import { availabilityRoutes } from './availability/availability-routes';
import { PortalService } from './suppliers/portal-service';
import { dashboardRoutes } from './hub/dashboard-routes';
import { DashboardService } from './hub/dashboard-service';
import { opsRoutes } from './hub/ops-routes';
import { deskRoutes } from './hub/desk-routes';
import { mailLogRoutes } from './hub/mail-log-routes';
import { surveyRoutes } from './briefs/survey-routes';
import { DeskService } from './hub/desk-service';
import { usersRoutes } from './hub/users-routes';
import { UsersService } from './hub/users-service';
import { proposalsRoutes } from './hub/proposals-routes';
import { SupplierProposals } from './suppliers/supplier-proposals';
import { privacyRoutes } from './privacy/privacy-routes';
import { PrivacyService } from './privacy/privacy-service';
import { hubInfo } from './i18n/hub-info';
import { observatoryRoutes } from './observatory/observatory-routes';
import { ObservatoryService } from './observatory/observatory-service';

/** Everything behind a staff session, and the sign-in pages themselves. */
const STAFF_PATHS = /^\/(auth|hub|venue|observatory)(\/|$)/;

/** Pages send no inline script and load nothing from elsewhere. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function createApp(services: Services): Express {
  const app = express();
  const pages = new PageRenderer(undefined, hubInfo(services.config));
  const kickRelay = () => void services.relay.kick().catch(() => undefined);

  app.disable('x-powered-by');
  // SPEC §11: client addresses (rate limits) and the scheme come from the proxies TRUST_PROXY names.
  app.set('trust proxy', services.config.trustProxy);
  app.locals.secureCookies = services.config.secureCookies;
  app.use((req, res, next) => {
    res.set({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    });
    if (services.config.secureCookies) res.set('Strict-Transport-Security', 'max-age=31536000');
    // Pages of signed-in people, and the sign-in pages, are never kept by a browser or proxy cache.
    if (STAFF_PATHS.test(req.path)) res.set('Cache-Control', 'no-store');
    next();
  });
  app.use('/static', express.static(path.join(PROJECT_ROOT, 'static'), { maxAge: '1h' }));

  app.get('/', (_req, res) => res.redirect('/briefs/new'));

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.all([
      services.db.raw('select 1').then(() => 'ok', () => 'failed'),
      Promise.race([
        services.redis.ping().then(() => 'ok', () => 'failed'),
        new Promise<string>((r) => setTimeout(() => r('failed'), 1500).unref()),
      ]),
    ]);
    const [database, redis] = checks;
    res.status(database === 'ok' && redis === 'ok' ? 200 : 503).json({ database, redis });
  });

  const quotes = new QuoteService({ db: services.db, clock: services.clock, renderer: services.renderer, config: services.config, afterCommit: kickRelay });

  app.use(
    briefRoutes({
      intake: { intakeStore: services.stores.intake, renderer: services.renderer, clock: services.clock, slaHours: services.config.slaHours, afterCommit: kickRelay, hub: hubInfo(services.config) },
      pages,
      briefs: services.stores.briefs,
      publicUrl: services.config.publicUrl,
      intakeRateLimit: services.config.intakeRateLimit,
      redis: services.redis,
      redisPrefix: services.queuePrefix,
      hub: hubInfo(services.config),
    }),
  );
  const availability = new AvailabilityService({ db: services.db, clock: services.clock, renderer: services.renderer, config: services.config, afterCommit: kickRelay });
  const heldUntil = async (briefId: number) => (await availability.holdsOfBrief(briefId)).filter((h) => h.status === 'active').map((h) => h.expiresAt).sort()[0] ?? null;
  app.use(quoteRoutes({ quotes, pages, hubApiToken: services.config.hubApiToken, hub: hubInfo(services.config), heldUntil }));
  app.use(surveyRoutes({ db: services.db, clock: services.clock, pages, hub: hubInfo(services.config) }));
  app.use(
    authRoutes({
      signIn: { db: services.db, clock: services.clock, renderer: services.renderer, publicUrl: services.config.publicUrl, afterCommit: kickRelay },
      staff: services.stores.staff,
      clock: services.clock,
      pages,
      logger: services.logger,
      preSignInKey: services.keys.preSignIn,
      redis: services.redis,
      redisPrefix: services.queuePrefix,
    }),
  );
  app.use(
    portalRoutes({
      portal: new PortalService({ db: services.db, clock: services.clock, rateStaleDays: services.config.rateStaleDays }),
      staff: services.stores.staff,
      clock: services.clock,
      pages,
      availability,
    }),
  );
  app.use(availabilityRoutes({ availability, pages, staff: services.stores.staff, clock: services.clock }));

  app.use(
    deskRoutes({
      desk: new DeskService({ db: services.db, clock: services.clock, renderer: services.renderer, config: services.config, afterCommit: kickRelay }),
      staff: services.stores.staff,
      clock: services.clock,
      pages,
      availability,
    }),
  );
  app.use(
    usersRoutes({
      users: new UsersService({ db: services.db, clock: services.clock, renderer: services.renderer, publicUrl: services.config.publicUrl, afterCommit: kickRelay }),
      staff: services.stores.staff,
      clock: services.clock,
      pages,
    }),
  );

  app.use(
    dashboardRoutes({
      dashboard: new DashboardService({ db: services.db, clock: services.clock, rateStaleDays: services.config.rateStaleDays }),
      staff: services.stores.staff,
      clock: services.clock,
      pages,
      rateStaleDays: services.config.rateStaleDays,
      slaHours: services.config.slaHours,
    }),
  );
  app.use(proposalsRoutes({ proposals: new SupplierProposals({ db: services.db, clock: services.clock }), staff: services.stores.staff, clock: services.clock, pages }));
  app.use(privacyRoutes({ privacy: new PrivacyService({ db: services.db, clock: services.clock }), staff: services.stores.staff, clock: services.clock, pages }));
  app.use(observatoryRoutes({ observatory: new ObservatoryService({ db: services.db, clock: services.clock }), staff: services.stores.staff, clock: services.clock, pages }));
  app.use(briefsListRoutes({ db: services.db, staff: services.stores.staff, clock: services.clock, pages }));
  app.use(mailLogRoutes({ mail: services.stores.mail, briefs: services.stores.briefs, staff: services.stores.staff, clock: services.clock, pages }));
  app.use(opsRoutes({ db: services.db, queues: services.queues, staff: services.stores.staff, clock: services.clock, hubApiToken: services.config.hubApiToken }));

  app.use((req, res) => {
    if (req.path.startsWith('/api/')) return res.status(404).json({ error: 'not_found', message: 'no such endpoint' });
    res.status(404).send(pages.render('errors/not-found', { title: 'Not found' }));
  });

  const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
    const wantsJson = req.path.startsWith('/api/') || req.is('json') === 'json';
    // body-parser errors: malformed JSON, too large, wrong charset. Never a 500.
    const status = (err as { status?: number; type?: string }).status;
    if (!(err instanceof AppError) && typeof status === 'number' && status >= 400 && status < 500) {
      const message = (err as { type?: string }).type === 'entity.parse.failed' ? 'malformed JSON body' : 'the request could not be read';
      return wantsJson ? res.status(status).json({ error: 'bad_request', message }) : res.status(status).send(pages.render('errors/error', { title: 'Bad request', heading: 'Bad request', message }));
    }
    if (err instanceof ValidationError) return res.status(422).json({ errors: err.errors });
    if (err instanceof AppError) {
      return wantsJson
        ? res.status(err.status).json({ error: err.code, message: err.message })
        : res.status(err.status).send(pages.render('errors/error', { title: err.code, heading: err.message, message: '' }));
    }
    const errorId = randomUUID();
    services.logger.error('unhandled error', { errorId, method: req.method, path: req.route?.path ?? 'unmatched', ...errorFields(err) });
    const message = 'Something went wrong on our side. Nothing you sent was lost; please try again.';
    return wantsJson
      ? res.status(500).json({ error: 'internal', message, error_id: errorId })
      : res.status(500).send(pages.render('errors/error', { title: 'Error', heading: 'Something went wrong', message, errorId }));
  };
  app.use(errorHandler);
  return app;
}
