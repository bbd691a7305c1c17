import type { Knex } from 'knex';

/**
 * The whole domain of SPEC: catalogue, briefs, quotes (versions, options, lines), mail log,
 * outbox, staff and audit. Portable between SQLite and PostgreSQL: no enums, no arrays;
 * JSON kept in text columns; keys that may be "empty" use '' rather than NULL so that
 * composite primary keys behave the same on both engines.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('suppliers', (t) => {
    t.string('supplier_id', 64).primary();
    t.string('name', 300).notNullable();
    t.string('kind', 32).notNullable();
    t.string('city', 120).notNullable();
    t.string('email', 254).notNullable();
    t.string('phone', 60).nullable();
    t.text('quality_labels').notNullable().defaultTo('');
    t.integer('bedrooms').nullable();
    t.boolean('accessible').notNullable().defaultTo(false);
    t.text('associated_with').notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('rates_confirmed_at', { useTz: true }).nullable();
    t.timestamp('rate_reminder_sent_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('spaces', (t) => {
    t.string('supplier_id', 64).notNullable().references('suppliers.supplier_id');
    t.string('space_id', 64).notNullable();
    t.string('name', 300).notNullable();
    for (const layout of ['theatre', 'classroom', 'banquet', 'cabaret', 'reception', 'boardroom']) t.integer(layout).nullable();
    t.primary(['supplier_id', 'space_id']);
  });

  await knex.schema.createTable('rates', (t) => {
    t.string('supplier_id', 64).notNullable().references('suppliers.supplier_id');
    t.string('item', 40).notNullable();
    t.string('space_id', 64).notNullable().defaultTo('');
    t.bigInteger('price_cents').notNullable();
    t.decimal('vat_pct', 4, 1).notNullable();
    t.date('valid_from').notNullable();
    t.date('valid_to').nullable();
    t.primary(['supplier_id', 'item', 'space_id', 'valid_from']);
  });

  await knex.schema.createTable('blackouts', (t) => {
    t.string('supplier_id', 64).notNullable().references('suppliers.supplier_id');
    t.string('space_id', 64).notNullable().defaultTo('');
    t.date('from_date').notNullable();
    t.date('to_date').notNullable();
    t.string('reason', 300).nullable();
    t.primary(['supplier_id', 'space_id', 'from_date']);
  });

  await knex.schema.createTable('briefs', (t) => {
    t.increments('id').primary();
    t.string('ref', 32).nullable().unique();
    t.string('public_token', 64).notNullable().unique();
    t.string('status', 20).notNullable();
    t.text('payload').notNullable();
    t.string('language', 2).notNullable();
    t.date('start_date').notNullable();
    t.integer('attendees').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('sla_due_at', { useTz: true }).notNullable();
    t.timestamp('quoted_at', { useTz: true }).nullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.text('review_reasons').notNullable().defaultTo('[]');
    t.timestamp('sla_warning_at', { useTz: true }).nullable();
    t.timestamp('sla_breach_at', { useTz: true }).nullable();
    t.integer('interest_rank').nullable();
    t.timestamp('interest_at', { useTz: true }).nullable();
    t.index(['status', 'sla_due_at']);
    t.index(['received_at']);
  });

  await knex.schema.createTable('quotes', (t) => {
    t.increments('id').primary();
    t.integer('brief_id').notNullable().references('briefs.id');
    t.integer('version').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('created_by', 254).notNullable();
    t.text('note').nullable();
    t.text('eliminated').notNullable().defaultTo('[]');
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.unique(['brief_id', 'version']);
  });

  await knex.schema.createTable('quote_options', (t) => {
    t.increments('id').primary();
    t.integer('quote_id').notNullable().references('quotes.id');
    t.integer('rank').notNullable();
    t.decimal('score', 6, 4).notNullable();
    t.boolean('stale_rates').notNullable();
    t.string('venue_supplier_id', 64).notNullable();
    t.string('venue_name', 300).notNullable();
    t.string('venue_city', 120).notNullable();
    t.string('space_id', 64).notNullable();
    t.text('reasons').notNullable();
    t.bigInteger('net_cents').notNullable();
    t.bigInteger('vat_cents').notNullable();
    t.bigInteger('gross_cents').notNullable();
    t.unique(['quote_id', 'rank']);
  });

  await knex.schema.createTable('quote_lines', (t) => {
    t.increments('id').primary();
    t.integer('option_id').notNullable().references('quote_options.id');
    t.integer('position').notNullable();
    t.string('supplier_id', 64).notNullable();
    t.string('item', 40).notNullable();
    t.string('space_id', 64).nullable();
    t.string('description', 500).notNullable();
    t.integer('quantity').notNullable();
    t.bigInteger('unit_price_cents').notNullable();
    t.decimal('vat_pct', 4, 1).notNullable();
    t.bigInteger('net_cents').notNullable();
    t.bigInteger('vat_cents').notNullable();
    t.bigInteger('gross_cents').notNullable();
    t.index(['supplier_id']);
  });

  await knex.schema.createTable('mail_log', (t) => {
    t.increments('id').primary();
    t.string('dedupe_key', 400).notNullable().unique();
    t.string('kind', 32).notNullable();
    t.string('recipient', 254).notNullable();
    t.integer('brief_id').nullable().references('briefs.id');
    t.integer('quote_version').nullable();
    t.string('supplier_id', 64).nullable();
    t.string('subject', 500).notNullable();
    t.text('html').notNullable();
    t.text('text').notNullable();
    t.string('status', 16).notNullable();
    t.string('transport', 8).nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('last_error', 500).nullable();
    t.string('message_id', 300).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.index(['status']);
    t.index(['brief_id']);
  });

  await knex.schema.createTable('outbox', (t) => {
    t.increments('id').primary();
    t.string('queue', 40).notNullable();
    t.string('job_id', 100).notNullable();
    t.text('data').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('relayed_at', { useTz: true }).nullable();
    t.index(['relayed_at']);
  });

  await knex.schema.createTable('staff_users', (t) => {
    t.increments('id').primary();
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('role', 20).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('staff_user_suppliers', (t) => {
    t.integer('user_id').notNullable().references('staff_users.id');
    t.string('supplier_id', 64).notNullable().references('suppliers.supplier_id');
    t.primary(['user_id', 'supplier_id']);
  });

  await knex.schema.createTable('login_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.integer('user_id').notNullable().references('staff_users.id');
    t.string('next_path', 300).nullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('staff_sessions', (t) => {
    t.string('session_hash', 64).primary();
    t.integer('user_id').notNullable().references('staff_users.id');
    t.string('csrf_token', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('actor', 254).notNullable();
    t.string('entity', 40).notNullable();
    t.string('entity_key', 300).notNullable();
    t.string('action', 20).notNullable();
    t.text('old_value').nullable();
    t.text('new_value').nullable();
    t.index(['entity', 'entity_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log', 'staff_sessions', 'login_tokens', 'staff_user_suppliers', 'staff_users', 'outbox', 'mail_log',
    'quote_lines', 'quote_options', 'quotes', 'briefs', 'blackouts', 'rates', 'spaces', 'suppliers',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
