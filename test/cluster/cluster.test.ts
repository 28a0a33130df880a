import { randomInt } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import type { SessionLayout } from '#kernel/session-layout.ts';
import { createRedisClient, type RedisClient } from '#platform/clients/redis.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import type { SeatPick } from '#shared/ports/seat-inventory.ts';
import { type LocalCluster, startRedisCluster } from '../../infra/local/redis-cluster.ts';
import { raceLayout } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

/**
 * The Lua inventory on a 3-master Redis Cluster (what ElastiCache Serverless is): every key a
 * script touches carries the session's hash tag, so each script runs on one node. Proven by
 * the race of many clients, and by moving the session's slot to another node while holds,
 * releases and reads run: no error reaches the caller, and the invariants are exact after.
 */
let cluster: LocalCluster;
const clients: RedisClient[] = [];
const cl = (i: number) => clients[i] as Cluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
  // The product's own client, as the functions build it on ElastiCache (REDIS_CLUSTER=true).
  process.env.REDIS_CLUSTER = 'true';
  const seed = cluster.nodes[0]!;
  for (let i = 0; i < 4; i++) clients.push(createRedisClient(`redis://${seed.host}:${seed.port}`));
  Reflect.deleteProperty(process.env, 'REDIS_CLUSTER');
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await cluster?.stop();
});

const NOW = Date.now();
const venue = () => raceLayout('clu');

/** One buyer's go: a hold (named seats in a crowded corner, or auto-pick), sometimes let go. */
async function attempt(inventory: RedisSeatInventory, layout: SessionLayout, user: number, n: number) {
  const count = randomInt(1, 4);
  const pick: SeatPick =
    n % 2 === 0
      ? {
          kind: 'seats',
          seats: [...new Set(Array.from({ length: count }, () => randomInt(0, 16)))].map((col) => ({
            seatIdx: col,
            rowIdx: 0,
            tierId: 'A',
          })),
        }
      : { kind: 'auto', tierId: randomInt(0, 2) ? 'A' : 'B', count };
  const holdId = `${layout.sessionId}_${(user * 1000 + n).toString(16).padStart(12, '0')}`;
  try {
    await inventory.hold({
      sessionId: layout.sessionId,
      holdId,
      userId: `u${user}`,
      nowMs: NOW,
      expiresAtMs: NOW + 600_000,
      buyerIds: [],
      pick,
    });
  } catch (err) {
    if (err instanceof DomainError) return 'refused';
    throw err;
  }
  if (randomInt(0, 3) === 0)
    await inventory.release(layout.sessionId, holdId, {
      reason: 'RELEASED',
      requesterUserId: `u${user}`,
      nowMs: NOW,
    });
  return 'held';
}

describe('Redis Cluster (3 masters)', () => {
  it('runs the hold race with every seat in at most one hold and counters equal to seat states', async () => {
    const layout = venue();
    const inventories = clients.map((c) => new RedisSeatInventory(c));
    expect(await inventories[0]!.warmup({ layout, held: [], sold: [], force: false })).toBe(true);
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, u) => attempt(inventories[u % inventories.length]!, layout, u, u)),
    );
    expect(outcomes.filter((o) => o === 'held').length).toBeGreaterThan(20);
    expect(await inventoryViolations(clients[0]!, layout)).toEqual([]);
  });

  it("moves the session's slot to another node under load: no error surfaced, invariants exact", async () => {
    const layout = venue();
    const inventories = clients.map((c) => new RedisSeatInventory(c));
    await inventories[0]!.warmup({ layout, held: [], sold: [], force: false });
    const k = sessionKeys(layout.sessionId);
    const slot = Number(await cl(0).call('CLUSTER', 'KEYSLOT', k.meta));
    const masters = cl(0).nodes('master');
    const ids = await Promise.all(masters.map(async (m) => String(await m.call('CLUSTER', 'MYID'))));
    const owner = (
      await Promise.all(masters.map(async (m) => Number(await m.call('CLUSTER', 'COUNTKEYSINSLOT', slot))))
    ).findIndex((n) => n > 0);
    expect(owner).toBeGreaterThanOrEqual(0);
    const source = masters[owner]!;
    const targetIndex = (owner + 1) % masters.length;
    const target = masters[targetIndex]!;

    let running = true;
    const errors: unknown[] = [];
    let operations = 0;
    const load = Array.from({ length: 8 }, async (_, w) => {
      for (let n = 0; running; n++) {
        const inventory = inventories[w % inventories.length]!;
        try {
          await attempt(inventory, layout, 1000 + w, n);
          await inventory.counts(layout.sessionId);
          operations += 2;
        } catch (err) {
          errors.push(err);
        }
      }
    });

    // The migration, as redis-cli --cluster reshard does it: importing/migrating, the keys
    // moved in batches with MIGRATE, then the slot given to the target everywhere.
    await new Promise((r) => setTimeout(r, 300));
    await target.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', ids[owner]!);
    await source.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', ids[targetIndex]!);
    const targetPort = target.options.port!;
    for (;;) {
      const keys = (await source.call('CLUSTER', 'GETKEYSINSLOT', slot, 10)) as string[];
      if (keys.length === 0) break;
      await source.call('MIGRATE', '127.0.0.1', targetPort, '', 0, 5000, 'KEYS', ...keys);
      await new Promise((r) => setTimeout(r, 20)); // holds keep landing between batches
    }
    for (const m of masters) await m.call('CLUSTER', 'SETSLOT', slot, 'NODE', ids[targetIndex]!);
    await new Promise((r) => setTimeout(r, 500));
    running = false;
    await Promise.all(load);

    expect(errors).toEqual([]);
    expect(operations).toBeGreaterThan(50);
    expect(Number(await target.call('CLUSTER', 'COUNTKEYSINSLOT', slot))).toBeGreaterThan(0);
    expect(Number(await source.call('CLUSTER', 'COUNTKEYSINSLOT', slot))).toBe(0);
    expect(await inventoryViolations(clients[0]!, layout)).toEqual([]);
  }, 60_000);
});
