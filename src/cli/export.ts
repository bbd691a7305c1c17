import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../platform/config';
import { createDb, migrateToLatest } from '../platform/db';
import { writeCatalogueFiles } from '../suppliers/csv';
import { SupplierStore } from '../suppliers/supplier-store';

/** npm run export -- <folder>: the four SPEC §3 files; importing them back changes nothing. */
async function run(): Promise<number> {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write('usage: npm run export -- <folder>\n');
    return 2;
  }
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrateToLatest(db);
    const files = writeCatalogueFiles(await new SupplierStore(db).loadCatalogue());
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text, 'utf8');
    process.stdout.write(`exported ${Object.keys(files).join(', ')} to ${folder}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `export failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
