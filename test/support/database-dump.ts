import type { Knex } from 'knex';
import { isSqlite } from '../../src/platform/db';

/** Every table of the database, read from the database itself (not from a list kept by hand). */
export async function tableNames(db: Knex): Promise<string[]> {
  if (isSqlite(db)) {
    const rows = (await db.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")) as { name: string }[];
    return rows.map((r) => r.name).sort();
  }
  const rows = (await db.raw("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")) as { rows: { table_name: string }[] };
  return rows.rows.map((r) => r.table_name).sort();
}

/** Every value of every row of every table, as text: what a database dump would hold. */
export async function dumpAllValues(db: Knex): Promise<{ table: string; column: string; value: string }[]> {
  const out: { table: string; column: string; value: string }[] = [];
  for (const table of await tableNames(db)) {
    for (const row of (await db(table).select('*')) as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        out.push({ table, column, value: value instanceof Date ? value.toISOString() : String(value) });
      }
    }
  }
  return out;
}

/** Every substring that could be a token (URL-safe base64 or hex, 16+ characters). */
export function tokenCandidates(text: string): string[] {
  return [...new Set(text.match(/[A-Za-z0-9_-]{16,}/g) ?? [])];
}
