import express, { Router, type Request, type Response } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import { formatParis } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, staffLocals, verifyCsrf } from '../auth/staff-middleware';
import { PrivacyService, type ErasureOutcome, type PersonalDataReport } from './privacy-service';
import { normaliseLookupEmail } from './retention-rules';

export interface PrivacyRouteDeps {
  privacy: PrivacyService;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
}

/**
 * /hub/privacy (hub_admin only): everything held about an e-mail address, its JSON export, and
 * its erasure after a confirmation step. Every request is a POST with the address in the body,
 * so it never lands in a URL, a proxy log or a Referer; every form carries the CSRF token.
 */
export function privacyRoutes(deps: PrivacyRouteDeps): Router {
  const router = Router();
  // The body is read only once the session and role are checked: nobody else gets anything parsed.
  router.use('/hub/privacy', loadStaff(deps.staff, deps.clock), requireStaff, requireRole('hub_admin'), express.urlencoded({ extended: false, limit: '4kb' }), verifyCsrf);

  type View = { email?: string; error?: string; report?: PersonalDataReport; confirm?: boolean; confirmError?: string; erased?: ErasureOutcome };
  const render = async (res: Response, view: View = {}) => {
    const recent = (await deps.privacy.recentActions(15)).map((a) => ({ ...a, atText: formatParis(a.at), detailText: a.detail ? Object.entries(a.detail).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '' }));
    const report = view.report;
    res.set('Cache-Control', 'no-store');
    res.send(
      deps.pages.render('hub/privacy', {
        ...staffLocals(res),
        title: 'Personal data',
        email: view.email ?? '',
        error: view.error,
        report: report && {
          ...report,
          briefs: report.briefs.map((b) => ({ ...b, receivedText: formatParis(b.received_at), anonymisedText: b.anonymised_at ? formatParis(b.anonymised_at) : null, organiser: (b.brief as { organiser?: unknown }).organiser })),
          mail_log: report.mail_log.map((m) => ({ ...m, createdText: formatParis(m.created_at) })),
          audit_log: report.audit_log.map((a) => ({ ...a, atText: formatParis(a.at) })),
          nothing: report.places.length === 0,
        },
        confirm: view.confirm,
        confirmError: view.confirmError,
        erased: view.erased,
        recent,
      }),
    );
  };

  const field = (req: Request, name: string): string | null => {
    const raw = (req.body as Record<string, unknown> | undefined)?.[name];
    return typeof raw === 'string' ? raw : null;
  };
  const emailOf = (req: Request): string | null => {
    const raw = field(req, 'email');
    return raw === null ? null : normaliseLookupEmail(raw);
  };

  router.get('/hub/privacy', async (_req, res) => {
    await render(res);
  });

  router.post('/hub/privacy/lookup', async (req, res) => {
    const email = emailOf(req);
    if (!email) {
      res.status(422);
      return render(res, { error: 'Enter one e-mail address.' });
    }
    const report = await deps.privacy.find(email);
    await deps.privacy.recordAccess(email, currentStaff(res)!.email, 'access', report);
    await render(res, { email, report });
  });

  router.post('/hub/privacy/export', async (req, res) => {
    const email = emailOf(req);
    if (!email) {
      res.status(422);
      return render(res, { error: 'Enter one e-mail address.' });
    }
    const report = await deps.privacy.find(email);
    await deps.privacy.recordAccess(email, currentStaff(res)!.email, 'export', report);
    res.set('Cache-Control', 'no-store').set('Content-Disposition', 'attachment; filename="personal-data.json"').type('application/json').send(JSON.stringify(report, null, 2));
  });

  router.post('/hub/privacy/erase', async (req, res) => {
    const email = emailOf(req);
    if (!email) {
      res.status(422);
      return render(res, { error: 'Enter one e-mail address.' });
    }
    if (email === currentStaff(res)!.email.toLowerCase()) {
      res.status(422);
      return render(res, { email, error: 'You cannot erase your own account while signed in with it: ask another hub admin, or use npm run privacy.' });
    }
    const typed = field(req, 'confirm');
    const confirmed = typed !== null && normaliseLookupEmail(typed) === email;
    if (!confirmed) {
      const report = await deps.privacy.find(email);
      if (typed !== null) res.status(422);
      return render(res, { email, report, confirm: true, confirmError: typed !== null ? 'The address typed does not match: nothing was erased.' : undefined });
    }
    const erased = await deps.privacy.erase(email, currentStaff(res)!.email);
    await render(res, { erased });
  });

  return router;
}
