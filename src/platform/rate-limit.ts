import type { RequestHandler } from 'express';
import { rateLimit, type Options, type IncrementResponse } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type IORedis from 'ioredis';

/** What rate-limit-redis expects back from a raw command (its own type is not exported). */
type RedisReply = boolean | number | string | (boolean | number | string)[];

/**
 * rate-limit-redis, made to survive a Redis that is down when the web process starts or goes
 * away later: its Lua scripts are loaded again on the next request instead of staying a
 * rejected promise for the life of the process.
 */
class ResilientRedisStore extends RedisStore {
  override async init(options: Options): Promise<void> {
    try {
      await super.init(options);
    } catch {
      this.reload(); // Redis is down: the scripts load on first use
    }
  }

  override async increment(key: string): Promise<IncrementResponse> {
    try {
      return await super.increment(key);
    } catch (err) {
      this.reload();
      throw err;
    }
  }

  private reload(): void {
    this.incrementScriptSha = this.loadIncrementScript();
    this.getScriptSha = this.loadGetScript();
    this.incrementScriptSha.catch(() => undefined);
    this.getScriptSha.catch(() => undefined);
  }
}

export interface RateLimitSpec {
  redis: IORedis;
  /** Key prefix in Redis: the deployment's queue prefix and the limit's name. */
  prefix: string;
  windowMs: number;
  limit: number;
  keyGenerator?: Options['keyGenerator'];
  handler?: Options['handler'];
  message?: Options['message'];
}

/**
 * SPEC §11: counters live in Redis, so every web process behind the load balancer shares them.
 * When Redis cannot answer, requests pass (passOnStoreError): a brief must never be refused
 * because the counter is unreachable — it is committed to the database and queued later.
 */
export function redisRateLimit(spec: RateLimitSpec): RequestHandler {
  const store = new ResilientRedisStore({
    prefix: spec.prefix,
    sendCommand: (command: string, ...args: string[]) => spec.redis.call(command, ...args) as Promise<RedisReply>,
  });
  return rateLimit({
    windowMs: spec.windowMs,
    limit: spec.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    store,
    ...(spec.keyGenerator ? { keyGenerator: spec.keyGenerator } : {}),
    ...(spec.handler ? { handler: spec.handler } : {}),
    ...(spec.message ? { message: spec.message } : {}),
  });
}
