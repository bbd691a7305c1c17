import type { Knex } from 'knex';

/**
 * SPEC §9.7: the organiser's links to the satisfaction survey, kept only as SHA-256 hashes and
 * minted when the `satisfaction_survey` e-mail is sent (like the quote links). Single-purpose:
 * a survey token opens nothing but the survey of its brief.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('survey_links'))) {
    await knex.schema.createTable('survey_links', (t) => {
      t.string('token_hash', 64).primary();
      t.integer('brief_id').notNullable().references('id').inTable('briefs').onDelete('CASCADE');
      t.integer('mail_id').nullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.index(['brief_id']);
      t.index(['mail_id']);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('survey_links');
}
