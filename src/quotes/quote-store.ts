import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { SurveyLinkStore } from '../briefs/survey-link-store';
import { QuoteLinkStore } from './quote-link-store';
import { toBool, toIso, toIsoOrNull } from '../platform/db';
import type { CriterionResult, QuoteLine, QuoteOption } from '../core/quote-types';
import type { VatPct } from '../core/catalogue-types';

export interface EliminatedVenue {
  supplier_id: string;
  name: string;
  criterion: string;
  detail: string;
}

export interface StoredQuote {
  id: number;
  briefId: number;
  version: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
  sentAt: string | null;
  eliminated: EliminatedVenue[];
  options: QuoteOption[];
}

interface QuoteRow {
  id: number;
  brief_id: number;
  version: number;
  created_at: unknown;
  created_by: string;
  note: string | null;
  eliminated: string;
  sent_at: unknown;
}
interface OptionRow {
  id: number;
  quote_id: number;
  rank: number;
  score: number | string;
  stale_rates: unknown;
  venue_supplier_id: string;
  venue_name: string;
  venue_city: string;
  space_id: string;
  reasons: string;
  start_date: string | null;
  end_date: string | null;
  breakout_space_ids: string | null;
  net_cents: number | string;
  vat_cents: number | string;
  gross_cents: number | string;
}
interface LineRow {
  option_id: number;
  position: number;
  supplier_id: string;
  item: string;
  space_id: string | null;
  description: string;
  quantity: number;
  unit_price_cents: number | string;
  vat_pct: number | string;
  net_cents: number | string;
  vat_cents: number | string;
  gross_cents: number | string;
}

function lineToDomain(r: LineRow): QuoteLine {
  return {
    supplier_id: r.supplier_id,
    item: r.item as QuoteLine['item'],
    space_id: r.space_id,
    description: r.description,
    quantity: r.quantity,
    unit_price_cents: Number(r.unit_price_cents),
    vat_pct: Number(r.vat_pct) as VatPct,
    net_cents: Number(r.net_cents),
    vat_cents: Number(r.vat_cents),
    gross_cents: Number(r.gross_cents),
  };
}

/** Breakouts are kept only when the option has the field (a brief with breakouts): older options read as before. */
function breakoutsOf(ids: readonly string[] | undefined): { breakout_space_ids?: string[] } {
  return ids === undefined ? {} : { breakout_space_ids: [...ids] };
}

/** An option as the store keeps it: only its columns, score rounded as the column rounds it. */
function storedOption(o: QuoteOption): QuoteOption {
  return {
    rank: o.rank,
    score: Math.round(o.score * 10_000) / 10_000,
    stale_rates: o.stale_rates,
    venue: { supplier_id: o.venue.supplier_id, name: o.venue.name, city: o.venue.city, space_id: o.venue.space_id, ...breakoutsOf(o.venue.breakout_space_ids) },
    ...(o.dates ? { dates: { start_date: o.dates.start_date, end_date: o.dates.end_date } } : {}),
    reasons: JSON.parse(JSON.stringify(o.reasons)) as CriterionResult[],
    lines: o.lines.map((l) => ({ ...l })),
    totals: { net_cents: o.totals.net_cents, vat_cents: o.totals.vat_cents, gross_cents: o.totals.gross_cents },
  };
}

/**
 * Quotes are immutable versions: options and lines are a snapshot of the rates used, so a later
 * rate change never alters a quote already drafted or sent. Editing creates a new version.
 */
