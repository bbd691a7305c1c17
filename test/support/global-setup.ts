import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startRedisServer } from './redis-server';

/**
 * Starts one private redis-server on a free port for the whole run; tests never touch the
 * machine's shared Redis. Each test uses its own queue prefix, so suites do not collide.
 */
export default async function globalSetup(): Promise<void> {
  // Tests that run real web/worker processes start the compiled entry points.
  // A failed build must stop the run: process tests would otherwise test a stale dist/.
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: path.resolve(__dirname, '../..'), stdio: 'pipe' });
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`global-setup: the build failed, so the process tests cannot run:\n${out}`);
  }
  const redis = await startRedisServer();
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_REDIS_PORT = String(redis.port);
  process.env.TEST_REDIS_PID = String(redis.pid);
  (globalThis as Record<string, unknown>).__pceRedis = redis;
}
