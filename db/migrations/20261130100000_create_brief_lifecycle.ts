import type { Knex } from 'knex';

/**
 * SPEC §9, after the quote. One migration for the lifecycle's tables so every part of it
 * (availability requests, holds, the survey, the funnel) builds on the same schema:
 *
 * - `brief_status_events`: every status change with who and when (src/briefs/brief-lifecycle.ts
 *   writes it in the transaction that moves the brief); the funnel and `outcome` read it.
 * - `briefs.status_changed_at`, `briefs.lost_reason`.
 * - `availability_requests`: one per supplier asked about one option of one quote version; the
 *   one-click links are single-purpose tokens stored as SHA-256 hashes.
 * - `holds`: a venue's plenary and breakout spaces held for a brief's dates.
 * - `satisfaction_responses`: one per brief, the organiser's 0–10 score and comment.
 *
 * The statuses of the first version that §9 replaces are mapped: `accepted` (the organiser said
 * an option interests them) becomes `interested`, `declined` becomes `lost` (reason `other`).
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('brief_status_events'))) {
    await knex.schema.createTable('brief_status_events', (t) => {
      t.increments('id').primary();
      t.integer('brief_id').notNullable().references('id').inTable('briefs').onDelete('CASCADE');
      t.string('from_status', 20).notNullable();
      t.string('to_status', 20).notNullable();
      t.string('actor_kind', 16).notNullable();
      t.string('actor_ref', 254).nullable();
      t.string('reason', 64).nullable();
      t.text('comment').nullable();
      t.timestamp('at', { useTz: true }).notNullable();
      t.index(['brief_id', 'id']);
      t.index(['to_status', 'at']);
    });
  }
  if (!(await knex.schema.hasColumn('briefs', 'status_changed_at'))) {
    await knex.schema.alterTable('briefs', (t) => {
      t.timestamp('status_changed_at', { useTz: true }).nullable();
      t.string('lost_reason', 32).nullable();
    });
  }
  if (!(await knex.schema.hasTable('availability_requests'))) {
    await knex.schema.createTable('availability_requests', (t) => {
      t.increments('id').primary();
      t.integer('brief_id').notNullable().references('id').inTable('briefs').onDelete('CASCADE');
      t.integer('quote_version').notNullable();
      t.integer('option_rank').notNullable();
      t.string('supplier_id', 64).notNullable();
      /** `venue` (its confirmation holds spaces) or `service` (caterer, hotel, AV…). */
      t.string('role', 16).notNullable();
      t.string('token_hash', 64).notNullable().unique();
      /** open → confirmed | declined | withdrawn */
      t.string('status', 16).notNullable();
      t.string('decline_reason', 32).nullable();
      t.text('comment').nullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('remind_at', { useTz: true }).notNullable();
      t.timestamp('due_at', { useTz: true }).notNullable();
      t.timestamp('reminded_at', { useTz: true }).nullable();
      t.timestamp('overdue_at', { useTz: true }).nullable();
      t.timestamp('answered_at', { useTz: true }).nullable();
      t.string('answered_by', 254).nullable();
      t.index(['brief_id', 'id']);
      t.index(['status', 'due_at']);
      t.index(['supplier_id', 'status']);
    });
  }
  if (!(await knex.schema.hasTable('holds'))) {
    await knex.schema.createTable('holds', (t) => {
      t.increments('id').primary();
      t.integer('brief_id').notNullable().references('id').inTable('briefs').onDelete('CASCADE');
      t.integer('request_id').nullable();
      t.string('supplier_id', 64).notNullable();
      t.string('space_id', 64).notNullable();
      t.date('start_date').notNullable();
      t.date('end_date').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('expires_at', { useTz: true }).notNullable();
      /** active → booked | released | expired */
      t.string('status', 16).notNullable();
      t.timestamp('ended_at', { useTz: true }).nullable();
      t.string('end_reason', 32).nullable();
      t.index(['supplier_id', 'space_id', 'status']);
      t.index(['status', 'expires_at']);
      t.index(['brief_id']);
    });
  }
  if (!(await knex.schema.hasTable('satisfaction_responses'))) {
    await knex.schema.createTable('satisfaction_responses', (t) => {
      t.integer('brief_id').primary().references('id').inTable('briefs').onDelete('CASCADE');
      t.integer('score').notNullable();
      t.text('comment').nullable();
      t.timestamp('answered_at', { useTz: true }).notNullable();
      t.timestamp('commented_at', { useTz: true }).nullable();
    });
  }
  await knex('briefs').where({ status: 'accepted' }).update({ status: 'interested' });
  await knex('briefs').where({ status: 'declined' }).update({ status: 'lost', lost_reason: 'other' });
}

export async function down(knex: Knex): Promise<void> {
  await knex('briefs').whereIn('status', ['interested', 'confirmed']).update({ status: 'accepted' });
  await knex('briefs').whereIn('status', ['lost', 'booked']).update({ status: 'declined' });
  await knex.schema.dropTableIfExists('satisfaction_responses');
  await knex.schema.dropTableIfExists('holds');
  await knex.schema.dropTableIfExists('availability_requests');
  await knex.schema.dropTableIfExists('brief_status_events');
  if (await knex.schema.hasColumn('briefs', 'status_changed_at')) {
    await knex.schema.alterTable('briefs', (t) => {
      t.dropColumn('status_changed_at');
      t.dropColumn('lost_reason');
    });
  }
}
