import { loadConfig, ConfigError } from '../platform/config';
import { createDb, migrateToLatest } from '../platform/db';
import { formatCsvError } from '../suppliers/csv';
import { importCatalogue, readCatalogueFolder } from '../suppliers/import-catalogue';

/** npm run import -- <folder> (SPEC §3). Exit 1 and write nothing on any invalid row. */
async function run(): Promise<number> {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write('usage: npm run import -- <folder holding suppliers.csv, spaces.csv, rates.csv and/or blackouts.csv>\n');
    return 2;
  }
  const files = readCatalogueFolder(folder);
  if (Object.keys(files).length === 0) {
    process.stderr.write(`${folder}: none of suppliers.csv, spaces.csv, rates.csv, blackouts.csv found\n`);
    return 1;
  }
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrateToLatest(db);
    const result = await importCatalogue(db, files, new Date());
    if (!result.ok) {
      for (const e of result.errors) process.stderr.write(formatCsvError(e) + '\n');
      process.stderr.write(`${result.errors.length} error(s); nothing was imported\n`);
      return 1;
    }
    const c = result.counts;
    process.stdout.write(`imported ${c.suppliers} suppliers, ${c.spaces} spaces, ${c.rates} rates, ${c.blackouts} blackouts\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `import failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
