import type { Knex } from 'knex';

/**
 * The venue portal shows each supplier's latest catalogue changes: audit rows carry the
 * supplier they concern, indexed, instead of a LIKE over entity_key (ids may hold `_`, a
 * LIKE wildcard).
 * Safe to run twice: each step checks what is already there.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('audit_log', 'supplier_id'))) {
    await knex.schema.alterTable('audit_log', (t) => {
      t.string('supplier_id', 64).nullable();
      t.index(['supplier_id', 'id'], 'audit_log_supplier_id_index');
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  if (await knex.schema.hasColumn('audit_log', 'supplier_id')) {
    await knex.schema.alterTable('audit_log', (t) => {
      t.dropIndex(['supplier_id', 'id'], 'audit_log_supplier_id_index');
      t.dropColumn('supplier_id');
    });
  }
}
