import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { TABLES } from './tables';

export interface SqliteBackupResult {
  file: string;
  bytes: number;
  /** Rows in the copy: what a restore from it brings back. */
  counts: { briefs: number; quotes: number; emails: number };
}

export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

/** All remaining pages in one step: the copy is one read snapshot, never restarted by concurrent writers. */
const ALL_PAGES = 0x7fffffff;

/**
 * A consistent copy of a live SQLite database with SQLite's online backup API. In WAL mode the
 * copy reads one snapshot while web and workers keep writing. It is written beside the target,
 * switched to a single self-contained file (journal_mode DELETE), checked (integrity_check),
 * and only then renamed into place, so a half-written backup never carries the final name.
 */
export async function backupSqlite(sourceFile: string, target: string): Promise<SqliteBackupResult> {
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose a new file name`);
  if (!existsSync(sourceFile)) throw new BackupError(`no database file at ${sourceFile}`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(sourceFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    await source.backup(partial, { progress: () => ALL_PAGES });
  } catch (err) {
    rmSync(partial, { force: true });
    throw new BackupError(`the backup failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    source.close();
  }
  const copy = new Database(partial);
  let counts: SqliteBackupResult['counts'];
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy failed its integrity check: ${String(check)}`);
    const n = (table: string) => (copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    counts = { briefs: n(TABLES.briefs), quotes: n(TABLES.quotes), emails: n(TABLES.mailLog) };
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    throw err;
  }
  copy.close();
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, counts };
}

/** libpq's environment for a postgres:// URL, so the password never shows in a process list. */
export function pgEnvironment(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname);
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** The command an operator runs by hand when pg_dump is not on this machine's PATH. */
export function pgDumpCommand(url: string, target: string): string {
  const u = new URL(url);
  u.password = u.password ? '…' : '';
  return `pg_dump --format=custom --no-owner --file=${target} --dbname='${u.toString()}'`;
}

/**
 * pg_dump in custom format: one consistent snapshot (a repeatable-read transaction) of the whole
 * database while the service runs. Resolves false when pg_dump is not installed.
 */
export function backupPostgres(url: string, target: string): Promise<boolean> {
  if (existsSync(target)) return Promise.reject(new BackupError(`${target} already exists; choose a new file name`));
  const partial = `${target}.partial`;
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`], {
      env: { ...process.env, ...pgEnvironment(url) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? resolve(false) : reject(new BackupError(`pg_dump could not start: ${err.message}`, { cause: err }))));
    child.on('exit', (code) => {
      if (code === 0) {
        renameSync(partial, target);
        resolve(true);
      } else {
        rmSync(partial, { force: true });
        reject(new BackupError(`pg_dump exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      }
    });
  });
}
