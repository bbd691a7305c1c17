import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { CatalogueVersionStore } from './catalogue-version-store';
import { isSqlite, toBool, toIsoOrNull } from '../platform/db';
import {
  LAYOUTS,
  type Blackout,
  type Catalogue,
  type Layout,
  type Rate,
  type RateItem,
  type Space,
  type Supplier,
  type SupplierKind,
  type VatPct,
} from '../core/catalogue-types';

interface SupplierRow {
  supplier_id: string;
  name: string;
  kind: string;
  city: string;
  email: string;
  phone: string | null;
  quality_labels: string;
  bedrooms: number | null;
  accessible: unknown;
  associated_with: string;
  active: unknown;
  rates_confirmed_at: unknown;
}
type SpaceRow = { supplier_id: string; space_id: string; name: string } & Record<Layout, number | null>;
interface RateRow {
  supplier_id: string;
  item: string;
  space_id: string;
  price_cents: number | string;
  vat_pct: number | string;
  valid_from: string;
  valid_to: string | null;
}
interface BlackoutRow {
  supplier_id: string;
  space_id: string;
  from_date: string;
  to_date: string;
  reason: string | null;
}

const splitList = (s: string) => (s ? s.split(';').filter(Boolean) : []);

export const supplierMapping = {
  toDomain(r: SupplierRow): Supplier {
    return {
      supplierId: r.supplier_id,
      name: r.name,
      kind: r.kind as SupplierKind,
      city: r.city,
      email: r.email,
      phone: r.phone,
      qualityLabels: splitList(r.quality_labels),
      bedrooms: r.bedrooms,
      accessible: toBool(r.accessible),
      associatedWith: splitList(r.associated_with),
      active: toBool(r.active),
      ratesConfirmedAt: toIsoOrNull(r.rates_confirmed_at),
    };
  },
  toRow(s: Supplier): Omit<SupplierRow, 'rates_confirmed_at'> {
    return {
      supplier_id: s.supplierId,
      name: s.name,
      kind: s.kind,
      city: s.city,
      email: s.email,
      phone: s.phone,
      quality_labels: s.qualityLabels.join(';'),
      bedrooms: s.bedrooms,
      accessible: s.accessible,
      associated_with: s.associatedWith.join(';'),
      active: s.active,
    };
  },
};

function spaceToDomain(r: SpaceRow): Space {
  const capacities = Object.fromEntries(LAYOUTS.map((l) => [l, r[l] ?? null])) as Record<Layout, number | null>;
  return { supplierId: r.supplier_id, spaceId: r.space_id, name: r.name, capacities };
}
function spaceToRow(s: Space): SpaceRow {
  return { supplier_id: s.supplierId, space_id: s.spaceId, name: s.name, ...s.capacities };
}
function rateToDomain(r: RateRow): Rate {
  return {
    supplierId: r.supplier_id,
    item: r.item as RateItem,
    spaceId: r.space_id === '' ? null : r.space_id,
    priceCents: Number(r.price_cents),
    vatPct: Number(r.vat_pct) as VatPct,
    validFrom: r.valid_from,
    validTo: r.valid_to ?? null,
  };
}
function rateToRow(r: Rate): RateRow {
  return {
    supplier_id: r.supplierId,
    item: r.item,
    space_id: r.spaceId ?? '',
    price_cents: r.priceCents,
    vat_pct: r.vatPct,
    valid_from: r.validFrom,
    valid_to: r.validTo,
  };
}
function blackoutToDomain(r: BlackoutRow): Blackout {
  return { supplierId: r.supplier_id, spaceId: r.space_id === '' ? null : r.space_id, from: r.from_date, to: r.to_date, reason: r.reason };
}
function blackoutToRow(b: Blackout): BlackoutRow {
  return { supplier_id: b.supplierId, space_id: b.spaceId ?? '', from_date: b.from, to_date: b.to, reason: b.reason };
}

interface ReminderRow extends SupplierRow {
  rate_reminder_sent_at: unknown;
}

export interface RateReminderBounds {
  confirmedOnOrBefore: Date;
  remindedOnOrBefore: Date;
}

export interface RateReminderCandidate {
  supplier: Supplier;
  rateReminderSentAt: string | null;
}

