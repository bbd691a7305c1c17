import express, { Router } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import { formatParis } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, staffLocals, verifyCsrf } from '../auth/staff-middleware';
import type { SupplierProposals } from '../suppliers/supplier-proposals';

const DECIDED = new Map<string, string>([
  ['approved', 'Approved: the partners apply to the next quotes.'],
  ['rejected', 'Rejected: nothing changed.'],
  ['gone', 'That request was already decided.'],
]);

/** /hub/proposals: partners venue staff asked for (SPEC §11), approved or rejected by hub staff. */
export function proposalsRoutes(deps: { proposals: SupplierProposals; staff: StaffStore; clock: Clock; pages: PageRenderer }): Router {
  const router = Router();
  router.use('/hub/proposals', loadStaff(deps.staff, deps.clock), requireStaff, requireRole('hub_staff', 'hub_admin'), express.urlencoded({ extended: false, limit: '4kb' }), verifyCsrf);

  router.get('/hub/proposals', async (req, res) => {
    const pending = (await deps.proposals.listPending()).map((p) => ({ ...p, partners: p.associatedWith.join('; ') || '(none)', createdText: formatParis(p.createdAt) }));
    const done = typeof req.query.done === 'string' ? DECIDED.get(req.query.done) : undefined;
    res.send(deps.pages.render('hub/proposals', { ...staffLocals(res), title: 'Partner requests', pending, done }));
  });

  router.post('/hub/proposals/:id/:decision', async (req, res) => {
    const decision = req.params.decision;
    const id = Number.parseInt(req.params.id as string, 10);
    if ((decision !== 'approve' && decision !== 'reject') || !Number.isInteger(id)) return res.status(404).send(deps.pages.render('errors/not-found', { title: 'Not found' }));
    const decided = await deps.proposals.decide(id, decision === 'approve', currentStaff(res)!.email);
    res.redirect(303, `/hub/proposals?done=${decided ? (decision === 'approve' ? 'approved' : 'rejected') : 'gone'}`);
  });

  return router;
}
