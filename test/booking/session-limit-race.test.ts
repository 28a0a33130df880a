import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisBuyerCache } from '#features/users/redis-buyer-cache.ts';
import { DomainError } from '#kernel/errors.ts';
import { createHold, releaseHold } from '#shared/booking/holds.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { hotPathDeps, smallLayout, testRedis, uniqueId } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

// One user racing itself: its request rate is not what this test is about (test/abuse has it).
Object.assign(process.env, { RATE_USER_BUY_PER_SECOND: '1000', RATE_USER_BUY_BURST: '1000' });

const clients = Array.from({ length: 8 }, () => testRedis());
afterAll(() => Promise.all(clients.map((c) => c.quit())));

/** One user with ten buyers, racing holds of 1–3 seats in both tiers from 8 connections . */
async function race(perUserLimit: number, attempts: { tierId: 'A' | 'B'; count: number }[]) {
  // Tier limits 4 (A) and 6 (B): ten seats by tiers alone, `perUserLimit` for the show.
  const layout = smallLayout({ perUserLimit });
  await new RedisSeatInventory(clients[0]!).warmup({ layout, held: [], sold: [], force: false });
  const deps = clients.map((c) => hotPathDeps(c));
  const userId = uniqueId('u');
  const buyers = Array.from({ length: 10 }, (_, i) => `b${i}`);
  await new RedisBuyerCache(clients[0]!).replace(
    userId,
    buyers.map((buyerId) => ({ buyerId, idType: 1, name: '张*', idNumber: '1101**********1234' })),
  );
  const user = { userId, role: 'user' as const, tokenId: 't', expiresAtSec: 0 };
  const outcomes = await Promise.all(
    attempts.map((a, i) =>
      createHold(
        deps[i % deps.length]!,
        user,
        layout.sessionId,
        { ...a, buyerIds: buyers.slice(0, a.count) },
        {
          admissionToken: undefined,
        },
      ).then(
        (h) => ({ held: a.count, holdId: h.holdId, code: 'HELD' }),
        (e: unknown) => ({ held: 0, holdId: '', code: e instanceof DomainError ? e.code : String(e) }),
      ),
    ),
  );
  return { layout, deps, user, outcomes };
}

describe('the per-show buy limit over all tiers, under a race', () => {
  it('never lets one user hold more than the show allows across two tiers, and gives seats back to it on release', async () => {
    const attempts = Array.from(
      { length: 24 },
      (_, i) => ({ tierId: i % 2 ? 'A' : 'B', count: 1 + (i % 3) }) as const,
    );
    const { layout, deps, user, outcomes } = await race(5, attempts);
    const held = outcomes.reduce((n, o) => n + o.held, 0);
    expect(held).toBeLessThanOrEqual(5);
    // Whatever could still fit was taken: a refusal is always the limit, never anything else.
    expect(held).toBeGreaterThanOrEqual(3);
    expect(new Set(outcomes.filter((o) => o.code !== 'HELD').map((o) => o.code))).toEqual(
      new Set(['PURCHASE_LIMIT_EXCEEDED']),
    );
    expect(await inventoryViolations(clients[0]!, layout)).toEqual([]);
    const counts = await new RedisSeatInventory(clients[0]!).counts(layout.sessionId);
    expect(counts!.byTier.reduce((n, t) => n + t.held, 0)).toBe(held);
    // A released hold's seats count no more: the user may hold them again.
    const first = outcomes.find((o) => o.code === 'HELD')!;
    await releaseHold(deps[0]!, user, first.holdId);
    const again = await createHold(
      deps[1]!,
      user,
      layout.sessionId,
      { tierId: 'B', count: first.held, buyerIds: ['b0', 'b1', 'b2'].slice(0, first.held) },
      { admissionToken: undefined },
    );
    expect(again.seats).toHaveLength(first.held);
    expect(await inventoryViolations(clients[0]!, layout)).toEqual([]);
  });

  it('holds for any mix of racing holds (property): total held ≤ the show limit, each tier ≤ its own', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.array(
          fc.record({
            tierId: fc.constantFrom('A' as const, 'B' as const),
            count: fc.integer({ min: 1, max: 3 }),
          }),
          {
            minLength: 1,
            maxLength: 16,
          },
        ),
        async (limit, attempts) => {
          const { layout, outcomes } = await race(limit, attempts);
          const byTier = { A: 0, B: 0 };
          outcomes.forEach((o, i) => {
            byTier[attempts[i]!.tierId] += o.held;
          });
          return (
            byTier.A + byTier.B <= limit &&
            byTier.A <= 4 &&
            byTier.B <= 6 &&
            (await inventoryViolations(clients[0]!, layout)).length === 0
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});
