import type { Knex } from 'knex';

/**
 * SPEC §11. Links that let someone in are never stored in clear:
 * - login_tokens.mail_id ties a sign-in link to the e-mail that carries it; the token itself is
 *   minted when that e-mail is sent, so the mail log only ever holds a redacted copy;
 * - quote_links holds the hash of each organiser link (/q/<token>) minted for an e-mail;
 * - app_secrets holds the key that signs the pre-sign-in CSRF values (generated once);
 * - supplier_proposals holds the changes venue staff propose to what ties suppliers together
 *   or ranks them (kind, active, associated_with), which only hub staff may apply.
 * Safe to run twice; portable.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('login_tokens', 'mail_id'))) {
    await knex.schema.alterTable('login_tokens', (t) => {
      t.integer('mail_id').nullable();
      t.index(['mail_id'], 'login_tokens_mail_id_index');
      t.index(['user_id'], 'login_tokens_user_id_index');
    });
  }
  if (!(await knex.schema.hasTable('quote_links'))) {
    await knex.schema.createTable('quote_links', (t) => {
      t.string('token_hash', 64).primary();
      t.integer('brief_id').notNullable().references('briefs.id');
      t.integer('mail_id').nullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.index(['mail_id'], 'quote_links_mail_id_index');
      t.index(['brief_id'], 'quote_links_brief_id_index');
    });
  }
  // Counting the acknowledgements sent to one address (SPEC §11).
  await knex.raw('create index if not exists mail_log_recipient_kind_index on mail_log (recipient, kind)');
  if (!(await knex.schema.hasTable('app_secrets'))) {
    await knex.schema.createTable('app_secrets', (t) => {
      t.string('name', 40).primary();
      t.string('value', 128).notNullable();
    });
  }
  if (!(await knex.schema.hasTable('supplier_proposals'))) {
    await knex.schema.createTable('supplier_proposals', (t) => {
      t.increments('id').primary();
      t.string('supplier_id', 64).notNullable().references('suppliers.supplier_id');
      t.text('changes').notNullable();
      t.string('proposed_by', 254).notNullable();
      t.string('status', 12).notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.string('decided_by', 254).nullable();
      t.timestamp('decided_at', { useTz: true }).nullable();
      t.index(['status', 'id'], 'supplier_proposals_status_index');
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('supplier_proposals');
  await knex.schema.dropTableIfExists('app_secrets');
  await knex.schema.dropTableIfExists('quote_links');
  await knex.raw('drop index if exists mail_log_recipient_kind_index');
  if (await knex.schema.hasColumn('login_tokens', 'mail_id')) {
    await knex.schema.alterTable('login_tokens', (t) => {
      t.dropIndex(['mail_id'], 'login_tokens_mail_id_index');
      t.dropIndex(['user_id'], 'login_tokens_user_id_index');
      t.dropColumn('mail_id');
    });
  }
}
