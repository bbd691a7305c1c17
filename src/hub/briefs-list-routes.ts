import { Router } from 'express';
import type { Knex } from 'knex';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import { formatParis } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { loadStaff, requireRole, requireStaff, staffLocals } from '../auth/staff-middleware';
import { BRIEF_STATUSES, type BriefStatus } from '../briefs/brief-store';
import { addDays, parisMidnight } from './dashboard-period';
import {
  BRIEF_SORTS,
  BriefListReadModel,
  SLA_STATES,
  type BriefListQuery,
  type BriefSort,
  type SlaState,
} from './read-models/brief-list-read-model';

export const BRIEF_LIST_PAGE_SIZE = 25;

const SLA_LABELS: Record<SlaState, string> = { open: 'unsent, within SLA', breached: 'unsent, past the deadline', met: 'sent within SLA', late: 'sent late' };
const SORT_LABELS: Record<BriefSort, string> = { received_desc: 'newest first', received_asc: 'oldest first', due_asc: 'deadline, soonest first', ref_asc: 'reference' };

const str = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** The query string as the form posts it, kept as typed for the form; unusable values are dropped with a message. */
export function readBriefListQuery(raw: Record<string, unknown>): { query: BriefListQuery; form: Record<string, string>; errors: string[] } {
  const errors: string[] = [];
  const form = {
    q: str(raw.q),
    status: str(raw.status),
    from: str(raw.from, 10),
    to: str(raw.to, 10),
    destination: str(raw.destination, 120),
    sla: str(raw.sla),
    follow_up: str(raw.follow_up),
    sort: str(raw.sort),
  };
  const query: BriefListQuery = { sort: 'received_desc', page: 1, pageSize: BRIEF_LIST_PAGE_SIZE };
  if (form.q) query.text = form.q;
  if ((BRIEF_STATUSES as readonly string[]).includes(form.status)) query.status = form.status as BriefStatus;
  if (form.from) {
    if (isDate(form.from)) query.receivedFrom = parisMidnight(form.from);
    else errors.push('"Received from" must be a date (YYYY-MM-DD); it was left out.');
  }
  if (form.to) {
    if (isDate(form.to)) query.receivedBefore = parisMidnight(addDays(form.to, 1));
    else errors.push('"Received to" must be a date (YYYY-MM-DD); it was left out.');
  }
  if (form.destination) query.destination = form.destination;
  if ((SLA_STATES as readonly string[]).includes(form.sla)) query.sla = form.sla as SlaState;
  if (form.follow_up === 'open') query.followUpOpen = true;
  if ((BRIEF_SORTS as readonly string[]).includes(form.sort)) query.sort = form.sort as BriefSort;
  const page = Number.parseInt(str(raw.page, 7), 10);
  if (Number.isInteger(page) && page > 0) query.page = page;
  return { query, form, errors };
}

/** The page's view model for a query string: the read model's page, the form as typed, the pager's links. */
export async function briefListView(model: BriefListReadModel, raw: Record<string, unknown>, now: Date) {
  const { query, form, errors } = readBriefListQuery(raw);
  const [result, cities] = [await model.list(query, now), await model.cities()];
  const kept = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
  const pageHref = (page: number) => `/hub/briefs?${new URLSearchParams({ ...kept, page: String(page) }).toString()}`;
  const first = result.total === 0 ? 0 : (result.page - 1) * query.pageSize + 1;
  return {
    title: 'All briefs',
    form,
    errors,
    filtered: Object.keys(kept).some((k) => k !== 'sort'),
    statuses: BRIEF_STATUSES.map((s) => ({ value: s, label: s.replace('_', ' '), selected: s === query.status })),
    slaStates: SLA_STATES.map((s) => ({ value: s, label: SLA_LABELS[s], selected: s === query.sla })),
    sorts: BRIEF_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s], selected: s === query.sort })),
    followUpOpen: query.followUpOpen === true,
    cities,
    total: result.total,
    first,
    last: first === 0 ? 0 : first + result.briefs.length - 1,
    page: result.page,
    pages: result.pages,
    prevHref: result.page > 1 ? pageHref(result.page - 1) : null,
    nextHref: result.page < result.pages ? pageHref(result.page + 1) : null,
    briefs: result.briefs.map((b) => ({
      ...b,
      href: `/hub/briefs/${encodeURIComponent(b.ref)}`,
      statusLabel: b.status.replace('_', ' '),
      destinationsText: b.destinations.length ? b.destinations.join(', ') : 'anywhere',
      received: formatParis(b.receivedAt),
      due: formatParis(b.slaDueAt),
      sent: b.sentAt ? formatParis(b.sentAt) : null,
    })),
  };
}

/** GET /hub/briefs: every brief ever received, searchable and filterable (hub_staff, hub_admin). */
export function briefsListRoutes(deps: { db: Knex; staff: StaffStore; clock: Clock; pages: PageRenderer }): Router {
  const router = Router();
  const model = new BriefListReadModel(deps.db);

  router.get('/hub/briefs', loadStaff(deps.staff, deps.clock), requireStaff, requireRole('hub_staff', 'hub_admin'), async (req, res) => {
    const view = await briefListView(model, req.query as Record<string, unknown>, deps.clock.now());
    res.set('Cache-Control', 'no-store');
    res.send(deps.pages.render('hub/briefs', { ...staffLocals(res), ...view }));
  });

  return router;
}
