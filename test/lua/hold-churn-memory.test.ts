import { afterAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '#platform/clients/redis.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import { smallLayout, testRedis, uniqueId } from '../support/fixtures.ts';
import { inventoryViolations, keysEverywhere } from '../support/invariants.ts';

/**
 * Memory under churn (issue 13): users holding and letting go in a loop leave each ended hold
 * readable for minutes only (here 4 s), not a day, so a session's Redis returns to its size
 * once the churn stops. Seat states and counters stay exact throughout.
 */
const client: RedisClient = testRedis();
afterAll(() => client.quit());

const holdKeys = (sessionId: string): Promise<string[]> =>
  keysEverywhere(client, sessionKeys(sessionId).hold('*'));

describe('holds under churn', () => {
  it('keep an ended hold readable for its retention only, then nothing of it is left', async () => {
    const inventory = new RedisSeatInventory(client, 4);
    const layout = smallLayout({ sessionId: uniqueId('churn') });
    await inventory.warmup({ layout, held: [], sold: [], force: false });
    const now = Date.now();
    const ROUNDS = 50;
    const USERS = 40;
    const live = await Promise.all(
      Array.from({ length: USERS }, async (_, u) => {
        const ids: string[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          const holdId = `${layout.sessionId}_${(u * ROUNDS + r).toString(16).padStart(12, '0')}`;
          const held = await inventory
            .hold({
              sessionId: layout.sessionId,
              holdId,
              userId: `u${u}`,
              nowMs: now,
              expiresAtMs: now + 600_000,
              buyerIds: [],
              pick: { kind: 'auto', tierId: 'B', count: 1 },
            })
            .then(
              () => true,
              () => false,
            );
          if (!held) continue;
          ids.push(holdId);
          await inventory.release(layout.sessionId, holdId, {
            reason: 'RELEASED',
            requesterUserId: `u${u}`,
            nowMs: now,
          });
        }
        return ids;
      }),
    );
    const ended = live.flat();
    expect(ended.length).toBeGreaterThan(USERS * ROUNDS * 0.5);
    // Just ended: each still answers its fate (the earliest may be gone already on a slow
    // machine), with a time to live of the retention, and a record costs a few hundred bytes.
    const keys = await holdKeys(layout.sessionId);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThanOrEqual(ended.length);
    const last = sessionKeys(layout.sessionId).hold(ended.at(-1)!);
    expect(await client.hget(last, 'status')).toBe('RELEASED');
    expect(await client.ttl(last)).toBeLessThanOrEqual(4);
    const bytes = Number(await client.call('MEMORY', 'USAGE', last));
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(1024);
    // After the retention nothing of them is left, and the inventory is exact at rest: nothing
    // held, every seat back, counters equal to seat states.
    await expect.poll(() => holdKeys(layout.sessionId), { timeout: 15_000, interval: 500 }).toEqual([]);
    expect((await inventory.counts(layout.sessionId))?.byTier.every((t) => t.held === 0)).toBe(true);
    expect(await inventoryViolations(client, layout)).toEqual([]);
  });
});
