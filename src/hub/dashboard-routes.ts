import path from 'node:path';
import { Router } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { loadStaff, requireRole, requireStaff, staffLocals } from '../auth/staff-middleware';
import { parsePeriod } from './dashboard-period';
import type { DashboardService } from './dashboard-service';
import { dashboardView } from './dashboard-view';

export interface DashboardRouteDeps {
  dashboard: DashboardService;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
  rateStaleDays: number;
  slaHours: number;
}

/** Chart.js's self-contained UMD build, served by the app itself: pages load nothing from elsewhere. */
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

export const DEFAULT_REFRESH_SECONDS = 30;

/** `?refresh=N` (2 … 600 s): how often the page reloads its live board, e.g. for a wall screen. */
function refreshSeconds(raw: unknown): number {
  const n = typeof raw === 'string' ? Number.parseInt(raw, 10) : NaN;
  return Number.isFinite(n) ? Math.min(600, Math.max(2, n)) : DEFAULT_REFRESH_SECONDS;
}

/** GET /hub: the SLA board, KPIs, charts, rate freshness and failed e-mails (hub_staff, hub_admin). */
export function dashboardRoutes(deps: DashboardRouteDeps): Router {
  const router = Router();
  const hubOnly = [loadStaff(deps.staff, deps.clock), requireStaff, requireRole('hub_staff', 'hub_admin')];

  router.get('/static/vendor/chart.umd.min.js', (_req, res) => res.sendFile(CHART_JS, { maxAge: '1d' }));

  router.get('/hub', ...hubOnly, async (req, res) => {
    const period = parsePeriod({ from: req.query.from, to: req.query.to }, deps.clock.now());
    // ?live=1 is the page's own refresh: the board only, which is all it swaps in.
    const live = req.query.live === '1';
    const data = live ? await deps.dashboard.live(period) : await deps.dashboard.load(period);
    const view = dashboardView(data, { rateStaleDays: deps.rateStaleDays, slaHours: deps.slaHours, refreshSeconds: refreshSeconds(req.query.refresh) });
    res.set('Cache-Control', 'no-store');
    res.send(deps.pages.render('hub/dashboard', { ...staffLocals(res), ...view, live }));
  });

  return router;
}
