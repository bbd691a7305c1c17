import type { Knex } from 'knex';

/**
 * One counter row bumped in the same transaction as every catalogue write (suppliers, spaces,
 * rates, blackouts, rates confirmed). Workers cache the prepared catalogue per version and check
 * this one row per brief, which holds across processes and machines, unlike an in-process flag.
 * Safe to run twice: the table and its row are created only when missing.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('catalogue_version'))) {
    await knex.schema.createTable('catalogue_version', (t) => {
      t.integer('id').primary();
      t.bigInteger('version').notNullable();
    });
  }
  const row = await knex('catalogue_version').where({ id: 1 }).first('id');
  if (!row) await knex('catalogue_version').insert({ id: 1, version: 1 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('catalogue_version');
}
