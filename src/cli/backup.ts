import path from 'node:path';
import { loadConfig } from '../platform/config';
import { backupPostgres, backupSqlite, BackupError, pgDumpCommand } from '../platform/backup-database';
import { runCli, type CliIo } from './cli-io';

const USAGE = 'usage: npm run backup -- <file>\n';

/**
 * npm run backup -- <file>: a consistent copy of the configured database while the service runs.
 * SQLite: the online backup API, checked and counted. PostgreSQL: pg_dump (custom format) when it
 * is on PATH; otherwise the command to run on a machine that has it, and exit 1.
 */
export async function backupCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    io.err(USAGE);
    return 2;
  }
  const target = path.resolve(argv[0]!);
  const url = loadConfig(env).databaseUrl;
  try {
    if (url.startsWith('sqlite:')) {
      const result = await backupSqlite(path.resolve(url.slice('sqlite:'.length)), target);
      io.out(`backed up to ${result.file} (${result.bytes} bytes): ${result.counts.briefs} briefs, ${result.counts.quotes} quote versions, ${result.counts.emails} e-mails\n`);
      return 0;
    }
    if (await backupPostgres(url, target)) {
      io.out(`backed up to ${target} with pg_dump (custom format); restore with pg_restore (see README, "Backups")\n`);
      return 0;
    }
    io.err(`pg_dump is not on PATH; install the PostgreSQL client (same major version as the server or newer) or run:\n  ${pgDumpCommand(url, target)}\n`);
    return 1;
  } catch (err) {
    if (err instanceof BackupError) {
      io.err(`backup: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) runCli(backupCli, 'backup');
