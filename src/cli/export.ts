import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeCatalogueFiles } from '../suppliers/csv';
import { runCli, withDatabase, type CliIo } from './cli-io';
import { storesFor } from '../stores';

/** npm run export -- <folder>: the four SPEC §3 files; importing them back changes nothing. */
export async function exportCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const folder = argv[0];
  if (!folder) {
    io.err('usage: npm run export -- <folder>\n');
    return 2;
  }
  return withDatabase(env, async (db) => {
    const files = writeCatalogueFiles(await storesFor(db).suppliers.loadCatalogue());
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text, 'utf8');
    io.out(`exported ${Object.keys(files).join(', ')} to ${folder}\n`);
    return 0;
  });
}

if (require.main === module) runCli(exportCli, 'export');
