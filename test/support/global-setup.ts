import { startRedisServer } from './redis-server';

/**
 * Starts one private redis-server on a free port for the whole run; tests never touch the
 * machine's shared Redis. Each test uses its own queue prefix, so suites do not collide.
 */
export default async function globalSetup(): Promise<void> {
  const redis = await startRedisServer();
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_REDIS_PORT = String(redis.port);
  process.env.TEST_REDIS_PID = String(redis.pid);
  (globalThis as Record<string, unknown>).__pceRedis = redis;
}
