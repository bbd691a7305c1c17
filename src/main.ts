import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError, type Config } from './platform/config';
import { startPrivateRedis, RedisBinaryMissingError, type PrivateRedis } from './platform/redis';
import { createServices, type Services } from './services';
import { createApp } from './app';
import { startWorkers, type WorkerHost } from '../workers/worker-host';
import { loadDemoCatalogueIfEmpty } from './suppliers/demo-catalogue';

type Mode = 'start' | 'web' | 'worker';

async function resolveRedis(config: Config, mode: Mode): Promise<{ url: string; privateRedis: PrivateRedis | null }> {
  if (config.redisUrl) return { url: config.redisUrl, privateRedis: null };
  if (mode !== 'start') throw new ConfigError([`config: REDIS_URL: required for npm run ${mode} (only npm start runs a private redis-server)`]);
  const privateRedis = await startPrivateRedis('./data/redis');
  return { url: privateRedis.url, privateRedis };
}

export async function main(mode: Mode): Promise<void> {
  let config: Readonly<Config>;
  let redis: { url: string; privateRedis: PrivateRedis | null };
  try {
    config = loadConfig();
    redis = await resolveRedis(config, mode);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof RedisBinaryMissingError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const services: Services = await createServices(config, redis.url);
  if (config.embeddedDatabase && mode !== 'worker') await loadDemoCatalogueIfEmpty(services);
  let server: Server | null = null;
  let workers: WorkerHost | null = null;
  if (mode !== 'worker') {
    const app = createApp(services);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(config.port, () => resolve(s));
    });
    services.logger.info('web listening', { url: config.publicUrl, port: (server.address() as AddressInfo).port });
  }
  services.relay.start();
  if (mode !== 'web') {
    workers = await startWorkers(services, { slaWatchEveryMs: config.slaWatchSeconds * 1000, observatoryEveryMs: config.observatorySeconds * 1000 });
    services.logger.info('worker started', { concurrency: config.workerConcurrency, mail: services.mailer.transport });
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info('stopping: letting running jobs finish', { signal });
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeIdleConnections();
    await closed;
    await workers?.close();
    await services.close();
    await redis.privateRedis?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

const mode = (process.argv[2] ?? 'start') as Mode;
if (require.main === module) {
  if (!['start', 'web', 'worker'].includes(mode)) {
    process.stderr.write(`usage: node dist/src/main.js start|web|worker\n`);
    process.exit(2);
  }
  main(mode).catch((err) => {
    process.stderr.write(`fatal: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
