import { formatCsvError } from '../suppliers/csv';
import { catalogueFilesIn, importCatalogueFolder } from '../suppliers/import-catalogue';
import { runCli, withDatabase, type CliIo } from './cli-io';

/** npm run import -- <folder> (SPEC §3). Exit 1 and write nothing on any invalid row. */
export async function importCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const folder = argv[0];
  if (!folder) {
    io.err('usage: npm run import -- <folder holding suppliers.csv, spaces.csv, rates.csv and/or blackouts.csv>\n');
    return 2;
  }
  if (Object.keys(catalogueFilesIn(folder)).length === 0) {
    io.err(`${folder}: none of suppliers.csv, spaces.csv, rates.csv, blackouts.csv found\n`);
    return 1;
  }
  return withDatabase(env, async (db) => {
    const result = await importCatalogueFolder(db, folder, new Date());
    if (!result.ok) {
      for (const e of result.errors) io.err(formatCsvError(e) + '\n');
      io.err(`${result.errors.length} error(s); nothing was imported\n`);
      return 1;
    }
    const c = result.counts;
    io.out(`imported ${c.suppliers} suppliers, ${c.spaces} spaces, ${c.rates} rates, ${c.blackouts} blackouts\n`);
    return 0;
  });
}

if (require.main === module) runCli(importCli, 'import');
