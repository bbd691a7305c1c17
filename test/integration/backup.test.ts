import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { backupCli } from '../../src/cli/backup';
import { createDb, migrateToLatest, type Db } from '../../src/platform/db';
import { pgEnvironment } from '../../src/platform/backup-database';
import { TABLES } from '../../src/platform/tables';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

/**
 * Another process writing as the service does: each unit is one transaction holding a brief, its
 * quote version, one option and one e-mail, so a consistent copy holds whole units only. It
 * prints the number of units committed after each commit.
 */
const WRITER = `
const knex = require('knex');
const url = process.env.DATABASE_URL;
const db = url.startsWith('sqlite:')
  ? knex({ client: 'better-sqlite3', connection: { filename: url.slice(7) }, useNullAsDefault: true,
      pool: { min: 1, max: 1, afterCreate: (c, done) => { c.pragma('busy_timeout = 10000'); done(null, c); } } })
  : knex({ client: 'pg', connection: url, pool: { min: 1, max: 2 } });
let n = 0, stop = false;
process.on('SIGTERM', () => { stop = true; });
const id = (r) => (typeof r === 'object' ? r.id : r);
(async () => {
  while (!stop) {
    n += 1;
    const at = new Date().toISOString();
    await db.transaction(async (trx) => {
      const [b] = await trx('briefs').insert({ ref: 'BK-' + n, public_token: 'tok-' + n + '-' + process.pid, status: 'sent', payload: JSON.stringify({ organiser: { name: 'W', email: 'w' + n + '@example.org' }, event: { start_date: '2027-06-01', end_date: '2027-06-02', attendees: n } }),
        language: 'en', start_date: '2027-06-01', attendees: n, received_at: at, sla_due_at: at, quoted_at: at, sent_at: at }).returning('id');
      const [q] = await trx('quotes').insert({ brief_id: id(b), version: 1, created_at: at, created_by: 'machine', eliminated: '[]', sent_at: at }).returning('id');
      await trx('quote_options').insert({ quote_id: id(q), rank: 1, score: 0.5, stale_rates: false, venue_supplier_id: 'V', venue_name: 'V', venue_city: 'Nice', space_id: 'S', reasons: '[]', net_cents: n * 100, vat_cents: n * 20, gross_cents: n * 120 });
      await trx('mail_log').insert({ dedupe_key: 'draft_quote|' + id(b), kind: 'draft_quote', recipient: 'w' + n + '@example.org', brief_id: id(b), subject: 'Quote ' + n, html: '<p>' + 'x'.repeat(2000) + '</p>', text: 'x', status: 'delivered', attempts: 1, created_at: at, updated_at: at });
    });
    process.stdout.write(n + '\\n');
    // better-sqlite3 answers synchronously: without a turn of the event loop SIGTERM is never heard.
    await new Promise((r) => setImmediate(r));
  }
  await db.destroy();
  process.exit(0);
})().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\\n'); process.exit(1); });
`;

function startWriter(url: string): { child: ChildProcess; committed(): number; stop(): Promise<number> } {
  const child = spawn(process.execPath, ['-e', WRITER], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let committed = 0;
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => {
    const last = c.toString('utf8').trim().split('\n').pop();
    if (last) committed = Number(last);
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return {
    child,
    committed: () => committed,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`writer failed (${code}): ${stderr}`);
      return committed;
    },
  };
}

async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const log = (m: string) => process.env.BACKUP_DEBUG && process.stderr.write(`${new Date().toISOString()} ${m}\n`);
const n = async (db: Db, table: string) => Number(((await db(table).count({ n: '*' }).first()) as { n: unknown }).n);

describe('npm run backup', () => {
  let database: TestDatabase;
  let restored: TestDatabase | null = null;
  let dir: string;
  beforeEach(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pce-backup-'));
  });
  afterEach(async () => {
    await database.drop();
    await restored?.drop();
    restored = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('when another process writes all the time, then the backup restores into a fresh database with every brief, quote and e-mail committed before it began, and only whole units', async () => {
    const live = createDb(database.url);
    await migrateToLatest(live);
    const writer = startWriter(database.url);
    try {
      await waitUntil(() => writer.committed() >= 300, 'the writer to commit 300 units');
      log('300 committed');
      const committedBefore = await n(live, TABLES.briefs);
      log('counted');
      const target = path.join(dir, database.engine === 'sqlite' ? 'pce-backup.sqlite' : 'pce-backup.dump');
      const io = capture();
      const code = await backupCli([target], { DATABASE_URL: database.url }, io);
      expect({ code, stderr: io.stderr }).toEqual({ code: 0, stderr: '' });
      expect(io.stdout).toMatch(database.engine === 'sqlite' ? /^backed up to .* \(\d+ bytes\): \d+ briefs/ : /with pg_dump \(custom format\)/);
      log('backed up');
      const duringOrAfter = writer.committed();
      await waitUntil(() => writer.committed() > duringOrAfter + 20, 'the writer to go on writing');
      const total = await writer.stop();
      expect(await n(live, TABLES.briefs)).toBe(total);
      expect(existsSync(`${target}.partial`)).toBe(false);

      // Restore into a fresh database.
      let copy: Db;
      if (database.engine === 'sqlite') {
        const file = path.join(dir, 'restored.sqlite');
        copyFileSync(target, file);
        copy = createDb(`sqlite:${file}`);
      } else {
        restored = await createTestDatabase();
        await promisify(execFile)('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${pgEnvironment(restored.url).PGDATABASE}`, target], { env: { ...process.env, ...pgEnvironment(restored.url) } });
        copy = createDb(restored.url);
      }
      try {
        await migrateToLatest(copy);
        const briefs = await n(copy, TABLES.briefs);
        expect(briefs).toBeGreaterThanOrEqual(committedBefore);
        expect(briefs).toBeLessThanOrEqual(total);
        if (database.engine === 'sqlite') expect(io.stdout).toContain(`: ${briefs} briefs, ${briefs} quote versions, ${briefs} e-mails`);
        // Every brief committed before the backup began is there, each with its quote, option and e-mail.
        const refs = (await copy(TABLES.briefs).select('ref')).map((r: { ref: string }) => r.ref);
        for (let i = 1; i <= committedBefore; i++) expect(refs).toContain(`BK-${i}`);
        expect(await n(copy, TABLES.quotes)).toBe(briefs);
        expect(await n(copy, TABLES.quoteOptions)).toBe(briefs);
        expect(await n(copy, TABLES.mailLog)).toBe(briefs);
        const orphans = await copy(TABLES.briefs)
          .leftJoin(TABLES.quotes, 'quotes.brief_id', 'briefs.id')
          .leftJoin(TABLES.mailLog, 'mail_log.brief_id', 'briefs.id')
          .whereNull('quotes.id')
          .orWhereNull('mail_log.id')
          .count({ n: '*' })
          .first();
        expect(Number((orphans as { n: unknown }).n)).toBe(0);
        const sample = await copy(TABLES.briefs).where({ ref: 'BK-7' }).first();
        const option = await copy(TABLES.quoteOptions).join(TABLES.quotes, 'quotes.id', 'quote_options.quote_id').where('quotes.brief_id', sample.id).first('gross_cents');
        expect(Number(option.gross_cents)).toBe(7 * 120);
      } finally {
        await copy.destroy();
      }

      // A backup never overwrites a file.
      const again = capture();
      expect(await backupCli([target], { DATABASE_URL: database.url }, again)).toBe(1);
      expect(again.stderr).toContain('already exists');
    } finally {
      if (writer.child.exitCode === null) writer.child.kill('SIGKILL');
      await live.destroy();
    }
  }, 120_000);
});
