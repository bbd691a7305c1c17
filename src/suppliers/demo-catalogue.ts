import type { Services } from '../services';
import { DEMO_DIR } from '../platform/paths';
import { formatCsvError } from './csv';
import { importCatalogueFolder } from './import-catalogue';

/**
 * The embedded default starts with the fictional demo catalogue so a newcomer's first brief
 * gets a real quote. Only into an empty database, and never when DATABASE_URL is explicit.
 */
export async function loadDemoCatalogueIfEmpty(services: Services): Promise<void> {
  if (!(await services.stores.suppliers.isEmpty())) return;
  const result = await importCatalogueFolder(services.db, DEMO_DIR, services.clock.now());
  if (!result.ok) throw new Error(`demo catalogue is invalid:\n${result.errors.map(formatCsvError).join('\n')}`);
  services.logger.info('demo catalogue loaded', { ...result.counts });
}
