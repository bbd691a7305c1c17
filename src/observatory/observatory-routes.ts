import express, { Router } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, staffLocals, verifyCsrf } from '../auth/staff-middleware';
import { ValidationError } from '../platform/errors';
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
    res.send(deps.pages.render('observatory/index', { ...staffLocals(res), ...observatoryView(report), saved: req.query.saved === 'digest' }));
  });

  // The session is checked before the body is read (SPEC §11); only venue staff have suppliers to set.
  router.post(
    '/observatory/digest-language',
    ...staffOnly,
    requireRole('venue_staff'),
    express.urlencoded({ extended: false, limit: '2kb' }),
    verifyCsrf,
    async (req, res) => {
      const language = (req.body as Record<string, unknown> | undefined)?.language;
      if (language !== 'fr' && language !== 'en') throw new ValidationError([{ field: 'language', message: 'must be fr or en' }]);
      await deps.observatory.setDigestLanguage(currentStaff(res)!, language);
      res.redirect(303, '/observatory?saved=digest#digest');
    },
  );

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
