import express, { Router, type Request, type Response } from 'express';
import type { PageRenderer } from '../platform/views';
import type { Clock } from '../platform/clock';
import { NotFoundError } from '../platform/errors';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, requireSupplierAccess, staffLocals, verifyCsrf } from '../auth/staff-middleware';
import { CATALOGUE_FILES, formatCsvError, type CatalogueFile } from './csv';
import type { PortalService, RowFile, UploadOutcome } from './portal-service';
import { diffView, rateSheetView, supplierPageView } from './portal-view';
import { rateSheetFromForm } from './portal-forms';
import { decodeCsvBytes } from './csv/csv-dialect';
import { t } from '../i18n/translate';
import type { Language } from '../briefs/brief-schema';
import type { AvailabilityService } from '../availability/availability-links';
import { portalAvailability } from '../availability/availability-routes';

export interface PortalRouteDeps {
  portal: PortalService;
  staff: StaffStore;
  clock: Clock;
  pages: PageRenderer;
  /** SPEC §9.2–9.3: the supplier's availability requests and holds on its page. */
  availability?: AvailabilityService;
}

const ROW_SECTIONS: Record<string, RowFile> = { spaces: 'spaces.csv', rates: 'rates.csv', blackouts: 'blackouts.csv' };
/** A Map, not an object: `?saved=constructor` must find nothing, not Object's own members. */
const SAVED_MESSAGES = new Map<string, string>(Object.entries({
  profile: 'Profile saved.',
  spaces: 'Meeting spaces saved.',
  rates: 'Rates saved; they count as confirmed today.',
  blackouts: 'Blocked dates saved.',
  unchanged: 'Thank you: your rates are confirmed as unchanged today.',
  upload: 'Upload applied.',
  proposed: 'Profile saved. Your change of partners was sent to the hub, which approves it before quotes use it.',
}));

const isCatalogueFile = (v: unknown): v is CatalogueFile => typeof v === 'string' && (CATALOGUE_FILES as readonly string[]).includes(v);

