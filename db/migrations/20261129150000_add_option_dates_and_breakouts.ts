import type { Knex } from 'knex';

/**
 * SPEC §5 and §8: each quote option names the date set it uses and its breakout spaces. Nullable: an
 * option of a brief with only its main dates (and every option stored before) keeps them empty and is
 * read as using the brief's dates with no breakout. Dates as YYYY-MM-DD text, breakouts as a JSON list
 * of space_ids. Safe to run twice; portable.
 */
export async function up(knex: Knex): Promise<void> {
  for (const column of ['start_date', 'end_date', 'breakout_space_ids'] as const) {
    if (!(await knex.schema.hasColumn('quote_options', column))) {
      await knex.schema.alterTable('quote_options', (t) => {
        t.text(column).nullable();
      });
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const column of ['start_date', 'end_date', 'breakout_space_ids'] as const) {
    if (await knex.schema.hasColumn('quote_options', column)) await knex.schema.alterTable('quote_options', (t) => t.dropColumn(column));
  }
}
