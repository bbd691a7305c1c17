import type { Server } from 'node:http';
import type net from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/platform/config';
import { createServices, type Services } from '../../src/services';
import { createApp } from '../../src/app';
import { startWorkers, type WorkerHost } from '../../workers/worker-host';
import { importCatalogue, readCatalogueFolder } from '../../src/suppliers/import-catalogue';
import { DEMO_DIR } from '../../src/platform/paths';
import { createBenchDatabase, type BenchDatabase } from './databases';

export interface BenchApp {
  services: Services;
  database: BenchDatabase;
  baseUrl: string;
  startWorkers(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real product in this process: services, HTTP on port 0, optionally the workers, against a
 * fresh database holding the demo catalogue (db/demo, imported as `npm run import` would).
 */
export async function startBenchApp(engine: 'sqlite' | 'postgres', redisUrl: string, env: Record<string, string> = {}, options: { http?: boolean } = {}): Promise<BenchApp> {
  const database = await createBenchDatabase(engine);
  const config = loadConfig({ PORT: '0', DATABASE_URL: database.url, REDIS_URL: redisUrl, LOG_LEVEL: 'error', INTAKE_RATE_LIMIT: '100000000', ...env });
  const services = await createServices(config, redisUrl, { queuePrefix: `bench-${randomBytes(4).toString('hex')}` });
  const imported = await importCatalogue(services.db, readCatalogueFolder(DEMO_DIR), services.clock.now(), 'bench');
  if (!imported.ok) throw new Error('demo catalogue did not import');
  let server: Server | null = null;
  let baseUrl = '';
  if (options.http !== false) {
    server = await new Promise<Server>((resolve) => {
      const s = createApp(services).listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }
  services.relay.start(100);
  let workers: WorkerHost | null = null;
  return {
    services,
    database,
    baseUrl,
    async startWorkers() {
      workers = await startWorkers(services, { reconcileEveryMs: 3_600_000, slaWatchEveryMs: 3_600_000 });
    },
    async stop() {
      await workers?.close();
      if (server) {
        await new Promise<void>((resolve) => {
          server!.close(() => resolve());
          server!.closeAllConnections();
        });
      }
      await services.close();
      await database.drop();
    },
  };
}

/** A brief the demo catalogue quotes: Marseille or Aix, 120 theatre, lunches and breaks, rooms. */
export function demoBrief(i: number): Record<string, unknown> {
  const year = new Date().getUTCFullYear() + 1;
  const month = String(1 + (i % 9)).padStart(2, '0');
  return {
    organiser: { name: 'Ada Martin', organisation: 'SFC', email: `ada+${i}@example.org`, language: i % 2 ? 'fr' : 'en' },
    event: { title: `Seminar ${i}`, type: 'seminar', start_date: `${year}-${month}-10`, end_date: `${year}-${month}-11`, attendees: 60 + (i % 5) * 30, layout: 'theatre' },
    destinations: i % 3 === 0 ? ['Marseille'] : ['Marseille', 'Aix-en-Provence'],
    accommodation: { single_rooms: 20, double_rooms: 5, nights: 1 },
    catering: { lunches: true, coffee_breaks_per_day: 2, dinners: 1 },
    av: true,
  };
}
