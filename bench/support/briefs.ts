import { submitBrief } from '../../src/briefs/intake-service';
import { TABLES } from '../../src/platform/tables';
import type { Services } from '../../src/services';
import { demoBrief } from './app';

/** Stores `count` briefs through the intake use case (as POST /api/briefs does), numbered from `from`. */
export async function submitDemoBriefs(services: Services, from: number, count: number): Promise<void> {
  const deps = { intakeStore: services.stores.intake, renderer: services.renderer, clock: services.clock, slaHours: services.config.slaHours, afterCommit: () => void services.relay.kick().catch(() => undefined) };
  for (let i = from; i < from + count; i++) await submitBrief(deps, demoBrief(i));
}

/** Briefs the worker has not finished (received or matching). A read for the benchmark, not product code. */
export async function briefsPending(services: Services): Promise<number> {
  const row = (await services.db(TABLES.briefs).whereIn('status', ['received', 'matching']).count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}

export async function briefsByStatus(services: Services): Promise<Record<string, number>> {
  const rows = (await services.db(TABLES.briefs).select('status').count({ n: '*' }).groupBy('status')) as { status: string; n: number | string }[];
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
