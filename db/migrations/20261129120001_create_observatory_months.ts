import type { Knex } from 'knex';

/**
 * Issue 16: the observatory's figures materialised per month (see src/observatory/
 * observatory-month-store.ts). Only published figures are stored: a withheld cell is stored as
 * withheld, without its figures; supplier_leads holds each supplier's own leads of the month,
 * which only that supplier's staff are shown. Safe to run twice; portable between SQLite and PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable('observatory_months')) return;
  await knex.schema.createTable('observatory_months', (t) => {
    t.string('month_key', 7).primary();
    t.timestamp('computed_at', { useTz: true }).notNullable();
    t.text('cells').notNullable();
    t.text('supplier_leads').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('observatory_months');
}
