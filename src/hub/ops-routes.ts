import { Router, type RequestHandler } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import type { Queues } from '../queue/queues';
import { QUEUE_NAMES } from '../queue/queues';
import { loadStaff, requireRole, requireStaff } from '../auth/staff-middleware';
import { requireBearer } from '../auth/bearer';
import { ForbiddenError } from '../platform/errors';
import { MetricsReadModel } from './read-models/metrics-read-model';
import { QUEUE_STATES, renderMetrics, type QueueDepths } from './metrics';

export interface OpsRouteDeps {
  db: Knex;
  queues: Queues;
  staff: StaffStore;
  clock: Clock;
  hubApiToken: string | null;
}

export const QUEUES_PATH = '/hub/queues';

/**
 * bull-board's UI is a React bundle of its own: scripts and styles from its /static (same
 * origin, so 'self' covers them), but its loading screen uses inline style attributes and a
 * <style> block, and its components set styles at run time. For this path only, styles may be
 * inline; scripts stay 'self' only. Its Google Fonts link is taken out of the page (no CSP error
 * in the console): the UI uses system fonts and the page loads nothing from elsewhere.
 */
/** bull-board's index page without its <link>s to fonts.googleapis.com / fonts.gstatic.com. */
export function withoutExternalFonts(html: string): string {
  return html.replace(/<link\b[^>]*https:\/\/fonts\.(?:googleapis|gstatic)\.com[^>]*>\s*/g, '');
}

export const QUEUES_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

/** bull-board's actions (retry, clean, pause) are JSON calls: refuse any that a browser marks as cross-site. */
const sameOriginWrites: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  if ((site && site !== 'same-origin') || (origin && new URL(origin).host !== req.get('host'))) {
    return next(new ForbiddenError('queue actions must come from this site'));
  }
  next();
};

async function queueDepths(queues: Queues, timeoutMs = 1500): Promise<QueueDepths> {
  const names = Object.values(QUEUE_NAMES);
  const read = Promise.all(names.map(async (name) => [name, await queues.byName(name).getJobCounts(...QUEUE_STATES)] as const));
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
  try {
    const result = await Promise.race([read, timeout]);
    return result ? Object.fromEntries(result) : null;
  } catch {
    return null;
  }
}

/** Operations: the hub_admin queue view and Prometheus /metrics behind the bearer token. */
export function opsRoutes(deps: OpsRouteDeps): Router {
  const router = Router();
  const metrics = new MetricsReadModel(deps.db);

  router.get('/metrics', requireBearer(deps.hubApiToken), async (_req, res) => {
    const [snapshot, depths] = [await metrics.load(deps.clock.now()), await queueDepths(deps.queues)];
    res.set('Content-Type', 'text/plain; version=0.0.4; charset=utf-8').set('Cache-Control', 'no-store').send(renderMetrics(snapshot, depths));
  });

  const board = new ExpressAdapter();
  board.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: Object.values(QUEUE_NAMES).map((name) => new BullMQAdapter(deps.queues.byName(name))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'PCE queues' } },
  });
  router.use(
    QUEUES_PATH,
    loadStaff(deps.staff, deps.clock),
    requireStaff,
    requireRole('hub_admin'),
    sameOriginWrites,
    (_req, res, next) => {
      res.set('Content-Security-Policy', QUEUES_CSP);
      // Issue 15: its page links Google Fonts, which the CSP blocks with a console error on every
      // visit. The links are taken out of the HTML; the UI uses system fonts as it did.
      const send = res.send.bind(res);
      res.send = (body?: unknown) => send(typeof body === 'string' && body.includes('fonts.g') ? withoutExternalFonts(body) : body);
      next();
    },
    board.getRouter(),
  );
  return router;
}
