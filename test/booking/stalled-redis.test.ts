import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#kernel/principal.ts';
import { createRedisClient } from '#platform/clients/redis.ts';
import { TIMEOUTS } from '#platform/clients/timeouts.ts';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';
import { createHold } from '#shared/booking/holds.ts';
import { type ChildServer, startRedisServer } from '../../infra/local/redis-server.ts';
import { hotPathDeps, smallLayout } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

/**
 * A Redis node that stalls mid-request (a slow failover, a network partition): the hold
 * script is sent, the node stops answering (`CLIENT PAUSE … ALL`, as a frozen node behaves:
 * commands wait on the server, replies do not come), the client gives up after its bounded
 * command time, and the node then wakes and runs what was queued. Through the production
 * client factory, so the timeouts are the product's.
 */
let server: ChildServer;
let client: Redis;
let pauser: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = createRedisClient(server.url) as Redis;
  pauser = createRedisClient(server.url) as Redis;
});
afterAll(async () => {
  await Promise.all([client.quit(), pauser.quit()]);
  await server.stop();
});

const user: Principal = { userId: 'stalled-user', role: 'user', tokenId: 't', expiresAtSec: 0 };
const pause = (ms: number) => pauser.call('CLIENT', 'PAUSE', String(ms), 'ALL');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup() {
  const layout = smallLayout();
  // The inventory stalls the node just before the hold script goes out: nothing else fails first.
  const d = hotPathDeps(client);
  const real = d.inventory;
  let stallNext = false;
  const stalling = Object.create(real) as typeof real;
  stalling.hold = async (args) => {
    if (stallNext) {
      stallNext = false;
      await pause(1_500);
    }
    return real.hold(args);
  };
  const deps = hotPathDeps(client, {}, { inventory: stalling });
  await real.warmup({ layout, held: [], sold: [], force: false });
  await deps.buyerCache.replace(user.userId, [
    { buyerId: 'b1', idType: 1, name: '张*', idNumber: '1101**********1234' },
    { buyerId: 'b2', idType: 1, name: '李*', idNumber: '1101**********5678' },
  ]);
  return { layout, deps, real, stall: () => (stallNext = true) };
}

describe('a Redis node that stalls during a hold', () => {
  it('fails the hold fast as a dependency failure, and the hold it could not confirm never keeps seats', async () => {
    const { layout, deps, real, stall } = await setup();
    stall();
    const started = performance.now();
    const error = await createHold(
      deps,
      user,
      layout.sessionId,
      { tierId: 'A', count: 2, buyerIds: ['b1', 'b2'] },
      {
        admissionToken: undefined,
      },
    ).catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(isDependencyFailure(error), String(error)).toBe(true);
    expect(ms).toBeLessThan(TIMEOUTS.redisCommandMs + 400); // bounded, not the node's 1.5 s
    // The node wakes: the hold script runs, then the release queued behind it on the same connection.
    await sleep(1_500);
    const states = (await real.seatStates(layout.sessionId))!;
    expect([...states].filter((s) => s !== '0')).toEqual([]);
    expect(await inventoryViolations(client, layout)).toEqual([]);
    // And the next hold goes through.
    const hold = await createHold(
      deps,
      user,
      layout.sessionId,
      { tierId: 'A', count: 2, buyerIds: ['b1', 'b2'] },
      {
        admissionToken: undefined,
      },
    );
    expect(hold.seats).toHaveLength(2);
  });

  it('without the release behind it, the stalled hold would keep its seats (what the test above guards)', async () => {
    const { layout, real } = await setup();
    await pause(1_500);
    const now = Date.now();
    const lost = await real
      .hold({
        sessionId: layout.sessionId,
        holdId: `${layout.sessionId.slice(0, 4)}_lost00000000`,
        userId: user.userId,
        nowMs: now,
        expiresAtMs: now + 600_000,
        buyerIds: ['b1', 'b2'],
        pick: { kind: 'auto', tierId: 'A', count: 2 },
      })
      .catch((e: unknown) => e);
    expect(isDependencyFailure(lost)).toBe(true);
    await sleep(1_500);
    const states = (await real.seatStates(layout.sessionId))!;
    expect([...states].filter((s) => s === '1')).toHaveLength(2);
  });
});