/** Supplier kinds the pricing rules of SPEC §6 read rates from. */
const PRICED_KINDS: SupplierKind[] = ['convention_centre', 'hotel', 'seminar_venue', 'caterer', 'av'];

export interface UpsertCounts {
  suppliers: number;
  spaces: number;
  rates: number;
  blackouts: number;
}

export type CataloguePart = keyof Catalogue;
const CATALOGUE_PARTS: readonly CataloguePart[] = ['suppliers', 'spaces', 'rates', 'blackouts'];

/** Table, SPEC §3 key columns (with their PostgreSQL types) and mapping of each part, for the writes that work on any part. */
const PART_TABLES: {
  [P in CataloguePart]: { table: string; keys: readonly string[]; keyTypes: readonly string[]; toRow(row: Catalogue[P][number]): object; toDomain(row: never): Catalogue[P][number] };
} = {
  suppliers: { table: TABLES.suppliers, keys: ['supplier_id'], keyTypes: ['text'], toRow: supplierMapping.toRow, toDomain: supplierMapping.toDomain },
  spaces: { table: TABLES.spaces, keys: ['supplier_id', 'space_id'], keyTypes: ['text', 'text'], toRow: spaceToRow, toDomain: spaceToDomain },
  rates: {
    table: TABLES.rates,
    keys: ['supplier_id', 'item', 'space_id', 'valid_from'],
    keyTypes: ['text', 'text', 'text', 'date'],
    toRow: rateToRow,
    toDomain: rateToDomain,
  },
  blackouts: { table: TABLES.blackouts, keys: ['supplier_id', 'space_id', 'from_date'], keyTypes: ['text', 'text', 'date'], toRow: blackoutToRow, toDomain: blackoutToDomain },
};

