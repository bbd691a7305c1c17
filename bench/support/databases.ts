import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';

export interface BenchDatabase {
  engine: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

/** SQLite always; PostgreSQL too when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server. */
export function benchEngines(): ('sqlite' | 'postgres')[] {
  return postgresAdminUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
}

function postgresAdminUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
}

/** A fresh empty database: a SQLite file in a temp folder, or a new PostgreSQL database beside the admin one. */
export async function createBenchDatabase(engine: 'sqlite' | 'postgres'): Promise<BenchDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pce-bench-'));
    return { engine, url: `sqlite:${path.join(dir, 'bench.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = postgresAdminUrl();
  if (!admin) throw new Error('PostgreSQL benchmarks need BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `pce_bench_${randomBytes(6).toString('hex')}`;
  const k = knexFactory({ client: 'pg', connection: admin, pool: { min: 0, max: 1 } });
  await k.raw(`create database ${name}`);
  await k.destroy();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    async drop() {
      const d = knexFactory({ client: 'pg', connection: admin, pool: { min: 0, max: 1 } });
      await d.raw(`drop database if exists ${name} with (force)`);
      await d.destroy();
    },
  };
}
