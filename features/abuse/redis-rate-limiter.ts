import type { RedisClient } from '#platform/clients/redis.ts';
import { USER_HASH_TTL_SECONDS, userKeys } from '#platform/clients/user-hash.ts';
import { ScriptCode } from '#platform/lua/script-codes.ts';
import { runScript } from '#platform/lua/scripts.ts';
import type { AttemptDecision, RateDecision, RateLimiter, RatePolicy } from './port.ts';

/** Whole milliseconds between requests: exact in Lua's doubles, and precise enough for any limit. */
export const intervalMs = (policy: Pick<RatePolicy, 'perSecond'>): number =>
  Math.max(1, Math.round(1000 / policy.perSecond));

/**
 * Rate limits and attempt counters in Redis, one script call each (GCRA in lua/rateLimit-1.lua
 * and lua/checkBuyers-1.lua, a fixed-window counter in lua/countAttempt-1.lua). The per-user
 * limit lives in the user's own hash (their slot), so on a cluster it spreads with the users.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly client: RedisClient) {}

  async consume(policy: RatePolicy, subject: string, nowMs: number): Promise<RateDecision> {
    // The buy limit lives in the user's hash, so the hold path reads it with the buyers
    // (lua/checkBuyers-1.lua, here with no buyers); per-IP limits are keys of their own.
    const reply =
      policy.name === 'USER_BUY'
        ? await runScript(
            this.client,
            'checkBuyers',
            [userKeys(subject).buyers],
            [nowMs, intervalMs(policy), policy.burst, USER_HASH_TTL_SECONDS],
          )
        : await runScript(
            this.client,
            'rateLimit',
            [`rl:${policy.name}:${subject}`],
            [nowMs, intervalMs(policy), policy.burst],
          );
    return reply[0] === ScriptCode.Ok
      ? { allowed: true, remaining: Number(reply[1]) }
      : { allowed: false, retryAfterMs: Number(reply[1]) };
  }

  async countAttempt(
    key: string,
    opts: { windowMs: number; limit: number; force: boolean },
  ): Promise<AttemptDecision> {
    const reply = await runScript(
      this.client,
      'countAttempt',
      [key],
      [opts.windowMs, opts.limit, opts.force ? '1' : '0'],
    );
    return reply[0] === ScriptCode.Ok
      ? { counted: true, count: Number(reply[1]) }
      : { counted: false, count: Number(reply[1]), retryAfterMs: Math.max(0, Number(reply[2])) };
  }

  async uncountAttempt(key: string): Promise<void> {
    await runScript(this.client, 'uncountAttempt', [key], []);
  }
}