/** The supplier database: suppliers, spaces, rates and blackouts. */
export class SupplierStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async loadCatalogue(filter: { supplierIds?: string[] } = {}): Promise<Catalogue> {
    const scoped = <T extends {}>(q: Knex.QueryBuilder<T>) => (filter.supplierIds ? q.whereIn('supplier_id', filter.supplierIds) : q);
    const queries = [
      () => scoped(this.db<SupplierRow>(TABLES.suppliers)).orderBy('supplier_id'),
      () => scoped(this.db<SpaceRow>(TABLES.spaces)).orderBy(['supplier_id', 'space_id']),
      () => scoped(this.db<RateRow>(TABLES.rates)).orderBy(['supplier_id', 'item', 'space_id', 'valid_from']),
      () => scoped(this.db<BlackoutRow>(TABLES.blackouts)).orderBy(['supplier_id', 'space_id', 'from_date']),
    ];
    // A transaction is one connection: queries on it must not overlap (pg warns, and will refuse).
    const [suppliers, spaces, rates, blackouts] = (this.db as Knex.Transaction).isTransaction
      ? await queries.reduce<Promise<unknown[][]>>(async (acc, q) => [...(await acc), (await q()) as unknown[]], Promise.resolve([]))
      : ((await Promise.all(queries.map((q) => q()))) as unknown[][]);
    return {
      suppliers: (suppliers as SupplierRow[]).map(supplierMapping.toDomain),
      spaces: (spaces as SpaceRow[]).map(spaceToDomain),
      rates: (rates as RateRow[]).map(rateToDomain),
      blackouts: (blackouts as BlackoutRow[]).map(blackoutToDomain),
    };
  }

  /** What a CSV may reference without redefining it: supplier ids (with kinds) and spaces. */
  async existingKeys(): Promise<{ supplierIds: Set<string>; spaceKeys: Set<string>; supplierKinds: Map<string, SupplierKind> }> {
    const suppliers = await this.db(TABLES.suppliers).select('supplier_id', 'kind');
    const spaces = await this.db(TABLES.spaces).select('supplier_id', 'space_id');
    return {
      supplierIds: new Set(suppliers.map((s: { supplier_id: string }) => s.supplier_id)),
      spaceKeys: new Set(spaces.map((s: { supplier_id: string; space_id: string }) => `${s.supplier_id}/${s.space_id}`)),
      supplierKinds: new Map(suppliers.map((s: { supplier_id: string; kind: string }) => [s.supplier_id, s.kind as SupplierKind])),
    };
  }

  /** The names of the venues' spaces, as quotes print them (no need for the whole catalogue). */
  async spaceNames(supplierIds: string[]): Promise<{ supplierId: string; spaceId: string; name: string }[]> {
    if (supplierIds.length === 0) return [];
    const rows = await this.db(TABLES.spaces).whereIn('supplier_id', supplierIds).select('supplier_id', 'space_id', 'name');
    return rows.map((r: { supplier_id: string; space_id: string; name: string }) => ({ supplierId: r.supplier_id, spaceId: r.space_id, name: r.name }));
  }

  async isEmpty(): Promise<boolean> {
    return this.isEmptyPart('suppliers');
  }

  async findSupplier(supplierId: string): Promise<Supplier | null> {
    const row = await this.db<SupplierRow>(TABLES.suppliers).where({ supplier_id: supplierId }).first();
    return row ? supplierMapping.toDomain(row) : null;
  }

  async findSuppliers(supplierIds: string[]): Promise<Supplier[]> {
    if (supplierIds.length === 0) return [];
    const rows = await this.db<SupplierRow>(TABLES.suppliers).whereIn('supplier_id', supplierIds).orderBy('supplier_id');
    return rows.map(supplierMapping.toDomain);
  }

  /**
   * Upserts by the SPEC §3 keys. Suppliers whose rates appear are marked confirmed at `now`.
   * Call inside a transaction: the import is all or nothing.
   */
  async upsert(part: Partial<Catalogue>, now: Date): Promise<UpsertCounts> {
    const counts: UpsertCounts = { suppliers: 0, spaces: 0, rates: 0, blackouts: 0 };
    for (const name of CATALOGUE_PARTS) {
      const rows = part[name];
      if (rows) counts[name] = await this.upsertRows(name, rows);
    }
    if (part.rates) await this.confirmRates([...new Set(part.rates.map((r) => r.supplierId))], now);
    await this.catalogueChanged();
    return counts;
  }

  /**
   * Upserts rows of one part by its SPEC §3 key, and nothing more: a writer that upserts in
   * several calls confirms rates and calls catalogueChanged() once, when it is done.
   */
  async upsertRows<P extends CataloguePart>(name: P, rows: Catalogue[P]): Promise<number> {
    const { table, keys, toRow } = PART_TABLES[name];
    const chunk = 200;
    for (let i = 0; i < rows.length; i += chunk) {
      await this.db(table).insert(rows.slice(i, i + chunk).map(toRow)).onConflict([...keys]).merge();
    }
    return rows.length;
  }

  /**
   * The rows held under the SPEC §3 keys of `rows`: what upserting them would overwrite. One
   * query answered from the primary key, in whatever order the keys come: SQLite gets
   * `(key…) in (values …)`; PostgreSQL, which would read a row-value list as one long OR (a
   * scan per query on a table whose statistics lag behind the import), gets one array a column.
   */
  async findByKeys<P extends CataloguePart>(name: P, rows: Catalogue[P]): Promise<Catalogue[P]> {
    if (rows.length === 0) return [];
    const { table, keys, keyTypes, toRow, toDomain } = PART_TABLES[name];
    const tuples = rows.map((row) => {
      const cells = toRow(row) as Record<string, unknown>;
      return keys.map((k) => cells[k] as string);
    });
    let query: Knex.QueryBuilder;
    if (keys.length === 1) {
      query = this.db(table).whereIn(keys[0]!, tuples.map((t) => t[0]!));
    } else if (isSqlite(this.db as Knex)) {
      query = this.db(table).whereIn([...keys], tuples);
    } else {
      const columns = keys.map((_, i) => tuples.map((t) => t[i]!));
      const sql = `(${keys.map(() => '??').join(', ')}) in (select * from unnest(${keyTypes.map((t) => `?::${t}[]`).join(', ')}))`;
      query = this.db(table).whereRaw(sql, [...keys, ...columns]);
    }
    return ((await query) as never[]).map(toDomain) as Catalogue[P];
  }

  /** True when the part's table holds no row at all. */
  async isEmptyPart(name: CataloguePart): Promise<boolean> {
    return !(await this.db(PART_TABLES[name].table).first(this.db.raw('1 as one')));
  }

  /** Tells catalogue readers (the workers' caches) that the catalogue moved; inside the writer's transaction. */
  async catalogueChanged(): Promise<void> {
    await new CatalogueVersionStore(this.db).bump();
  }

  /**
   * Active suppliers due a rate reminder (issue 3 monthly refresh): rates never confirmed or
   * confirmed on or before `confirmedOnOrBefore`, and no reminder since `remindedOnOrBefore`.
   */
  async rateReminderCandidates(bounds: RateReminderBounds, limit = 1000): Promise<RateReminderCandidate[]> {
    const rows = await this.whereDueReminder(this.db<ReminderRow>(TABLES.suppliers), bounds).orderBy('supplier_id').limit(limit);
    return (rows as ReminderRow[]).map((r) => ({ supplier: supplierMapping.toDomain(r), rateReminderSentAt: toIsoOrNull(r.rate_reminder_sent_at) }));
  }

  /**
   * Compare-and-set claim of one reminder: stamps rate_reminder_sent_at only while the supplier
   * is still due one, so of several concurrent workers exactly one gets true.
   */
  async claimRateReminder(supplierId: string, bounds: RateReminderBounds, at: Date): Promise<boolean> {
    const count = await this.whereDueReminder(this.db(TABLES.suppliers).where({ supplier_id: supplierId }), bounds).update({
      rate_reminder_sent_at: at.toISOString(),
    });
    return count === 1;
  }

  private whereDueReminder<Q extends Knex.QueryBuilder>(q: Q, bounds: RateReminderBounds): Q {
    return q
      .where('active', true)
      // Only kinds whose rates go into quotes: a courier or a furniture hire has none to confirm.
      .whereIn('kind', PRICED_KINDS)
      .where((w) => w.whereNull('rates_confirmed_at').orWhere('rates_confirmed_at', '<=', bounds.confirmedOnOrBefore.toISOString()))
      .where((w) => w.whereNull('rate_reminder_sent_at').orWhere('rate_reminder_sent_at', '<=', bounds.remindedOnOrBefore.toISOString())) as Q;
  }

  async confirmRates(supplierIds: string[], now: Date): Promise<void> {
    for (let i = 0; i < supplierIds.length; i += 500) {
      await this.db(TABLES.suppliers).whereIn('supplier_id', supplierIds.slice(i, i + 500)).update({ rates_confirmed_at: now.toISOString() });
    }
    // Freshness decides stale_rates, so confirming rates changes what a quote says.
    await new CatalogueVersionStore(this.db).bump();
  }

  async existingSupplierIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db(TABLES.suppliers).whereIn('supplier_id', ids).select('supplier_id');
    return new Set(rows.map((r: { supplier_id: string }) => r.supplier_id));
  }

  /** Suppliers whose name, city or id contains `term` (case-insensitive for ASCII), by name: the invitation's supplier search. */
  async searchSuppliers(term: string, limit = 30): Promise<SupplierChoice[]> {
    const like = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db(TABLES.suppliers)
      .where((w) => w.whereRaw("lower(name) like ? escape '\\'", [like]).orWhereRaw("lower(city) like ? escape '\\'", [like]).orWhereRaw("lower(supplier_id) like ? escape '\\'", [like]))
      .orderBy([{ column: 'name' }, { column: 'supplier_id' }])
      .limit(limit)
      .select('supplier_id', 'name', 'city', 'kind');
    return rows.map(toChoice);
  }

  async suppliersByIds(ids: string[]): Promise<SupplierChoice[]> {
    if (ids.length === 0) return [];
    const rows = await this.db(TABLES.suppliers).whereIn('supplier_id', ids).orderBy('name').select('supplier_id', 'name', 'city', 'kind');
    return rows.map(toChoice);
  }
}

export interface SupplierChoice {
  id: string;
  name: string;
  city: string;
  kind: string;
}

function toChoice(r: { supplier_id: string; name: string; city: string; kind: string }): SupplierChoice {
  return { id: r.supplier_id, name: r.name, city: r.city, kind: r.kind };
}
