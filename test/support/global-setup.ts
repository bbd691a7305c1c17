import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startRedisServer } from './redis-server';

/**
 * Starts one private redis-server on a free port for the whole run; tests never touch the
 * machine's shared Redis. Each test uses its own queue prefix, so suites do not collide.
 */
export default async function globalSetup(): Promise<void> {
  // Tests that run real web/worker processes start the compiled entry points.
  // Type errors are reported by `npm test`'s own type-check; tsc still emits, so go on.
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: path.resolve(__dirname, '../..'), stdio: 'pipe' });
  } catch {
    process.stderr.write('global-setup: the build reported type errors; process tests use what it emitted\n');
  }
  const redis = await startRedisServer();
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_REDIS_PORT = String(redis.port);
  process.env.TEST_REDIS_PID = String(redis.pid);
  (globalThis as Record<string, unknown>).__pceRedis = redis;
}
