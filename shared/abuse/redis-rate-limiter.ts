import type { RedisClient } from '#shared/clients/redis.ts';
import { runScript } from '#shared/inventory/lua-scripts.ts';
import { ScriptCode } from '#shared/inventory/script-codes.ts';
import type { AttemptDecision, RateDecision, RateLimiter, RatePolicy } from '#shared/ports/abuse.ts';

/** Whole milliseconds between requests: exact in Lua's doubles, and precise enough for any limit. */
export const intervalMs = (policy: Pick<RatePolicy, 'perSecond'>): number =>
  Math.max(1, Math.round(1000 / policy.perSecond));

/**
 * Rate limits and attempt counters in Redis, one script call each (lua/rateLimit-1.lua is
 * GCRA, lua/countAttempt-1.lua a fixed-window counter). A limiter is one key; per-user keys
 * carry the user's hash tag, so on a cluster they spread over the shards with the users.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly client: RedisClient) {}

  async consume(policy: RatePolicy, subject: string, nowMs: number): Promise<RateDecision> {
    const key =
      policy.name === 'USER_BUY' ? `{u:${subject}}:rl:${policy.name}` : `rl:${policy.name}:${subject}`;
    const reply = await runScript(this.client, 'rateLimit', [key], [nowMs, intervalMs(policy), policy.burst]);
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
