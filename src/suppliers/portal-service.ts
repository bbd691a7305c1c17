import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import type { StaffUser } from '../auth/staff-store';
import type { Blackout, Catalogue, Rate, Space, Supplier } from '../core/catalogue-types';
import { writeCatalogueFiles, type CatalogueFile, type CatalogueSource, type CsvError } from './csv';
import { writeCatalogueWorkbook } from './csv/catalogue-workbook';
import type { CatalogueReferences } from './csv/catalogue-rows';
import { leadsForSupplier, type SupplierLead } from './leads-read-model';
import { type AuditEntry } from './audit-store';
import { diffRows, rowsOf, SHAPES, type FileDiff } from './catalogue-diff';
import { applyFileDiff, confirmRatesNow } from './apply-catalogue-changes';
import { blackoutFromForm, profileFromForm, rateFromForm, spaceFromForm, type FormBody, type FormResult, type RateSheetRow } from './portal-forms';
import { exportedAtOf, planUpload, type UndoWarning } from './catalogue-upload';
import { ENTITY_OF_FILE } from './catalogue-diff';
import { exportStampLine } from './csv/csv-dialect';
import { withHubOwnedFieldsKept } from './hub-owned-fields';
import { recordProposal } from './supplier-proposals';
import { type SupplierProposal } from './proposal-store';
import { rateFreshness, type RateFreshness } from './rate-freshness';
import { rateKey } from './catalogue-diff';
import type { Language } from '../core/brief-schema';
import { t } from '../i18n/translate';
import { storesFor } from '../stores';

export interface PortalDeps {
  db: Knex;
  clock: Clock;
  rateStaleDays: number;
}

/** `proposed`: the edit asked for new partners, which now wait for the hub. */
export type EditResult = { ok: true; proposed?: boolean } | { ok: false; errors: string[]; rowErrors?: Map<number, string[]> };
export type RowFile = Exclude<CatalogueFile, 'suppliers.csv'>;
export type UploadOutcome =
  | { ok: true; diff: FileDiff<unknown>; digest: string; proposed: string[] | null; exportedAt: string | null; undo: UndoWarning[] }
  | { ok: false; errors: CsvError[] }
  | { ok: false; moved: true; diff: FileDiff<unknown>; digest: string };

export interface SupplierSummary {
  supplier: Supplier;
  freshness: RateFreshness;
}

export interface SupplierPage extends SupplierSummary {
  spaces: Space[];
  rates: Rate[];
  blackouts: Blackout[];
  audit: AuditEntry[];
  leads: SupplierLead[];
  /** Partners asked for by venue staff, waiting for the hub (SPEC §11). */
  pendingProposal: SupplierProposal | null;
}

/** The `orig_*` hidden fields that name the row an edit or removal is about. */
const ORIGINAL_KEY_FIELDS: Record<RowFile, string[]> = {
  'spaces.csv': ['space_id'],
  'rates.csv': ['item', 'space_id', 'valid_from'],
  'blackouts.csv': ['space_id', 'from'],
};

const READERS: Record<RowFile, (supplierId: string, body: FormBody, refs: CatalogueReferences, lang: Language) => FormResult<Space | Rate | Blackout>> = {
  'spaces.csv': spaceFromForm,
  'rates.csv': rateFromForm,
  'blackouts.csv': blackoutFromForm,
};

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The venue portal's use cases. Every change goes through one diff (held rows → wanted rows),
 * applied and audited in one transaction, with exactly the validation of the CSV import.
 */
export class PortalService {
  constructor(private readonly deps: PortalDeps) {}

  async overview(staff: StaffUser): Promise<SupplierSummary[]> {
    const store = storesFor(this.deps.db).suppliers;
    const suppliers = staff.role === 'venue_staff' ? await store.findSuppliers(staff.supplierIds) : (await store.loadCatalogue()).suppliers;
    return suppliers.map((supplier) => this.summary(supplier));
  }

  async supplierPage(supplierId: string): Promise<SupplierPage | null> {
    const catalogue = await storesFor(this.deps.db).suppliers.loadCatalogue({ supplierIds: [supplierId] });
    const supplier = catalogue.suppliers[0];
    if (!supplier) return null;
    const audit = await storesFor(this.deps.db).audit.listForSupplier(supplierId, 20);
    const leads = await leadsForSupplier(this.deps.db, supplierId);
    const pendingProposal = await storesFor(this.deps.db).proposals.pendingFor(supplierId);
    return { ...this.summary(supplier), spaces: catalogue.spaces, rates: catalogue.rates, blackouts: catalogue.blackouts, audit, leads, pendingProposal };
  }

  /** `mayChangeTies`: hub staff; venue staff's change of partners becomes a proposal (SPEC §11). */
  saveProfile(actor: string, supplierId: string, body: FormBody, mayChangeTies = false, lang: Language = 'en'): Promise<EditResult> {
    return this.edit(actor, supplierId, 'suppliers.csv', (catalogue, refs) => {
      const current = catalogue.suppliers[0]!;
      const result = profileFromForm(current, body, refs, lang);
      if (!result.ok) return result.errors;
      if (mayChangeTies) return { current: [current], wanted: [result.value] };
      const kept = withHubOwnedFieldsKept(current, result.value);
      return { current: [current], wanted: [kept.row], proposed: kept.proposed };
    });
  }

