import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Database, Statement } from 'better-sqlite3';
import { migrationSource } from '../../db/migrations';

export type Db = Knex;

// PostgreSQL hands back DATE as a local-time Date and BIGINT/NUMERIC as strings; the domain
// wants 'YYYY-MM-DD' strings and numbers (cents fit comfortably in 2^53).
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

export function isSqlite(db: Db): boolean {
  return db.client.config.client === 'better-sqlite3';
}

/** Distinct SQL texts kept prepared per SQLite connection; dynamic ones (IN lists, multi-row inserts) come and go. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * knex prepares every query anew, and on the worker's hot path preparing cost as much as
 * running (issue 7 profile). better-sqlite3 statements are reusable (knex only calls run/all,
 * which finish synchronously, and SQLite re-prepares a statement itself after a schema
 * change), so the connection keeps the most recently used ones by SQL text.
 */
function cachePreparedStatements(conn: Database): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, Statement>();
  conn.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql); // re-inserted below: the Map's order is then least recently used first
    } else {
      statement = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  }) as Database['prepare'];
}

export function createDb(url: string): Db {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        // WAL lets a web and several worker processes share one file; the busy timeout makes
        // a writer wait for another's lock instead of failing with SQLITE_BUSY.
        afterCreate: (conn: Database, done: (err: Error | null, conn: unknown) => void) => {
          cachePreparedStatements(conn);
          conn.pragma('journal_mode = WAL');
          conn.pragma('busy_timeout = 10000');
          conn.pragma('synchronous = NORMAL');
          conn.pragma('foreign_keys = ON');
          done(null, conn);
        },
      },
    });
  }
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}

/**
 * Brings the schema up to date. Several processes may start at once: knex's lock makes the
 * losers fail with a lock error (or a duplicate knex_migrations table), so they wait and retry.
 */
export async function migrateToLatest(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.migrate.latest({ migrationSource });
      return;
    } catch (err) {
      if (attempt >= 30) throw err;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
}

/** Timestamps are written as ISO strings and read back as ISO strings on both engines. */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value.includes('T') || value.includes('Z') ? value : value.replace(' ', 'T') + 'Z').toISOString();
  throw new TypeError(`not a timestamp: ${String(value)}`);
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
