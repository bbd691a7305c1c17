import { Router } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import type { StaffStore } from '../auth/staff-store';
import { loadStaff, requireRole, requireStaff, staffLocals } from '../auth/staff-middleware';
import { MAIL_KINDS, type MailKind, type MailStatus, type MailStore } from '../mail/mail-store';
import type { BriefStore } from '../briefs/brief-store';
import { NotFoundError } from '../platform/errors';

const STATUSES: MailStatus[] = ['pending', 'sending', 'delivered', 'failed', 'suppressed'];
const PAGE = 50;
/** The logged HTML is shown in a sandboxed frame of its own: its inline styles render, nothing runs. */
const FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";

/**
 * The mail log for hub staff (SPEC §2: with SMTP_URL unset, e-mails are recorded here instead
 * of leaving the machine). Read-only: every e-mail with its status, attempts and both parts.
 */
export function mailLogRoutes(deps: { mail: MailStore; briefs: BriefStore; staff: StaffStore; clock: Clock; pages: PageRenderer }): Router {
  const router = Router();
  router.use('/hub/mail', loadStaff(deps.staff, deps.clock), requireStaff, requireRole('hub_staff', 'hub_admin'));

  router.get('/hub/mail', async (req, res) => {
    const status = STATUSES.includes(req.query.status as MailStatus) ? (req.query.status as MailStatus) : undefined;
    const kind = (MAIL_KINDS as readonly string[]).includes(req.query.kind as string) ? (req.query.kind as MailKind) : undefined;
    const ref = typeof req.query.ref === 'string' ? req.query.ref.trim().slice(0, 32) : '';
    const brief = ref ? await deps.briefs.findByRef(ref) : null;
    const before = Number.parseInt(String(req.query.before ?? ''), 10);
    // An unknown ref lists nothing (and says so) rather than every e-mail.
    const entries = ref && !brief ? [] : await deps.mail.listRecent(PAGE, { status, kind, briefId: brief?.id, beforeId: Number.isInteger(before) && before > 0 ? before : undefined });
    const last = entries[entries.length - 1];
    const query = (extra: Record<string, string>) => new URLSearchParams({ ...(ref ? { ref } : {}), ...(status ? { status } : {}), ...(kind ? { kind } : {}), ...extra }).toString();
    res.set('Cache-Control', 'no-store');
    res.send(
      deps.pages.render('hub/mail-log', {
        ...staffLocals(res),
        title: 'Mail log',
        entries,
        ref,
        unknownRef: ref !== '' && !brief,
        briefHref: brief?.ref ? `/hub/briefs/${encodeURIComponent(brief.ref)}` : null,
        filtered: Boolean(ref || status || kind),
        statuses: STATUSES.map((s) => ({ value: s, selected: s === status })),
        kinds: MAIL_KINDS.map((k) => ({ value: k, selected: k === kind })),
        olderHref: entries.length === PAGE && last ? `/hub/mail?${query({ before: String(last.id) })}` : null,
      }),
    );
  });

  router.get('/hub/mail/:id', async (req, res) => {
    const mail = await deps.mail.findById(Number.parseInt(req.params.id as string, 10) || 0);
    if (!mail) throw new NotFoundError('e-mail');
    const brief = mail.briefId ? await deps.briefs.findById(mail.briefId) : null;
    res.set('Cache-Control', 'no-store');
    res.send(deps.pages.render('hub/mail-entry', { ...staffLocals(res), title: `E-mail #${mail.id}`, mail, ref: brief?.ref ?? null }));
  });

  router.get('/hub/mail/:id/html', async (req, res) => {
    const mail = await deps.mail.findById(Number.parseInt(req.params.id as string, 10) || 0);
    if (!mail) throw new NotFoundError('e-mail');
    res.set({ 'Content-Security-Policy': FRAME_CSP, 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-store' });
    res.type('html').send(mail.html);
  });

  return router;
}