/** The venue portal: each supplier's profile, spaces, blocked dates and rates, uploads and exports. */
export function portalRoutes(deps: PortalRouteDeps): Router {
  const router = Router();
  const render = (res: Response, page: string, ctx: Record<string, unknown>) => res.send(deps.pages.render(page, { ...staffLocals(res), lang: langOf(res), ...ctx }));
  const langOf = (res: Response): Language => (res.locals.staffLanguage === 'en' ? 'en' : 'fr');
  const actor = (res: Response) => currentStaff(res)!.email;
  /** SPEC §11: only hub staff change partners directly; venue staff propose. */
  const mayChangeTies = (res: Response) => currentStaff(res)!.role !== 'venue_staff';
  const supplierAccess = requireSupplierAccess('supplierId');

  // 2 MB: a pasted or file-read CSV of one venue's rates fits many times over.
  router.use(
    '/venue',
    loadStaff(deps.staff, deps.clock),
    requireStaff,
    requireRole('venue_staff', 'hub_staff', 'hub_admin'),
    // Bodies are read only once the session is known (SPEC §11): nobody signed out makes us parse 2 MB.
    express.urlencoded({ extended: false, limit: '2mb' }),
    verifyCsrf,
    async (_req: Request, res: Response, next: () => void) => {
      res.locals.staffLanguage = await deps.portal.staffLanguage(currentStaff(res)!.id);
      next();
    },
  );

  router.get('/venue', async (req, res) => {
    const summaries = await deps.portal.overview(currentStaff(res)!);
    const saved = req.query.saved === 'language' ? t(langOf(res), 'venue_lang_saved') : undefined;
    render(res, 'venue/index', { title: t(langOf(res), 'venue_your_suppliers'), suppliers: summaries, saved, languageChoice: langOf(res) });
  });

  // The staff member's own language for their pages and e-mails (staff_users.language).
  router.post('/venue/language', async (req, res) => {
    const language = (req.body as Record<string, unknown> | undefined)?.language;
    if (language !== 'fr' && language !== 'en') return res.status(422).send('choose fr or en');
    await deps.portal.setStaffLanguage(currentStaff(res)!.id, language);
    res.redirect(303, '/venue?saved=language');
  });

  const renderSupplier = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const page = await deps.portal.supplierPage(req.params.supplierId as string);
    if (!page) throw new NotFoundError('supplier');
    const lang = langOf(res);
    const savedKey = req.query.saved === 'rates' ? 'venue_saved_rates' : req.query.saved === 'unchanged' ? 'venue_saved_unchanged' : null;
    const saved = savedKey ? t(lang, savedKey) : typeof req.query.saved === 'string' ? SAVED_MESSAGES.get(req.query.saved) : undefined;
    const view = supplierPageView(page, lang);
    const sheet = rateSheetView(lang, page.rates, view.spaceIds, extra.sheet as Parameters<typeof rateSheetView>[3]);
    const availability = deps.availability ? await portalAvailability(deps.availability, page.supplier.supplierId, lang, req.query.answered) : {};
    render(res, 'venue/supplier', { title: page.supplier.name, ...view, files: CATALOGUE_FILES, saved, ...availability, ...extra, sheet });
  };

  const afterEdit = async (req: Request, res: Response, result: { ok: true } | { ok: false; errors: string[] }, section: string) => {
    if (result.ok) return res.redirect(303, `/venue/${encodeURIComponent(req.params.supplierId as string)}?saved=${section}#${section}`);
    res.status(422);
    await renderSupplier(req, res, { errors: result.errors, errorSection: section });
  };

  router.get('/venue/:supplierId', supplierAccess, (req, res) => renderSupplier(req, res));

  router.post('/venue/:supplierId/profile', supplierAccess, async (req, res) => {
    const result = await deps.portal.saveProfile(actor(res), req.params.supplierId as string, req.body ?? {}, mayChangeTies(res));
    if (result.ok && result.proposed) return res.redirect(303, `/venue/${encodeURIComponent(req.params.supplierId as string)}?saved=proposed#profile`);
    await afterEdit(req, res, result, 'profile');
  });

  for (const [section, file] of Object.entries(ROW_SECTIONS)) {
    router.post(`/venue/:supplierId/${section}/save`, supplierAccess, async (req, res) => {
      await afterEdit(req, res, await deps.portal.saveRow(actor(res), req.params.supplierId as string, file, req.body ?? {}), section);
    });
    router.post(`/venue/:supplierId/${section}/remove`, supplierAccess, async (req, res) => {
      await afterEdit(req, res, await deps.portal.removeRow(actor(res), req.params.supplierId as string, file, req.body ?? {}), section);
    });
  }

  router.post('/venue/:supplierId/rates/sheet', supplierAccess, async (req, res) => {
    const rows = rateSheetFromForm((req.body ?? {}) as Record<string, unknown>);
    const result = await deps.portal.saveRateSheet(actor(res), req.params.supplierId as string, rows);
    if (result.ok || !result.rowErrors) return afterEdit(req, res, result, 'rates');
    res.status(422);
    await renderSupplier(req, res, { sheet: { rows, rowErrors: result.rowErrors } });
  });

  router.post('/venue/:supplierId/rates/unchanged', supplierAccess, async (req, res) => {
    await deps.portal.confirmRatesUnchanged(actor(res), req.params.supplierId as string);
    res.redirect(303, `/venue/${encodeURIComponent(req.params.supplierId as string)}?saved=unchanged`);
  });

  const renderPlan = (req: Request, res: Response, file: CatalogueFile, csv: string, outcome: UploadOutcome) => {
    const supplierId = req.params.supplierId as string;
    if (!outcome.ok && 'errors' in outcome) {
      res.status(422);
      return render(res, 'venue/preview', { title: 'Upload refused', supplierId, file, csv, errors: outcome.errors.map(formatCsvError), lang: 'en' });
    }
    const moved = !outcome.ok;
    const proposed = outcome.ok && outcome.proposed ? outcome.proposed.join(';') || '(none)' : null;
    const undo = outcome.ok ? outcome.undo : [];
    const exportedAt = outcome.ok ? outcome.exportedAt : null;
    render(res, 'venue/preview', { title: 'Check your upload', supplierId, file, csv, digest: outcome.digest, diff: diffView(outcome.diff), moved, proposed, undo, exportedAt, lang: 'en' });
  };

  const uploadInput = (req: Request) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!isCatalogueFile(body.file)) return null;
    // A picked file arrives as its bytes (base64, read by venue-upload.js), so that Windows-1252
    // and UTF-8 with a BOM are told apart here; pasted text arrives as text.
    const bytes = typeof body.file_bytes === 'string' && body.file_bytes !== '' ? Buffer.from(body.file_bytes, 'base64') : null;
    const csv = bytes ? decodeCsvBytes(bytes).text : typeof body.csv === 'string' ? body.csv : '';
    return { file: body.file, csv, digest: typeof body.digest === 'string' ? body.digest : '' };
  };

  router.post('/venue/:supplierId/upload', supplierAccess, async (req, res) => {
    const input = uploadInput(req);
    if (!input || input.csv.trim() === '') {
      return afterEdit(req, res, { ok: false, errors: ['upload: choose which file it is and paste or pick its contents'] }, 'upload');
    }
    renderPlan(req, res, input.file, input.csv, await deps.portal.previewUpload(req.params.supplierId as string, input.file, input.csv, mayChangeTies(res)));
  });

  router.post('/venue/:supplierId/upload/commit', supplierAccess, async (req, res) => {
    const input = uploadInput(req);
    if (!input) return afterEdit(req, res, { ok: false, errors: ['upload: unknown file'] }, 'upload');
    const outcome = await deps.portal.commitUpload(actor(res), req.params.supplierId as string, input.file, input.csv, input.digest, mayChangeTies(res));
    if (!outcome.ok) return renderPlan(req, res, input.file, input.csv, outcome);
    res.redirect(303, `/venue/${encodeURIComponent(req.params.supplierId as string)}?saved=upload`);
  });

  router.get('/venue/:supplierId/export/:file', supplierAccess, async (req, res) => {
    const file = req.params.file;
    if (!isCatalogueFile(file)) throw new NotFoundError('export file');
    const supplierId = req.params.supplierId as string;
    const text = await deps.portal.exportFile(supplierId, file);
    res.set('Content-Type', 'text/csv; charset=utf-8').attachment(`${supplierId}-${file}`).send(text);
  });

  return router;
}
