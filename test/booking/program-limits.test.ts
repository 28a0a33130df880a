import { afterAll, describe, expect, it } from 'vitest';
import { RedisProgramLimits } from '#shared/inventory/redis-program-limits.ts';
import { testRedis, uniqueId } from '../support/fixtures.ts';

const redis = testRedis();
const limits = new RedisProgramLimits(redis);
afterAll(() => redis.quit());

const NOW = 1_800_000_000_000;
const reserve = (userId: string, holdId: string, want: number, nowMs = NOW, expiresAtMs = NOW + 600_000) =>
  limits.reserve({
    userId,
    programId: 'p1',
    holdId,
    nowMs,
    expiresAtMs,
    tiers: [{ tierId: 'A', want, limit: 4 }],
  });

describe('per-program reservations (real Redis)', () => {
  it('refuses past the limit and writes nothing, lapses at the hold expiry, and keeps paid seats', async () => {
    const user = uniqueId('u');
    expect(await reserve(user, 'h1', 3)).toEqual({ ok: true });
    const key = `{u:${user}}:pl:p1`;
    const before = await redis.hgetall(key);
    expect(await reserve(user, 'h2', 2)).toEqual({ ok: false, tierId: 'A', limit: 4, used: 3 });
    expect(await redis.hgetall(key)).toEqual(before);
    // h1 expires unpaid: its seats stop counting without anyone releasing it.
    expect(await reserve(user, 'h2', 2, NOW + 600_000, NOW + 1_200_000)).toEqual({ ok: true });
    expect(Object.keys(await redis.hgetall(key))).toEqual(['h2']);
    // h2 is paid for: it counts after its hold's expiry, until forgotten (refund).
    await limits.keep(user, 'p1', 'h2', [{ tierId: 'A', seats: 2 }]);
    expect(await reserve(user, 'h3', 3, NOW + 5_000_000, NOW + 5_600_000)).toMatchObject({
      ok: false,
      used: 2,
    });
    await limits.forget(user, 'p1', 'h2');
    expect(await reserve(user, 'h3', 4, NOW + 5_000_000, NOW + 5_600_000)).toEqual({ ok: true });
  });

  it('never lets parallel reservations of one user exceed the limit', async () => {
    const user = uniqueId('u');
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => reserve(user, `h${i}`, 1)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(4);
  });
});
