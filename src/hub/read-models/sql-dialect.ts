import type { Knex } from 'knex';
import { isSqlite } from '../../platform/db';

/**
 * The few SQL expressions that differ between SQLite and PostgreSQL, for read models only.
 * Arguments are column expressions written in this folder, never user input; values travel
 * as bindings. SQLite keeps timestamps as ISO-8601 text (which julianday() reads, 'Z'
 * included); PostgreSQL as timestamptz.
 */
export interface Dialect {
  readonly sqlite: boolean;
  /** Seconds from `earlier` to `later`, a float. */
  secondsBetween(later: string, earlier: string): string;
  /** Seconds from a bound timestamp (one `?`) to `column`. */
  secondsSince(column: string): string;
  /** A text field of a JSON text column, e.g. jsonText('payload', ['event', 'title']). */
  jsonText(column: string, path: string[]): string;
  /** A FROM-clause fragment that joins each row to the elements of a JSON text array, as `alias.value`. */
  jsonArrayJoin(column: string, key: string, alias: string): string;
}

export function dialectOf(db: Knex): Dialect {
  if (isSqlite(db)) {
    return {
      sqlite: true,
      secondsBetween: (later, earlier) => `((julianday(${later}) - julianday(${earlier})) * 86400.0)`,
      secondsSince: (column) => `((julianday(${column}) - julianday(?)) * 86400.0)`,
      jsonText: (column, path) => `json_extract(${column}, '$.${path.join('.')}')`,
      jsonArrayJoin: (column, key, alias) => `left join json_each(${column}, '$.${key}') as ${alias} on true`,
    };
  }
  return {
    sqlite: false,
    secondsBetween: (later, earlier) => `extract(epoch from (${later} - ${earlier}))`,
    secondsSince: (column) => `extract(epoch from (${column} - ?::timestamptz))`,
    jsonText: (column, path) => `(${column}::json #>> '{${path.join(',')}}')`,
    jsonArrayJoin: (column, key, alias) => `left join lateral json_array_elements_text(${column}::json -> '${key}') as ${alias}(value) on true`,
  };
}

/** Counts come back as numbers on SQLite, as strings (bigint) or null (empty sum) on PostgreSQL. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

/** The rows of a knex.raw result on either engine. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
