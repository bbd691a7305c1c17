import express, { Router, type Response } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import type { FieldProblem } from '../platform/errors';
import type { StaffStore } from '../auth/staff-store';
import { STAFF_ROLES } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, staffLocals, verifyCsrf } from '../auth/staff-middleware';
import { formatParis } from '../platform/clock';
import { supplierList, type InviteInput, type UsersService } from './users-service';

export interface UsersRouteDeps {
  users: UsersService;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
}

/** A Map, not an object: `?saved=constructor` must find nothing. */
const SAVED = new Map<string, string>(Object.entries({ invited: 'Invitation sent: they get a sign-in link by e-mail.', deactivated: 'Account deactivated and signed out everywhere.', reactivated: 'Account reactivated: they can ask for a sign-in link again.' }));

/** /hub/users: hub_admin lists, invites, deactivates and reactivates staff. */
export function usersRoutes(deps: UsersRouteDeps): Router {
  const router = Router();
  router.use('/hub/users', loadStaff(deps.staff, deps.clock), requireStaff, requireRole('hub_admin'), express.urlencoded({ extended: false, limit: '16kb' }), verifyCsrf);

  const render = async (res: Response, extra: { values?: InviteInput; errors?: FieldProblem[]; saved?: string; error?: string; supplierQuery?: string } = {}) => {
    const me = currentStaff(res)!;
    // Suppliers already picked (kept after a refused invitation) first, then the search's results.
    const picked = await deps.users.suppliersByIds(supplierList(extra.values?.suppliers ?? ''));
    const term = (extra.supplierQuery ?? '').trim().slice(0, 100);
    const found = term ? (await deps.users.searchSuppliers(term)).filter((f) => !picked.some((p) => p.id === f.id)) : [];
    const supplierChoices = [...picked.map((p) => ({ ...p, checked: true })), ...found.map((f) => ({ ...f, checked: false }))];
    const users = (await deps.users.list()).map((u) => ({ ...u, createdText: formatParis(u.createdAt), isMe: u.id === me.id }));
    const errors = extra.errors ?? [];
    res.set('Cache-Control', 'no-store');
    res.send(
      deps.pages.render('hub/users', {
        ...staffLocals(res),
        title: 'Users',
        users,
        roles: STAFF_ROLES.map((r) => ({ value: r, selected: (extra.values?.role ?? 'hub_staff') === r })),
        values: extra.values ?? { email: '', name: '', role: 'hub_staff', suppliers: '', language: 'fr' },
        languages: [
          { value: 'fr', label: 'Français', selected: (extra.values?.language ?? 'fr') !== 'en' },
          { value: 'en', label: 'English', selected: extra.values?.language === 'en' },
        ],
        supplierQuery: term,
        supplierChoices,
        supplierSearched: term !== '',
        errors,
        errorOf: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        saved: extra.saved,
        error: extra.error,
      }),
    );
  };

  router.get('/hub/users', async (req, res) => {
    await render(res, {
      saved: typeof req.query.saved === 'string' ? SAVED.get(req.query.saved) : undefined,
      supplierQuery: typeof req.query.supplier_q === 'string' ? req.query.supplier_q : undefined,
    });
  });

  router.post('/hub/users/invite', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    // Suppliers come as ticked boxes (supplier_ids, picked by name) and, for scripts, as typed ids.
    const ticked = ([] as unknown[]).concat(body.supplier_ids ?? []).filter((v): v is string => typeof v === 'string');
    const suppliers = [...ticked, s('suppliers')].filter(Boolean).join(';');
    const values: InviteInput = { email: s('email'), name: s('name'), role: s('role'), suppliers, language: s('language') };
    const outcome = await deps.users.invite(currentStaff(res)!, values);
    if (outcome.ok) return res.redirect(303, '/hub/users?saved=invited');
    res.status(422);
    await render(res, { values, errors: outcome.errors });
  });

  for (const [action, active] of [['deactivate', false], ['reactivate', true]] as const) {
    router.post(`/hub/users/:id/${action}`, async (req, res) => {
      const id = Number.parseInt(req.params.id as string, 10);
      const outcome = await deps.users.setActive(currentStaff(res)!, id, active);
      if (outcome.ok) return res.redirect(303, `/hub/users?saved=${action}d`);
      res.status(outcome.error === 'no such user' ? 404 : 422);
      await render(res, { error: outcome.error });
    });
  }

  return router;
}
