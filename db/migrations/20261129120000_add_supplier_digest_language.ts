import type { Knex } from 'knex';

/**
 * Issue 16: the language of a supplier's monthly observatory digest. NULL means French (the
 * hub's default); venue staff may choose English on /observatory. Safe to run twice.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('suppliers', 'digest_language'))) {
    await knex.schema.alterTable('suppliers', (t) => {
      t.string('digest_language', 2).nullable();
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  if (await knex.schema.hasColumn('suppliers', 'digest_language')) {
    await knex.schema.alterTable('suppliers', (t) => {
      t.dropColumn('digest_language');
    });
  }
}
