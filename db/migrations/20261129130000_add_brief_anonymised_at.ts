import type { Knex } from 'knex';

/**
 * SPEC §12: when a brief's personal data was anonymised (by the retention job or an erasure).
 * The retention job claims a brief by setting it (compare-and-set on NULL), so two workers never
 * both anonymise one. The start_date index narrows the daily pass to briefs whose event started
 * before the cutoff (an event ends on or after its start). Safe to run twice; portable.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('briefs', 'anonymised_at'))) {
    await knex.schema.alterTable('briefs', (t) => {
      t.timestamp('anonymised_at', { useTz: true }).nullable();
    });
  }
  await knex.raw('create index if not exists briefs_start_date_index on briefs (start_date)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists briefs_start_date_index');
  if (await knex.schema.hasColumn('briefs', 'anonymised_at')) {
    await knex.schema.alterTable('briefs', (t) => t.dropColumn('anonymised_at'));
  }
}
