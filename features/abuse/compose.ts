import type { RedisClient } from '#platform/clients/redis.ts';
import type { RateLimiter } from './port.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';

/** The rate limits and attempt counters: in Redis, beside the hot path's other keys. */
export function composeRateLimiter(infra: { redis: RedisClient }): RateLimiter {
  return new RedisRateLimiter(infra.redis);
}
