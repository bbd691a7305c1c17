import type { Knex } from 'knex';
import { loadConfig, ConfigError } from '../platform/config';
import { createDb, migrateToLatest } from '../platform/db';

/** Where a CLI writes, so tests can run it in-process and read what a person would see. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export function runCli(main: (argv: string[], env: NodeJS.ProcessEnv, io: CliIo) => Promise<number>, name: string): void {
  main(process.argv.slice(2), process.env, processIo).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** Opens the configured database with its schema up to date, runs `work`, and always closes it. */
export async function withDatabase<T>(env: NodeJS.ProcessEnv, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = createDb(loadConfig(env).databaseUrl);
  try {
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
  }
}
