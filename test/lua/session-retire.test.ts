import { afterAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '#platform/clients/redis.ts';
import { sweepExpiredHolds } from '#shared/booking/expiry.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { hotPathDeps, noOrders, smallLayout, testRedis, uniqueId } from '../support/fixtures.ts';

/**
 * The open set (`sessions:open`, what the sweeper and the drift watch walk) loses a session
 * once its sale is over and its last hold has run out, and gets it back when it reopens.
 */
const client: RedisClient = testRedis();
const inventory = new RedisSeatInventory(client);
afterAll(() => client.quit());
const NOW = Date.parse('2026-11-22T10:00:00Z');

async function loaded(overrides: Parameters<typeof smallLayout>[0] = {}) {
  const layout = smallLayout({ sessionId: uniqueId('ret'), ...overrides });
  await inventory.warmup({ layout, held: [], sold: [], force: false });
  return layout.sessionId;
}

const hold = (sessionId: string, holdId: string) =>
  inventory.hold({
    sessionId,
    holdId,
    userId: 'u1',
    nowMs: NOW,
    expiresAtMs: NOW + 600_000,
    buyerIds: [],
    pick: { kind: 'auto', tierId: 'B', count: 1 },
  });

describe('retiring ended sessions from the open set', () => {
  it('keeps a selling session, and a closed one until its last hold has ended', async () => {
    const sessionId = await loaded();
    expect(await inventory.openSessions()).toContain(sessionId);
    expect(await inventory.retireIfEnded(sessionId, NOW)).toBe(false);
    const holdId = `${sessionId}_000000000001`;
    await hold(sessionId, holdId);
    await inventory.setSaleWindow(sessionId, { status: 'CLOSED' });
    expect(await inventory.retireIfEnded(sessionId, NOW)).toBe(false);
    expect(await inventory.openSessions()).toContain(sessionId);
    await inventory.release(sessionId, holdId, { reason: 'RELEASED', requesterUserId: 'u1', nowMs: NOW });
    expect(await inventory.retireIfEnded(sessionId, NOW)).toBe(true);
    expect(await inventory.openSessions()).not.toContain(sessionId);
    // Reopened: back in the set, and not retired while it sells.
    await inventory.setSaleWindow(sessionId, { status: 'ON_SALE' });
    expect(await inventory.openSessions()).toContain(sessionId);
    expect(await inventory.retireIfEnded(sessionId, NOW)).toBe(false);
  });

  it('retires a session whose closing time has passed, through the sweeper', async () => {
    const sessionId = await loaded({ saleClosesAt: new Date(NOW - 1000).toISOString() });
    const d = hotPathDeps(client, { now: () => NOW }, { inventory, orders: noOrders });
    const only = Object.assign(Object.create(inventory) as RedisSeatInventory, {
      openSessions: async () => [sessionId],
    });
    expect(await sweepExpiredHolds({ ...d, inventory: only })).toEqual({ released: 0, seats: 0, retired: 1 });
    expect(await inventory.openSessions()).not.toContain(sessionId);
    // An organiser who moves the closing time later puts it back on the sweeper's round.
    await inventory.setSaleWindow(sessionId, { saleClosesAtMs: NOW + 3_600_000 });
    expect(await inventory.openSessions()).toContain(sessionId);
    expect(await inventory.retireIfEnded(sessionId, NOW)).toBe(false);
  });
});
