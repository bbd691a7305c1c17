import type { Knex } from 'knex';

/**
 * SPEC §9.2 and §11: the one-click links of availability requests. Each e-mail that carries a
 * request's links (the request itself, its reminder) gets its own token when it is sent, kept
 * here only as a SHA-256 hash (the mail log holds a placeholder), so the reminder's links and
 * the first e-mail's links both work until the request is answered or withdrawn.
 * `briefs.excluded_venues`: venues that declined a brief (JSON array of supplier ids, §9.4);
 * the re-match leaves them out.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('availability_links'))) {
    await knex.schema.createTable('availability_links', (t) => {
      t.string('token_hash', 64).primary();
      t.integer('request_id').notNullable().references('id').inTable('availability_requests').onDelete('CASCADE');
      t.integer('mail_id').nullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.index(['request_id']);
      t.index(['mail_id']);
    });
  }
  if (!(await knex.schema.hasColumn('briefs', 'excluded_venues'))) {
    await knex.schema.alterTable('briefs', (t) => {
      t.text('excluded_venues').nullable();
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('availability_links');
  if (await knex.schema.hasColumn('briefs', 'excluded_venues')) {
    await knex.schema.alterTable('briefs', (t) => t.dropColumn('excluded_venues'));
  }
}
