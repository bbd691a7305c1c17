import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
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
        afterCreate: (conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
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
