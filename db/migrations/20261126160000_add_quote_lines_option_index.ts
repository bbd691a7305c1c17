import type { Knex } from 'knex';

/**
 * quote_lines are always read by option (a quote is hydrated option by option). Without this
 * index every hydration scanned all lines ever written, so the worker slowed as quotes piled
 * up (found profiling the worker benchmark). Safe to run twice; portable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index if not exists quote_lines_option_id_index on quote_lines (option_id, position)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists quote_lines_option_id_index');
}
