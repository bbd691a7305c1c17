import { Router } from 'express';
import type { PageRenderer } from '../platform/views';
import type { Clock } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireStaff, staffLocals } from '../auth/staff-middleware';
import { parseMonths } from './observatory-months';
import type { ObservatoryService } from './observatory-service';
import { observatoryView } from './observatory-view';
import { observatoryCsv } from './observatory-csv';

export interface ObservatoryRouteDeps {
  observatory: ObservatoryService;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
}

/** GET /observatory and /observatory.csv (SPEC §10): every signed-in staff member; venue staff also see their own leads. */
export function observatoryRoutes(deps: ObservatoryRouteDeps): Router {
  const router = Router();
  const staffOnly = [loadStaff(deps.staff, deps.clock), requireStaff];
  const load = (query: Record<string, unknown>, staff: NonNullable<ReturnType<typeof currentStaff>>) =>
    deps.observatory.load({
      selection: parseMonths({ from: query.from, to: query.to }, deps.clock.now()),
      destination: typeof query.destination === 'string' ? query.destination : null,
      staff,
    });

  router.get('/observatory', ...staffOnly, async (req, res) => {
    const report = await load(req.query, currentStaff(res)!);
    res.set('Cache-Control', 'no-store');
    res.send(deps.pages.render('observatory/index', { ...staffLocals(res), ...observatoryView(report) }));
  });

  router.get('/observatory.csv', ...staffOnly, async (req, res) => {
    const report = await load(req.query, currentStaff(res)!);
    res.set({
      'Cache-Control': 'no-store',
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="observatory-${report.selection.from}-${report.selection.to}.csv"`,
    });
    res.send(observatoryCsv(report));
  });

  return router;
}
