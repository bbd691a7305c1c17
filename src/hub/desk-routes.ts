import type { AvailabilityService } from '../availability/availability-links';
import { formatParis } from '../platform/clock';
import express, { Router, type Request, type Response } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, staffLocals, verifyCsrf } from '../auth/staff-middleware';
import { MESSAGE_MAX, type DeskService } from './desk-service';
import { ConflictError } from '../platform/errors';
import { outcomeView, type EndingState } from './desk-outcome-view';

interface MessageState {
  sent?: boolean;
  text?: string;
  error?: string;
}
import type { DeskData } from './desk-read-model';
import { deskPageView, type EditorState } from './desk-view';
import { initialEdit, readQuoteEdit } from './quote-editor-form';
import type { QuoteEdit } from './quote-editor';
import type { FieldProblem } from '../platform/errors';

export interface DeskRouteDeps {
  desk: DeskService;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
  /** SPEC §9.2–9.5: the brief's availability requests, holds and the telephone booking. */
  availability?: AvailabilityService;
}

/** A sandboxed frame of its own for the HTML e-mail: inline styles allowed there, scripts and everything else not. */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";

async function deskAvailability(svc: AvailabilityService, data: DeskData) {
  const [requests, holds] = await Promise.all([svc.requestsOfBrief(data.brief.id), svc.holdsOfBrief(data.brief.id)]);
  const ranks = (data.quote?.options ?? []).map((o) => o.rank);
  return {
    requests: requests.map((r) => ({ ...r, createdText: formatParis(r.createdAt), answeredText: r.answeredAt ? formatParis(r.answeredAt) : '' })),
    holds: holds.map((h) => ({ ...h, expiresText: formatParis(h.expiresAt) })),
    canBook: ['sent', 'interested', 'confirmed'].includes(data.brief.status) && ranks.length > 0,
    ranks,
    pickedRank: data.brief.interestRank ?? ranks[0],
  };
}

