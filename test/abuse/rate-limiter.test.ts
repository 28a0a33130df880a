import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { RatePolicy } from '#features/abuse/port.ts';
import { RedisRateLimiter } from '#features/abuse/redis-rate-limiter.ts';
import { testRedis, uniqueId } from '../support/fixtures.ts';

const redis = testRedis();
const limiter = new RedisRateLimiter(redis);
afterAll(() => redis.quit());

/**
 * The reference: a token bucket of `burst` tokens, one token back every `intervalMs`. Tokens
 * are counted in milliseconds of refill (integers), so the model has no rounding of its own.
 */
function tokenBucket(intervalMs: number, burst: number) {
  let filledMs = burst * intervalMs;
  let last: number | undefined;
  return (now: number) => {
    if (last !== undefined) filledMs = Math.min(burst * intervalMs, filledMs + (now - last));
    last = now;
    if (filledMs >= intervalMs) {
      filledMs -= intervalMs;
      return { allowed: true as const, remaining: Math.floor(filledMs / intervalMs) };
    }
    return { allowed: false as const, retryAfterMs: intervalMs - filledMs };
  };
}

describe('the GCRA rate-limit script', () => {
  it('decides exactly as a token bucket for any request times (fast-check, real Redis)', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Intervals of 10 s and more: the key's expiry (real time) never runs out during a run.
        fc.integer({ min: 10_000, max: 100_000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 250_000 }), { minLength: 1, maxLength: 40 }),
        // Both stores: the user's hash (buy limit) and a key of its own (per-IP limits).
        fc.constantFrom('USER_BUY' as const, 'IP_LOGIN' as const),
        async (intervalMs, burst, gaps, name) => {
          const policy: RatePolicy = { name, perSecond: 1000 / intervalMs, burst };
          const subject = uniqueId('u');
          const model = tokenBucket(intervalMs, burst);
          let now = 1_700_000_000_000;
          for (const gap of gaps) {
            now += gap;
            expect(await limiter.consume(policy, subject, now)).toEqual(model(now));
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('lets exactly the burst through when 200 requests arrive at once', async () => {
    const policy: RatePolicy = { name: 'USER_BUY', perSecond: 5, burst: 10 };
    const subject = uniqueId('u');
    const now = Date.now();
    const decisions = await Promise.all(
      Array.from({ length: 200 }, () => limiter.consume(policy, subject, now)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    for (const d of decisions.filter((x) => !x.allowed))
      expect(d).toEqual({ allowed: false, retryAfterMs: 200 });
  });
});

describe('the attempt counter', () => {
  it('counts at most `limit` of 100 parallel attempts, and all of them when forced', async () => {
    const key = uniqueId('attempts:');
    const opts = { windowMs: 60_000, limit: 3, force: false };
    const results = await Promise.all(Array.from({ length: 100 }, () => limiter.countAttempt(key, opts)));
    expect(results.filter((r) => r.counted)).toHaveLength(3);
    expect(
      results
        .filter((r) => r.counted)
        .map((r) => r.count)
        .sort(),
    ).toEqual([1, 2, 3]);
    for (const r of results.filter((x) => !x.counted)) {
      expect(r.count).toBe(3);
      if (!r.counted) expect(r.retryAfterMs).toBeGreaterThan(59_000);
    }
    await Promise.all(Array.from({ length: 5 }, () => limiter.countAttempt(key, { ...opts, force: true })));
    expect(Number(await redis.get(key))).toBe(8);
    expect(await redis.pttl(key)).toBeGreaterThan(59_000);
  });

  it('takes attempts back, never below zero', async () => {
    const key = uniqueId('attempts:');
    await limiter.countAttempt(key, { windowMs: 60_000, limit: 3, force: false });
    await Promise.all(Array.from({ length: 4 }, () => limiter.uncountAttempt(key)));
    expect(Number(await redis.get(key))).toBe(0);
    expect(await limiter.countAttempt(key, { windowMs: 60_000, limit: 3, force: false })).toEqual({
      counted: true,
      count: 1,
    });
  });
});

describe('the buyer check with the buy limit (one script on the user slot)', () => {
  it('counts against the same limit as the limiter, reads the buyers, and reads nothing when refused', async () => {
    const { RedisBuyerCache } = await import('#features/users/redis-buyer-cache.ts');
    const cache = new RedisBuyerCache(redis);
    const policy: RatePolicy = { name: 'USER_BUY', perSecond: 5, burst: 3 };
    const user = uniqueId('u');
    const now = Date.now();
    // Cold cache: counted, and "cold" reported.
    expect(await cache.lookupCounted(user, ['b1'], policy, now)).toEqual({
      limited: false,
      buyers: undefined,
    });
    await cache.replace(user, [{ buyerId: 'b1', idType: 1, name: '张*', idNumber: '1101**********1234' }]);
    expect(await cache.lookupCounted(user, ['b1', 'nope'], policy, now)).toEqual({
      limited: false,
      buyers: [{ buyerId: 'b1', idType: 1, name: '张*', idNumber: '1101**********1234' }, null],
    });
    // The plain limiter shares the bucket: its one request is the third.
    expect(await limiter.consume(policy, user, now)).toEqual({ allowed: true, remaining: 0 });
    expect(await cache.lookupCounted(user, ['b1'], policy, now)).toEqual({
      limited: true,
      retryAfterMs: 200,
    });
  });
});
