import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import type { StaffUser } from '../auth/staff-store';
import { normaliseName } from '../core/names';
import type { Language } from '../core/brief-schema';
import { ObservatoryReadModel } from './observatory-read-model';
import { ANYWHERE, assembleGrid, REGION, type Grid } from './observatory-grid';
import { freshMonths } from './observatory-refresh';
import type { MonthSelection } from './observatory-months';
import { storesFor } from '../stores';

/** How the query string names briefs open to anywhere in the region. */
export const ANYWHERE_PARAM = 'anywhere';

export interface OwnMonth {
  leads: number;
  interested: number;
}

export interface ObservatoryReport {
  /** When the oldest figures shown were computed. */
  generatedAt: string;
  selection: MonthSelection;
  /** The destination key shown month by month (REGION for the whole region). */
  destination: string;
  destinationError: string | null;
  grid: Grid;
  /** Venue staff only: their own suppliers' leads per selected month, never anyone else's. */
  own: { suppliers: string[]; months: OwnMonth[]; digestLanguage: Language } | null;
}

export interface ObservatoryQuery {
  selection: MonthSelection;
  /** As typed in the query string; matched to a destination key like the matcher matches cities. */
  destination: string | null;
  staff: StaffUser;
}

export interface ObservatoryDeps {
  db: Knex;
  clock: Clock;
}

/** What /observatory, its CSV and the monthly digest show, read through the observatory's read model. */
export class ObservatoryService {
  private readonly reads: ObservatoryReadModel;

  constructor(private readonly deps: ObservatoryDeps) {
    this.reads = new ObservatoryReadModel(deps.db);
  }

  async load(query: ObservatoryQuery): Promise<ObservatoryReport> {
    const { months } = query.selection;
    const now = this.deps.clock.now();
    // Sequential on purpose: SQLite has one connection.
    const stored = await freshMonths(this.deps.db, months, now);
    const grid = assembleGrid(stored.map((m) => m.cells));
    let own: ObservatoryReport['own'] = null;
    if (query.staff.role === 'venue_staff') {
      // Only this person's suppliers are read out of the stored months: never anyone else's.
      const counts = stored.map((m) => {
        const month: OwnMonth = { leads: 0, interested: 0 };
        for (const id of query.staff.supplierIds) {
          month.leads += m.leads[id]?.leads ?? 0;
          month.interested += m.leads[id]?.interested ?? 0;
        }
        return month;
      });
      own = { suppliers: await this.reads.supplierNames(query.staff.supplierIds), months: counts, digestLanguage: await this.digestLanguage(query.staff) };
    }
    const raw = query.destination?.trim() ?? '';
    const wanted = raw === '' || raw === REGION ? REGION : raw === ANYWHERE_PARAM ? ANYWHERE : normaliseName(raw);
    const known = grid.destinations.some((d) => d.key === wanted);
    return {
      generatedAt: stored.reduce((oldest, m) => (m.computedAt < oldest ? m.computedAt : oldest), now.toISOString()),
      selection: query.selection,
      destination: known ? wanted : REGION,
      destinationError: known ? null : 'No brief named that destination in these months; showing the whole region.',
      grid,
      own,
    };
  }

  /** English only when every supplier of this venue staff member chose it; French otherwise. */
  async digestLanguage(staff: StaffUser): Promise<Language> {
    const languages = [...(await storesFor(this.deps.db).digests.languages(staff.supplierIds)).values()];
    return languages.length > 0 && languages.every((l) => l === 'en') ? 'en' : 'fr';
  }

  /** Venue staff choose the digest's language for the suppliers they manage. */
  async setDigestLanguage(staff: StaffUser, language: Language): Promise<void> {
    await storesFor(this.deps.db).digests.setLanguage(staff.supplierIds, language);
  }
}