  /** Adds a row, or (when the form carries `orig_*` key fields) replaces that row. */
  saveRow(actor: string, supplierId: string, file: RowFile, body: FormBody, lang: Language = 'en'): Promise<EditResult> {
    return this.edit(actor, supplierId, file, (catalogue, refs) => {
      const result = READERS[file](supplierId, body, refs, lang);
      if (!result.ok) return result.errors;
      const shape = SHAPES[file] as { key(row: unknown): string };
      const held = rowsOf(catalogue, file, supplierId);
      const editing = ORIGINAL_KEY_FIELDS[file].some((f) => str(body[`orig_${f}`]) !== '');
      const original = editing ? held.find((row) => shape.key(row) === this.originalKey(supplierId, file, body)) : undefined;
      if (editing && !original) return [t(lang, 'venue_err_row_changed')];
      const newKey = shape.key(result.value);
      if (file === 'spaces.csv' && original && newKey !== shape.key(original)) return [t(lang, 'venue_err_space_keeps_id')];
      if ((!original || newKey !== shape.key(original)) && held.some((row) => shape.key(row) === newKey)) {
        return [t(lang, 'venue_err_same_key')];
      }
      return { current: original ? [original] : [], wanted: [result.value] };
    });
  }

  /**
   * The rates sheet: every row of the supplier's rates in one POST, applied all-or-nothing in one
   * transaction and audited row by row, like any edit. A row names the rate it showed by its key
   * (`orig`), looked up among this supplier's rates only: another supplier's rate cannot be named.
   * Saving a sheet with no change confirms the rates, as "rates unchanged" does (SPEC §3).
   */
  saveRateSheet(actor: string, supplierId: string, sheet: RateSheetRow[], lang: Language = 'en'): Promise<EditResult> {
    return this.edit(
      actor,
      supplierId,
      'rates.csv',
      (catalogue, refs) => {
        const held = new Map((rowsOf(catalogue, 'rates.csv', supplierId) as Rate[]).map((r) => [rateKey(r), r]));
        const rowErrors = new Map<number, string[]>();
        const current: Rate[] = [];
        const wanted: { row: Rate; index: number }[] = [];
        sheet.forEach((row, index) => {
          if (row.blank) return;
          const original = row.orig === '' ? undefined : held.get(row.orig);
          if (row.orig !== '' && !original) return rowErrors.set(index, [t(lang, 'venue_err_rate_changed')]);
          if (original) current.push(original);
          if (row.remove) return;
          const result = rateFromForm(supplierId, row.cells, refs, lang);
          if (!result.ok) return rowErrors.set(index, result.errors);
          wanted.push({ row: result.value, index });
        });
        // Keys stay unique: among the sheet's rows, and against rates the sheet did not show.
        const shown = new Set(current.map(rateKey));
        const firstRow = new Map<string, number>();
        for (const { row, index } of wanted) {
          const key = rateKey(row);
          const clash = firstRow.has(key) || (held.has(key) && !shown.has(key));
          if (clash) rowErrors.set(index, [...(rowErrors.get(index) ?? []), t(lang, 'venue_err_same_rate_key')]);
          if (!firstRow.has(key)) firstRow.set(key, index);
        }
        if (rowErrors.size) return { rowErrors };
        return { current, wanted: wanted.map((w) => w.row) };
      },
      { confirmRates: true },
    );
  }

  /** The staff member's language for their pages and e-mails (staff_users.language, 'fr' by default). */
  async staffLanguage(userId: number): Promise<Language> {
    return storesFor(this.deps.db).leadLanguages.staffLanguage(userId);
  }

  async setStaffLanguage(userId: number, language: Language): Promise<void> {
    await storesFor(this.deps.db).leadLanguages.setStaffLanguage(userId, language);
  }

  removeRow(actor: string, supplierId: string, file: RowFile, body: FormBody): Promise<EditResult> {
    return this.edit(actor, supplierId, file, (catalogue) => {
      const shape = SHAPES[file] as { key(row: unknown): string };
      const original = rowsOf(catalogue, file, supplierId).find((row) => shape.key(row) === this.originalKey(supplierId, file, body));
      if (!original) return ['this row was already removed: reload the page'];
      if (file === 'spaces.csv') {
        const spaceId = (original as Space).spaceId;
        if ([...catalogue.rates, ...catalogue.blackouts].some((r) => r.spaceId === spaceId)) {
          return [`space "${spaceId}" still has rates or blackouts: remove those first`];
        }
      }
      return { current: [original], wanted: [] };
    });
  }

  async confirmRatesUnchanged(actor: string, supplierId: string): Promise<void> {
    await this.deps.db.transaction((trx) => confirmRatesNow(trx, supplierId, actor, this.deps.clock.now()));
  }

