import type { RedisServer } from './redis-server';

export default async function globalTeardown(): Promise<void> {
  const redis = (globalThis as Record<string, unknown>).__pceRedis as RedisServer | undefined;
  await redis?.stop();
}
