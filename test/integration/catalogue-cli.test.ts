import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCli } from '../../src/cli/import';
import { exportCli } from '../../src/cli/export';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { createDb } from '../../src/platform/db';
import { DEMO_DIR } from '../../src/platform/paths';
import { TABLES } from '../../src/platform/tables';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

describe('npm run import / export', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
  });
  afterEach(async () => database.drop());

  const count = async (table: string) => {
    const db = createDb(database.url);
    try {
      return Number(((await db(table).count({ n: '*' }).first()) as { n: number | string }).n);
    } finally {
      await db.destroy();
    }
  };

  it('when the demo catalogue is imported and exported, then re-importing the export changes nothing and exports identical files', async () => {
    const io = capture();
    expect(await importCli([DEMO_DIR], env, io)).toBe(0);
    expect(io.stdout).toMatch(/^imported \d+ suppliers, \d+ spaces, \d+ rates, \d+ blackouts\n$/);
    const first = mkdtempSync(path.join(os.tmpdir(), 'pce-export-'));
    expect(await exportCli([first], env, capture())).toBe(0);
    for (const f of ['suppliers.csv', 'spaces.csv', 'rates.csv', 'blackouts.csv']) {
      expect(readFileSync(path.join(first, f), 'utf8')).toBe(readFileSync(path.join(DEMO_DIR, f), 'utf8'));
    }
    const rates = await count(TABLES.rates);
    expect(await importCli([first], env, capture())).toBe(0);
    expect(await count(TABLES.rates)).toBe(rates);
    const second = mkdtempSync(path.join(os.tmpdir(), 'pce-export-'));
    expect(await exportCli([second], env, capture())).toBe(0);
    for (const f of ['suppliers.csv', 'spaces.csv', 'rates.csv', 'blackouts.csv']) {
      expect(readFileSync(path.join(second, f), 'utf8')).toBe(readFileSync(path.join(first, f), 'utf8'));
    }
  });

  it('when any row is wrong, then every error is printed as file:line: column: message, it exits 1 and nothing is written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pce-import-'));
    cpSync(DEMO_DIR, dir, { recursive: true });
    const rates = readFileSync(path.join(dir, 'rates.csv'), 'utf8').split('\n');
    rates[1] = rates[1]!.replace(/,(\d+\.\d\d),/, ',abc,');
    rates.splice(2, 0, 'NOPE,lunch,,30.00,10,2027-01-01,');
    writeFileSync(path.join(dir, 'rates.csv'), rates.join('\n'));
    const io = capture();
    expect(await importCli([dir], env, io)).toBe(1);
    expect(io.stderr).toMatch(/^rates\.csv:2: price_eur: .+$/m);
    expect(io.stderr).toMatch(/^rates\.csv:3: supplier_id: .+$/m);
    expect(io.stderr).toContain('nothing was imported');
    expect(await count(TABLES.suppliers)).toBe(0);
    expect(await count(TABLES.rates)).toBe(0);
  });
});
