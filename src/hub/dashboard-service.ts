import type { Knex } from 'knex';
import type { Clock } from '../platform/clock';
import { BriefBoardReadModel, type BriefBoard } from './read-models/brief-board-read-model';
import { KpiReadModel, type Kpis } from './read-models/kpi-read-model';
import { ChartReadModel, type ChartData } from './read-models/chart-read-model';
import { RateFreshnessReadModel, type RateFreshnessBoard } from './read-models/rate-freshness-read-model';
import { MailFailuresReadModel, type FailedEmail } from './read-models/mail-failures-read-model';
import type { DashboardPeriod } from './dashboard-period';
import { FunnelReadModel, type Funnel } from './read-models/funnel-read-model';

export interface DashboardData {
  now: Date;
  period: DashboardPeriod;
  board: BriefBoard;
  /** Absent on a live refresh, which reloads only the board. */
  kpis?: Kpis;
  charts?: ChartData;
  freshness?: RateFreshnessBoard;
  failedEmails?: { total: number; latest: FailedEmail[] };
  /** SPEC §9.8. */
  funnel?: Funnel;
}

export interface DashboardDeps {
  db: Knex;
  clock: Clock;
  rateStaleDays: number;
}

/** Everything the /hub page shows, read through the hub's read models (never the stores). */
export class DashboardService {
  private readonly board: BriefBoardReadModel;
  private readonly kpis: KpiReadModel;
  private readonly charts: ChartReadModel;
  private readonly freshness: RateFreshnessReadModel;
  private readonly mail: MailFailuresReadModel;
  private readonly funnel: FunnelReadModel;

  constructor(private readonly deps: DashboardDeps) {
    this.board = new BriefBoardReadModel(deps.db);
    this.kpis = new KpiReadModel(deps.db);
    this.charts = new ChartReadModel(deps.db);
    this.freshness = new RateFreshnessReadModel(deps.db);
    this.mail = new MailFailuresReadModel(deps.db);
    this.funnel = new FunnelReadModel(deps.db);
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** The board only: what a live refresh of the page needs every few seconds. */
  async live(period: DashboardPeriod): Promise<DashboardData> {
    const now = this.deps.clock.now();
    return { now, period, board: await this.board.load(now) };
  }

  /** Sequential on purpose: SQLite has one connection, and on PostgreSQL each query is short. */
  async load(period: DashboardPeriod): Promise<DashboardData> {
    const now = this.deps.clock.now();
    return {
      now,
      period,
      board: await this.board.load(now),
      kpis: await this.kpis.load(period, now),
      charts: await this.charts.load(period, period.weekAnchor, now),
      freshness: await this.freshness.load(now, this.deps.rateStaleDays),
      failedEmails: await this.mail.load(),
      funnel: await this.funnel.load(period),
    };
  }
}
