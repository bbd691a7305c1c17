import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';

export interface TestDatabase {
  url: string;
  engine: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test: a SQLite file in a temp folder, or — when
 * TEST_DATABASE_URL is set — a new PostgreSQL database created beside it and dropped after.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pce-db-'));
    return { url: `sqlite:${path.join(dir, 'test.sqlite')}`, engine: 'sqlite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `pce_test_${randomBytes(6).toString('hex')}`;
  const knex = knexFactory({ client: 'pg', connection: admin, pool: { min: 0, max: 1 } });
  await knex.raw(`create database ${name}`);
  await knex.destroy();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    engine: 'postgres',
    async drop() {
      const k = knexFactory({ client: 'pg', connection: admin, pool: { min: 0, max: 1 } });
      await k.raw(`drop database if exists ${name} with (force)`);
      await k.destroy();
    },
  };
}
