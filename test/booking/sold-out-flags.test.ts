import { afterAll, describe, expect, it, vi } from 'vitest';
import { RedisBuyerCache } from '#features/users/redis-buyer-cache.ts';
import type { DomainError } from '#kernel/errors.ts';
import { metrics } from '#kernel/observability/metrics.ts';
import type { Principal } from '#kernel/principal.ts';
import { createHold } from '#shared/booking/holds.ts';
import { SoldOutFlags } from '#shared/booking/sold-out-flags.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { hotPathDeps, smallLayout, soldTo, testRedis } from '../support/fixtures.ts';

const client = testRedis();
afterAll(() => client.quit());

describe('sold-out flags', () => {
  it('expire after their time', () => {
    let now = 1000;
    const flags = new SoldOutFlags(250, () => now);
    expect(flags.isSoldOut('s', 'A')).toBe(false);
    flags.mark('s', 'A');
    expect(flags.isSoldOut('s', 'A')).toBe(true);
    expect(flags.isSoldOut('s', 'B')).toBe(false);
    now += 250;
    expect(flags.isSoldOut('s', 'A')).toBe(false);
  });

  it('turn requests for a sold-out tier away without asking Redis, and ask again once expired', async () => {
    const layout = smallLayout();
    const inventory = new RedisSeatInventory(client);
    // Tier A (20 seats) entirely sold.
    await inventory.warmup({ layout, held: [], sold: soldTo([...Array(20).keys()]), force: false });
    let scriptCalls = 0;
    const counting = Object.create(inventory) as RedisSeatInventory;
    counting.hold = (cmd) => {
      scriptCalls++;
      return inventory.hold(cmd);
    };
    let now = Date.now();
    const buyerCache = new RedisBuyerCache(client);
    await buyerCache.replace('u1', [
      { buyerId: 'b1', idType: 1, name: '张*', idNumber: '1101**********1234' },
    ]);
    const d = hotPathDeps(
      client,
      { now: () => now },
      {
        inventory: counting,
        buyerCache,
        buyers: { create: async () => undefined, list: async () => [], delete: async () => true },
        soldOut: new SoldOutFlags(250, () => now),
      },
    );
    const user: Principal = { userId: 'u1', role: 'user', tokenId: 't', expiresAtSec: 0 };
    const attempt = (body: Parameters<typeof createHold>[3]) =>
      createHold(d, user, layout.sessionId, body, { admissionToken: undefined }).catch(
        (e: unknown) => e as DomainError,
      );
    const counted = vi.spyOn(metrics, 'addMetric');
    expect(await attempt({ tierId: 'A', count: 1, buyerIds: ['b1'] })).toMatchObject({
      code: 'SOLD_OUT',
      details: { remaining: 0 },
    });
    expect(scriptCalls).toBe(1);
    expect(await attempt({ tierId: 'A', count: 1, buyerIds: ['b1'] })).toMatchObject({ code: 'SOLD_OUT' });
    expect(await attempt({ seatIds: ['1-1-3'], buyerIds: ['b1'] })).toMatchObject({
      code: 'SEAT_UNAVAILABLE',
      details: { seatIds: ['1-1-3'] },
    });
    expect(scriptCalls).toBe(1);
    // Tier B is unaffected.
    expect(await attempt({ tierId: 'B', count: 1, buyerIds: ['b1'] })).toMatchObject({ status: 'ACTIVE' });
    expect(scriptCalls).toBe(2);
    now += 300;
    expect(await attempt({ tierId: 'A', count: 1, buyerIds: ['b1'] })).toMatchObject({ code: 'SOLD_OUT' });
    expect(scriptCalls).toBe(3);
    // Every attempt counted once: three refusals, one success (and the refusal after expiry).
    const names = counted.mock.calls.map((c) => c[0]);
    expect(names.filter((n) => n === 'HoldRefused')).toHaveLength(4);
    expect(names.filter((n) => n === 'HoldSucceeded')).toHaveLength(1);
    expect(names).not.toContain('HoldErrored');
  });
});
