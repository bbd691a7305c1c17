import express, { Router, type Request, type Response } from 'express';
import type { PageRenderer } from '../i18n/views';
import type { Clock } from '../platform/clock';
import { NotFoundError } from '../platform/errors';
import type { StaffStore } from '../auth/staff-store';
import { currentStaff, loadStaff, requireRole, requireStaff, requireSupplierAccess, staffLocals, verifyCsrf } from '../auth/staff-middleware';
import { CATALOGUE_FILES, csvError, describeCsvError, type CatalogueFile, type CatalogueSource, type UploadSource } from './csv';
import { isXlsx, readCatalogueSheet, sheetNameOf } from './csv/catalogue-workbook';
import type { PortalService, RowFile, UploadOutcome } from './portal-service';
import { diffView, rateSheetView, supplierPageView } from './portal-view';
import { rateSheetFromForm } from './portal-forms';
import { decodeCsvBytes } from './csv/csv-dialect';
import { t } from '../i18n/translate';
import { formatParis } from '../platform/clock';
import type { Language } from '../core/brief-schema';
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
    const savedKey = req.query.saved === 'rates' ? 'venue_saved_rates' : req.query.saved === 'unchanged' ? 'venue_saved_unchanged' : req.query.saved === 'upload' ? 'upload_saved' : null;
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
    const result = await deps.portal.saveProfile(actor(res), req.params.supplierId as string, req.body ?? {}, mayChangeTies(res), langOf(res));
    if (result.ok && result.proposed) return res.redirect(303, `/venue/${encodeURIComponent(req.params.supplierId as string)}?saved=proposed#profile`);
    await afterEdit(req, res, result, 'profile');
  });

  for (const [section, file] of Object.entries(ROW_SECTIONS)) {
    router.post(`/venue/:supplierId/${section}/save`, supplierAccess, async (req, res) => {
      await afterEdit(req, res, await deps.portal.saveRow(actor(res), req.params.supplierId as string, file, req.body ?? {}, langOf(res)), section);
    });
    router.post(`/venue/:supplierId/${section}/remove`, supplierAccess, async (req, res) => {
      await afterEdit(req, res, await deps.portal.removeRow(actor(res), req.params.supplierId as string, file, req.body ?? {}), section);
    });
  }

  router.post('/venue/:supplierId/rates/sheet', supplierAccess, async (req, res) => {
    const rows = rateSheetFromForm((req.body ?? {}) as Record<string, unknown>);
    const result = await deps.portal.saveRateSheet(actor(res), req.params.supplierId as string, rows, langOf(res));
    if (result.ok || !result.rowErrors) return afterEdit(req, res, result, 'rates');
    res.status(422);
    await renderSupplier(req, res, { sheet: { rows, rowErrors: result.rowErrors } });
  });

  router.post('/venue/:supplierId/rates/unchanged', supplierAccess, async (req, res) => {
    await deps.portal.confirmRatesUnchanged(actor(res), req.params.supplierId as string);
    res.redirect(303, `/venue/${encodeURIComponent(req.params.supplierId as string)}?saved=unchanged`);
  });

  /** The upload as the preview page carries it to the commit: a CSV's text, or a workbook's bytes. */
  interface UploadInput {
    file: CatalogueFile;
    csv: string;
    /** base64 of an .xlsx workbook, carried from the preview to the commit. */
    workbook: string | null;
    name: string;
    digest: string;
  }

  const renderPlan = (req: Request, res: Response, input: UploadInput, outcome: UploadOutcome) => {
    const supplierId = req.params.supplierId as string;
    const lang = langOf(res);
    const source: UploadSource = input.workbook ? { name: input.name, sheet: sheetNameOf(input.file) } : { name: input.name };
    const fileLabel = input.workbook ? t(lang, 'csv_file_sheet', { file: input.name, sheet: sheetNameOf(input.file) }) : input.name;
    const carried = { supplierId, file: input.file, csv: input.csv, fileBytes: input.workbook, fileName: input.name, fileLabel };
    if (!outcome.ok && 'errors' in outcome) {
      res.status(422);
      return render(res, 'venue/preview', { title: t(lang, 'preview_refused_title'), ...carried, errors: outcome.errors.map((e) => describeCsvError(lang, e, source)) });
    }
    const moved = !outcome.ok;
    const proposed = outcome.ok && outcome.proposed ? outcome.proposed.join(';') || t(lang, 'preview_no_partners') : null;
    const undo = (outcome.ok ? outcome.undo : []).map((u) => ({ key: u.key, when: t(lang, 'preview_undo_row', { when: formatParis(u.at, lang), actor: u.actor }) }));
    const exportedAt = outcome.ok ? outcome.exportedAt : null;
    const exportedAtText = exportedAt ? formatParis(exportedAt, lang) : '';
    render(res, 'venue/preview', { title: t(lang, 'preview_title'), ...carried, digest: outcome.digest, diff: diffView(outcome.diff), moved, proposed, undo, exportedAt, exportedAtText });
  };

  const uploadInput = (req: Request): UploadInput | null => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!isCatalogueFile(body.file)) return null;
    // A picked file arrives as its bytes (base64, read by venue-upload.js), so that Windows-1252
    // and UTF-8 with a BOM are told apart here, and a workbook is known by its bytes; pasted text arrives as text.
    const bytes = typeof body.file_bytes === 'string' && body.file_bytes !== '' ? Buffer.from(body.file_bytes, 'base64') : null;
    const workbook = bytes && isXlsx(bytes) ? (body.file_bytes as string) : null;
    const csv = workbook ? '' : bytes ? decodeCsvBytes(bytes).text : typeof body.csv === 'string' ? body.csv : '';
    // The name the person's file had, shown in messages ("tarifs.xlsx, sheet "rates", row 4"); only its last part, at most 120 characters.
    const given = typeof body.file_name === 'string' ? (body.file_name.split(/[\\/]/).pop() ?? '').trim().slice(0, 120) : '';
    const name = given || (workbook ? 'workbook.xlsx' : body.file);
    return { file: body.file, csv, workbook, name, digest: typeof body.digest === 'string' ? body.digest : '' };
  };

  /** What the pipeline reads: the CSV text, or the workbook's sheet read into the same records (refused here when unreadable). */
  const sourceOf = async (input: UploadInput): Promise<{ ok: true; source: CatalogueSource } | { ok: false; outcome: UploadOutcome }> => {
    if (!input.workbook) return { ok: true, source: input.csv };
    const read = await readCatalogueSheet(Buffer.from(input.workbook, 'base64'), input.file);
    return read.ok ? { ok: true, source: read.table } : { ok: false, outcome: { ok: false, errors: [csvError(input.file, 1, '-', read.problem)] } };
  };

  router.post('/venue/:supplierId/upload', supplierAccess, async (req, res) => {
    const input = uploadInput(req);
    if (!input || (!input.workbook && input.csv.trim() === '')) {
      return afterEdit(req, res, { ok: false, errors: [t(langOf(res), 'upload_choose')] }, 'upload');
    }
    const source = await sourceOf(input);
    if (!source.ok) return renderPlan(req, res, input, source.outcome);
    renderPlan(req, res, input, await deps.portal.previewUpload(req.params.supplierId as string, input.file, source.source, mayChangeTies(res)));
  });

  router.post('/venue/:supplierId/upload/commit', supplierAccess, async (req, res) => {
    const input = uploadInput(req);
    if (!input) return afterEdit(req, res, { ok: false, errors: [t(langOf(res), 'upload_unknown_file')] }, 'upload');
    const source = await sourceOf(input);
    if (!source.ok) return renderPlan(req, res, input, source.outcome);
    const outcome = await deps.portal.commitUpload(actor(res), req.params.supplierId as string, input.file, source.source, input.digest, mayChangeTies(res));
    if (!outcome.ok) return renderPlan(req, res, input, outcome);
    res.redirect(303, `/venue/${encodeURIComponent(req.params.supplierId as string)}?saved=upload`);
  });

  // Before export/:file, so that the workbook is not taken for an unknown file name.
  router.get('/venue/:supplierId/workbook.xlsx', supplierAccess, async (req, res) => {
    const supplierId = req.params.supplierId as string;
    const bytes = await deps.portal.exportWorkbook(supplierId);
    res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${supplierId}-catalogue.xlsx`).send(bytes);
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
