import type { Knex } from 'knex';

/**
 * SPEC §7: a brief whose organiser wrote notes carries a `follow_up` task on the hub board until a
 * staff member marks it done (when and by whom), and supplier staff may choose the language of their
 * lead e-mails (French unless they chose English). Safe to run twice; portable.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('briefs', 'follow_up_done_at'))) {
    await knex.schema.alterTable('briefs', (t) => {
      t.boolean('follow_up_open').notNullable().defaultTo(false);
      t.timestamp('follow_up_done_at', { useTz: true }).nullable();
      t.string('follow_up_done_by', 254).nullable();
    });
  }
  // The hub board lists open follow-ups: a handful among every brief ever received.
  await knex.raw('create index if not exists briefs_follow_up_open_index on briefs (follow_up_open, sent_at)');
  if (!(await knex.schema.hasColumn('staff_users', 'language'))) {
    await knex.schema.alterTable('staff_users', (t) => {
      t.string('language', 2).notNullable().defaultTo('fr');
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  if (await knex.schema.hasColumn('staff_users', 'language')) await knex.schema.alterTable('staff_users', (t) => t.dropColumn('language'));
  await knex.raw('drop index if exists briefs_follow_up_open_index');
  if (await knex.schema.hasColumn('briefs', 'follow_up_done_at')) {
    await knex.schema.alterTable('briefs', (t) => {
      t.dropColumn('follow_up_open');
      t.dropColumn('follow_up_done_at');
      t.dropColumn('follow_up_done_by');
    });
  }
}