export class QuoteStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insertVersion(input: {
    briefId: number;
    createdAt: Date;
    createdBy: string;
    note: string | null;
    eliminated: EliminatedVenue[];
    options: QuoteOption[];
  }): Promise<StoredQuote> {
    const latest = await this.db(TABLES.quotes).where({ brief_id: input.briefId }).max({ v: 'version' }).first();
    const version = Number(latest?.v ?? 0) + 1;
    const [q] = await this.db(TABLES.quotes)
      .insert({
        brief_id: input.briefId,
        version,
        created_at: input.createdAt.toISOString(),
        created_by: input.createdBy,
        note: input.note,
        eliminated: JSON.stringify(input.eliminated),
      })
      .returning('id');
    const quoteId = typeof q === 'object' ? (q as { id: number }).id : (q as number);
    if (input.options.length > 0) {
      // Ranks are unique within a quote, so the returned ids are matched by rank, not by order.
      const inserted = (await this.db(TABLES.quoteOptions)
        .insert(
          input.options.map((option) => ({
            quote_id: quoteId,
            rank: option.rank,
            score: option.score,
            stale_rates: option.stale_rates,
            venue_supplier_id: option.venue.supplier_id,
            venue_name: option.venue.name,
            venue_city: option.venue.city,
            space_id: option.venue.space_id,
            reasons: JSON.stringify(option.reasons),
            start_date: option.dates?.start_date ?? null,
            end_date: option.dates?.end_date ?? null,
            breakout_space_ids: option.venue.breakout_space_ids === undefined ? null : JSON.stringify(option.venue.breakout_space_ids),
            net_cents: option.totals.net_cents,
            vat_cents: option.totals.vat_cents,
            gross_cents: option.totals.gross_cents,
          })),
        )
        .returning(['id', 'rank'])) as { id: number; rank: number }[];
      const optionIds = new Map(inserted.map((o) => [o.rank, o.id]));
      const lines = input.options.flatMap((option) => option.lines.map((l, position) => ({ option_id: optionIds.get(option.rank)!, position, ...l })));
      if (lines.length > 0) await this.db(TABLES.quoteLines).insert(lines);
    }
    // Built from what was written rather than read back (the worker's hot path, issue 7): the
    // same fields a read gives, score at the column's 4 decimals, in a copy of the caller's.
    return {
      id: quoteId,
      briefId: input.briefId,
      version,
      createdAt: input.createdAt.toISOString(),
      createdBy: input.createdBy,
      note: input.note,
      sentAt: null,
      eliminated: JSON.parse(JSON.stringify(input.eliminated)) as EliminatedVenue[],
      options: input.options.map(storedOption).sort((a, b) => a.rank - b.rank),
    };
  }

  async findLatest(briefId: number): Promise<StoredQuote | null> {
    const row = await this.db<QuoteRow>(TABLES.quotes).where({ brief_id: briefId }).orderBy('version', 'desc').first();
    return row ? this.hydrate(row) : null;
  }

  /** The latest version the organiser was sent: what the online quote shows while a newer draft is edited. */
  async findLatestSent(briefId: number): Promise<StoredQuote | null> {
    const row = await this.db<QuoteRow>(TABLES.quotes).where({ brief_id: briefId }).whereNotNull('sent_at').orderBy('version', 'desc').first();
    return row ? this.hydrate(row) : null;
  }

  async findVersion(briefId: number, version: number): Promise<StoredQuote | null> {
    const row = await this.db<QuoteRow>(TABLES.quotes).where({ brief_id: briefId, version }).first();
    return row ? this.hydrate(row) : null;
  }

  async markSent(quoteId: number, at: string): Promise<void> {
    await this.db(TABLES.quotes).where({ id: quoteId }).whereNull('sent_at').update({ sent_at: at });
  }

  /**
   * SPEC §12: every organiser link of these briefs stops working. The links minted for e-mails
   * are deleted, and the brief's own token hash is replaced by a random value that is the hash of
   * nothing anybody was given.
   */
  async voidTokens(briefIds: number[]): Promise<void> {
    for (const id of briefIds) {
      await this.db(TABLES.briefs).where({ id }).update({ public_token: randomBytes(32).toString('hex') });
    }
    await new QuoteLinkStore(this.db).voidForBriefs(briefIds);
    await new SurveyLinkStore(this.db).voidForBriefs(briefIds);
  }

  private async hydrate(row: QuoteRow): Promise<StoredQuote> {
    const optionRows = await this.db<OptionRow>(TABLES.quoteOptions).where({ quote_id: row.id }).orderBy('rank');
    const lineRows = optionRows.length
      ? await this.db<LineRow>(TABLES.quoteLines).whereIn('option_id', optionRows.map((o) => o.id)).orderBy(['option_id', 'position'])
      : [];
    const options = optionRows.map(
      (o): QuoteOption => ({
        rank: o.rank,
        score: Number(o.score),
        stale_rates: toBool(o.stale_rates),
        venue: {
          supplier_id: o.venue_supplier_id,
          name: o.venue_name,
          city: o.venue_city,
          space_id: o.space_id,
          ...breakoutsOf(o.breakout_space_ids === null || o.breakout_space_ids === undefined ? undefined : (JSON.parse(o.breakout_space_ids) as string[])),
        },
        ...(o.start_date && o.end_date ? { dates: { start_date: o.start_date, end_date: o.end_date } } : {}),
        reasons: JSON.parse(o.reasons) as CriterionResult[],
        lines: lineRows.filter((l) => l.option_id === o.id).map(lineToDomain),
        totals: { net_cents: Number(o.net_cents), vat_cents: Number(o.vat_cents), gross_cents: Number(o.gross_cents) },
      }),
    );
    return {
      id: row.id,
      briefId: row.brief_id,
      version: row.version,
      createdAt: toIso(row.created_at),
      createdBy: row.created_by,
      note: row.note,
      sentAt: toIsoOrNull(row.sent_at),
      eliminated: JSON.parse(row.eliminated) as EliminatedVenue[],
      options,
    };
  }
}
