import type { Knex } from 'knex';

/**
 * Indexes for the hub dashboard's read models (issue 5), measured with bench/dashboard.bench.ts
 * on 100,000 briefs:
 * - briefs (received_at, status, sla_due_at, quoted_at, sent_at): the period's KPIs, time-to-quote
 *   percentiles, histogram and weekly volume read only these columns, so on SQLite they are
 *   answered from the index without touching the rows (whose JSON payload is large);
 * - mail_log (status, updated_at): the latest failed e-mails without sorting every failed row.
 * Safe to run twice (IF NOT EXISTS), portable between SQLite and PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index if not exists briefs_period_index on briefs (received_at, status, sla_due_at, quoted_at, sent_at)');
  await knex.raw('create index if not exists mail_log_status_updated_at_index on mail_log (status, updated_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists mail_log_status_updated_at_index');
  await knex.raw('drop index if exists briefs_period_index');
}