/** The brief desk (/hub/briefs/:ref) and its quote editor, for hub_staff and hub_admin. */
export function deskRoutes(deps: DeskRouteDeps): Router {
  const router = Router();
  // Scoped to the desk's own paths: other /hub pages (the queue view) keep their own body and CSRF handling.
  router.use(
    '/hub/briefs',
    loadStaff(deps.staff, deps.clock),
    requireStaff,
    requireRole('hub_staff', 'hub_admin'),
    // Bodies are read only once the session is known (SPEC §11): nobody signed out makes us parse.
    express.urlencoded({ extended: false, limit: '256kb' }),
    verifyCsrf,
  );

  const render = async (res: Response, data: DeskData, editor: EditorState, sentVersion: number | null = null, message: MessageState = {}, ending: EndingState = {}) => {
    const relaxations = await deps.desk.relaxations(data);
    const outcome = await deps.desk.outcome(data);
    res.set('Cache-Control', 'no-store');
    res.send(
      deps.pages.render('hub/desk', {
        ...staffLocals(res),
        ...deskPageView(data, editor, sentVersion),
        followUp: data.brief.followUp,
        relaxations: relaxations.map((r) => ({ ...r, label: r.criterion === 'all' ? 'every non-negotiable at once' : r.criterion })),
        message,
        messageMax: MESSAGE_MAX,
        availability: deps.availability ? await deskAvailability(deps.availability, data) : null,
        outcome: outcomeView(data, outcome, ending),
      }),
    );
  };
  const ref = (req: Request) => req.params.ref as string;

  /** The editor as an action leaves it: shapes priced, lines re-priced, errors beside their fields (none shown on opening). */
  const editorState = async (data: DeskData, edit: QuoteEdit, action: EditorState['action'], search: string | null = null, extra: FieldProblem[] = []): Promise<EditorState> => {
    const tried = await deps.desk.tryEdit(data, edit, action === 'preview');
    // Opening, or searching the catalogue before any option exists, is not a mistake to point out.
    const shown = action === 'open' ? [] : tried.ok ? [] : tried.errors.filter((e) => !(action === 'search' && e.field === 'options'));
    return {
      edit: tried.edit,
      errors: [...extra, ...shown],
      repriced: tried.ok && action !== 'open' ? tried.quote.options : null,
      preview: tried.ok ? tried.email : null,
      action,
      basis: tried.basis,
      support: await deps.desk.editorSupport(data, tried.basis),
      search: search === null ? null : { query: search, results: await deps.desk.findVenues(search) },
    };
  };
  const send = async (res: Response, state: EditorState, data: DeskData) => {
    if (state.errors.length) res.status(422);
    await render(res, data, state);
  };
  const opened = (data: DeskData) => initialEdit(data.quote?.version ?? 0, data.quote?.note ?? null, data.quote?.options ?? []);

  router.get('/hub/briefs/:ref', async (req, res) => {
    const data = await deps.desk.load(ref(req));
    const sent = Number.parseInt(String(req.query.sent ?? ''), 10);
    const ended = req.query.ended === 'lost' || req.query.ended === 'cancel' ? req.query.ended : undefined;
    await render(res, data, await editorState(data, opened(data), 'open'), Number.isInteger(sent) ? sent : null, { sent: req.query.messaged === '1' }, { done: ended });
  });

  /** A message to the organiser from the desk, in their language, logged in the mail log. */
  router.post('/hub/briefs/:ref/message', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = typeof body.message === 'string' ? body.message : '';
    const outcome = await deps.desk.sendMessage(ref(req), text, currentStaff(res)!.email);
    if (outcome.ok) return res.redirect(303, `/hub/briefs/${encodeURIComponent(ref(req))}?messaged=1#message-notice`);
    const data = await deps.desk.load(ref(req));
    res.status(422);
    await render(res, data, await editorState(data, opened(data), 'open'), null, { text, error: outcome.errors[0]?.message });
  });

  router.post('/hub/briefs/:ref/editor', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const raw = typeof body.action === 'string' ? body.action : '';
    const data = await deps.desk.load(ref(req));
    const edit = readQuoteEdit(body, data.quote?.options ?? []);
    const query = typeof body.venue_q === 'string' ? body.venue_q.trim() : '';
    if (raw === 'send') {
      const saved = await deps.desk.saveAndSend(ref(req), edit, currentStaff(res)!.email);
      if (saved.ok) return res.redirect(303, `/hub/briefs/${encodeURIComponent(ref(req))}?sent=${saved.quote.version}#editor`);
      const now = await deps.desk.load(ref(req));
      res.status(422);
      return await render(res, now, {
        edit: saved.edit, errors: saved.errors, repriced: null, preview: null, action: 'reprice', basis: saved.basis, support: await deps.desk.editorSupport(now, saved.basis), search: null,
      });
    }
    // Issue 15: the option builder, inside the editor's form so nothing typed is lost.
    // Enter in any field presses the form's first button, Search: with nothing to search, it re-prices.
    if (raw === 'search' && query !== '') return send(res, await editorState(data, edit, 'search', query), data);
    if (raw.startsWith('add:')) {
      const added = await deps.desk.addOption(data, edit, raw.slice(4));
      if (!added.ok) return send(res, await editorState(data, edit, 'search', query, [{ field: 'venue_q', message: added.error }]), data);
      return send(res, await editorState(data, added.edit, 'add'), data);
    }
    return send(res, await editorState(data, edit, raw === 'preview' ? 'preview' : 'reprice'), data);
  });

  /** SPEC §9.6: lost with a reason, or cancelled, by hub staff. A brief already ended answers 409 with the desk. */
  for (const action of ['lost', 'cancel'] as const) {
    router.post(`/hub/briefs/:ref/${action}`, async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const staffEmail = currentStaff(res)!.email;
      let failure: { status: number; ending: EndingState };
      try {
        const result = action === 'lost' ? await deps.desk.markLost(ref(req), body, staffEmail) : await deps.desk.cancel(ref(req), body, staffEmail);
        if (result.ok) return res.redirect(303, `/hub/briefs/${encodeURIComponent(ref(req))}?ended=${action}#outcome`);
        failure = { status: 422, ending: { action, errors: result.errors, reason: String(body.reason ?? ''), comment: typeof body.comment === 'string' ? body.comment : '' } };
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        failure = { status: 409, ending: { action, errors: [{ field: 'status', message: err.message }] } };
      }
      const data = await deps.desk.load(ref(req));
      res.status(failure.status);
      await render(res, data, await editorState(data, opened(data), 'open'), null, {}, failure.ending);
    });
  }

  /** SPEC §7: a staff member has answered the organiser's notes; the follow_up task leaves the board. */
  router.post('/hub/briefs/:ref/follow-up', async (req, res) => {
    await deps.desk.closeFollowUp(ref(req), currentStaff(res)!.email);
    res.redirect(303, `/hub/briefs/${encodeURIComponent(ref(req))}`);
  });

  /** The HTML part of the previewed e-mail, posted by the preview's own form into a sandboxed iframe. */
  router.post('/hub/briefs/:ref/editor/preview-html', async (req, res) => {
    const data = await deps.desk.load(ref(req));
    const tried = await deps.desk.tryEdit(data, readQuoteEdit((req.body ?? {}) as Record<string, unknown>, data.quote?.options ?? []), true);
    res.set({ 'Content-Security-Policy': PREVIEW_CSP, 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-store' });
    if (!tried.ok || !tried.email) return res.status(422).type('text/plain').send(tried.ok ? 'nothing to preview' : tried.errors.map((e) => e.message).join('\n'));
    res.type('html').send(tried.email.html);
  });

  return router;
}