  async previewUpload(supplierId: string, file: CatalogueFile, text: CatalogueSource, mayChangeTies = false): Promise<UploadOutcome> {
    const store = storesFor(this.deps.db).suppliers;
    const editedAfterExport = await this.editsAfterExport(this.deps.db, supplierId, file, text);
    return planUpload(file, text, supplierId, await store.loadCatalogue({ supplierIds: [supplierId] }), await store.existingKeys(), { mayChangeTies, editedAfterExport });
  }

  /** The audit entries of this file's rows made after the file's export stamp (none without one). */
  private async editsAfterExport(db: Knex, supplierId: string, file: CatalogueFile, text: CatalogueSource) {
    const exportedAt = exportedAtOf(text);
    return exportedAt ? storesFor(db).audit.since(supplierId, ENTITY_OF_FILE[file], new Date(exportedAt)) : [];
  }

  /** Re-validates and re-plans in the transaction; refuses if the data moved since the preview. */
  async commitUpload(actor: string, supplierId: string, file: CatalogueFile, text: CatalogueSource, digest: string, mayChangeTies = false): Promise<UploadOutcome> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (trx): Promise<UploadOutcome> => {
      const store = storesFor(trx).suppliers;
      const current = await store.loadCatalogue({ supplierIds: [supplierId] });
      const editedAfterExport = await this.editsAfterExport(trx, supplierId, file, text);
      const plan = planUpload(file, text, supplierId, current, await store.existingKeys(), { mayChangeTies, editedAfterExport });
      if (!plan.ok) return plan;
      if (plan.digest !== digest) return { ok: false, moved: true, diff: plan.diff, digest: plan.digest };
      await applyFileDiff(trx, plan.diff, actor, now);
      if (plan.proposed && current.suppliers[0]) await recordProposal(trx, current.suppliers[0], plan.proposed, actor, now);
      if (file === 'rates.csv') await confirmRatesNow(trx, supplierId, actor, now);
      return plan;
    });
  }

  /**
   * The web export starts with its time (`#exported_at=…`), which imports skip: an upload of the
   * file can then say which rows were edited after it was exported (SPEC §3).
   */
  async exportFile(supplierId: string, file: CatalogueFile): Promise<string> {
    const now = this.deps.clock.now();
    return exportStampLine(now) + writeCatalogueFiles(await storesFor(this.deps.db).suppliers.loadCatalogue({ supplierIds: [supplierId] }))[file];
  }

  /** All four files of the supplier as one workbook (catalogue-workbook.ts), stamped like the CSVs. */
  async exportWorkbook(supplierId: string): Promise<Buffer> {
    const catalogue = await storesFor(this.deps.db).suppliers.loadCatalogue({ supplierIds: [supplierId] });
    return writeCatalogueWorkbook(catalogue, this.deps.clock.now());
  }

  private summary(supplier: Supplier): SupplierSummary {
    return { supplier, freshness: rateFreshness(supplier.ratesConfirmedAt, this.deps.clock.now(), this.deps.rateStaleDays) };
  }

  private originalKey(supplierId: string, file: RowFile, body: FormBody): string {
    return [supplierId, ...ORIGINAL_KEY_FIELDS[file].map((f) => str(body[`orig_${f}`]))].join('/');
  }

  private async edit(
    actor: string,
    supplierId: string,
    file: CatalogueFile,
    plan: (
      catalogue: Catalogue,
      refs: CatalogueReferences,
    ) => { current: unknown[]; wanted: unknown[]; proposed?: string[] | null } | string[] | { rowErrors: Map<number, string[]> },
    options: { confirmRates?: boolean } = {},
  ): Promise<EditResult> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (trx): Promise<EditResult> => {
      const store = storesFor(trx).suppliers;
      const catalogue = await store.loadCatalogue({ supplierIds: [supplierId] });
      if (!catalogue.suppliers[0]) return { ok: false, errors: ['no such supplier'] };
      const existing = await store.existingKeys();
      const planned = plan(catalogue, { suppliers: new Map(existing.supplierKinds), spaces: existing.spaceKeys });
      if (Array.isArray(planned)) return { ok: false, errors: planned };
      if ('rowErrors' in planned) return { ok: false, errors: [], rowErrors: planned.rowErrors };
      const diff = diffRows(SHAPES[file] as never, planned.current, planned.wanted, true) as FileDiff<unknown>;
      await applyFileDiff(trx, diff, actor, now);
      if (planned.proposed) await recordProposal(trx, catalogue.suppliers[0], planned.proposed, actor, now);
      if (planned.proposed) return { ok: true, proposed: true };
      // Removing a rate is editing the rates too (SPEC §3): upserts already stamp the date.
      if (file === 'rates.csv' && diff.removed.length > 0) await store.confirmRates([supplierId], now);
      const unchanged = diff.added.length + diff.changed.length + diff.removed.length === 0;
      if (options.confirmRates && unchanged) await confirmRatesNow(trx, supplierId, actor, now);
      return { ok: true };
    });
  }
}
