import type { Knex } from 'knex';

/**
 * Issue 15, "All briefs" search: brief_search holds, per brief, the lower-cased text staff search
 * (ref, organiser name, organisation, event title, notes) — a hundred bytes instead of the whole
 * JSON payload, so a LIKE '%…%' over 100,000 briefs reads a narrow table (bench/brief-list.bench.ts).
 * Database triggers keep it in step with every insert and every update of ref or payload
 * (including the anonymisation of §12, which rewrites the payload), whoever writes the row.
 * Safe to run twice; portable (one trigger body per engine).
 */
const FIELDS = (sqlite: boolean, row: string) => {
  const field = (path: string[]) => (sqlite ? `json_extract(${row}.payload, '$.${path.join('.')}')` : `(${row}.payload::json #>> '{${path.join(',')}}')`);
  const parts = [`${row}.ref`, field(['organiser', 'name']), field(['organiser', 'organisation']), field(['event', 'title']), field(['notes'])];
  return `lower(${parts.map((p) => `coalesce(${p}, '')`).join(` || ' | ' || `)})`;
};

export async function up(knex: Knex): Promise<void> {
  const sqlite = knex.client.config.client === 'better-sqlite3';
  if (!(await knex.schema.hasTable('brief_search'))) {
    await knex.schema.createTable('brief_search', (t) => {
      t.integer('brief_id').primary();
      t.text('text').notNullable();
    });
  }
  if (sqlite) {
    await knex.raw(`create trigger if not exists briefs_search_insert after insert on briefs begin
      insert or replace into brief_search (brief_id, text) values (new.id, ${FIELDS(true, 'new')}); end`);
    await knex.raw(`create trigger if not exists briefs_search_update after update of ref, payload on briefs begin
      insert or replace into brief_search (brief_id, text) values (new.id, ${FIELDS(true, 'new')}); end`);
    await knex.raw(`create trigger if not exists briefs_search_delete after delete on briefs begin
      delete from brief_search where brief_id = old.id; end`);
  } else {
    await knex.raw(`create or replace function brief_search_sync() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          delete from brief_search where brief_id = old.id;
          return null;
        end if;
        insert into brief_search (brief_id, text) values (new.id, ${FIELDS(false, 'new')})
          on conflict (brief_id) do update set text = excluded.text;
        return null;
      end $$`);
    await knex.raw('drop trigger if exists briefs_search_sync on briefs');
    await knex.raw('create trigger briefs_search_sync after insert or delete or update of ref, payload on briefs for each row execute function brief_search_sync()');
  }
  // Briefs received before this migration.
  await knex.raw(`insert into brief_search (brief_id, text) select b.id, ${FIELDS(sqlite, 'b')} from briefs b where not exists (select 1 from brief_search s where s.brief_id = b.id)`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'better-sqlite3') {
    for (const t of ['briefs_search_insert', 'briefs_search_update', 'briefs_search_delete']) await knex.raw(`drop trigger if exists ${t}`);
  } else {
    await knex.raw('drop trigger if exists briefs_search_sync on briefs');
    await knex.raw('drop function if exists brief_search_sync()');
  }
  await knex.schema.dropTableIfExists('brief_search');
}
