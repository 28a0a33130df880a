import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeOrderNumber,
  EPOCH_MS,
  OrderNumberGenerator,
  userGene,
  WorkerIdLease,
} from '#shared/orders/order-number.ts';
import { testRedis } from '../support/fixtures.ts';

const client = testRedis();
afterAll(() => client.quit());

describe('order numbers (snowflake with the user gene)', () => {
  it('carry the user gene in the low bits and the time in the high bits', async () => {
    const gen = new OrderNumberGenerator(new WorkerIdLease(client));
    const before = Date.now();
    const n = await gen.next('user-42');
    const d = decodeOrderNumber(n);
    expect(d.gene).toBe(userGene('user-42'));
    expect(BigInt(n) % 64n).toBe(BigInt(userGene('user-42')));
    expect(d.timeMs).toBeGreaterThanOrEqual(before);
    expect(d.timeMs).toBeLessThanOrEqual(Date.now());
    expect(BigInt(n)).toBeLessThan(2n ** 63n);
    expect(EPOCH_MS).toBe(Date.UTC(2024, 0, 1));
  });

  it('are unique across concurrent containers, each with its own leased worker id', async () => {
    const gens = Array.from({ length: 4 }, () => new OrderNumberGenerator(new WorkerIdLease(client)));
    const all = await Promise.all(
      gens.map((g) => Promise.all(Array.from({ length: 2000 }, () => g.next('same-user')))),
    );
    const flat = all.flat();
    expect(new Set(flat).size).toBe(flat.length);
    const workers = new Set(all.map((ids) => decodeOrderNumber(ids[0]!).worker));
    expect(workers.size).toBe(4);
    for (const ids of all) {
      const big = ids.map(BigInt);
      expect(big.every((v, i) => i === 0 || v > big[i - 1]!)).toBe(true); // increasing within a container
    }
  });

  it('moves to the next millisecond rather than wrap the sequence, and never goes back in time', async () => {
    let now = Date.UTC(2026, 10, 21);
    let calls = 0;
    // The clock stands still for 40 reads, then steps on: 33 ids must span two ms.
    const gen = new OrderNumberGenerator(new WorkerIdLease(client), () => (calls++ < 40 ? now : ++now));
    const ids = [];
    for (let i = 0; i < 33; i++) ids.push(decodeOrderNumber(await gen.next('u')));
    expect(new Set(ids.map((d) => `${d.timeMs}:${d.sequence}`)).size).toBe(33);
    expect(ids[32]!.timeMs).toBeGreaterThan(ids[0]!.timeMs);
    now -= 5000; // the clock steps back
    calls = 1000;
    const after = decodeOrderNumber(await gen.next('u'));
    expect(after.timeMs).toBeGreaterThanOrEqual(ids[32]!.timeMs);
  });

  it('leases a new worker id when the old lease was lost while the container slept', async () => {
    let now = 0;
    const lease = new WorkerIdLease(client, 60, () => now);
    const first = await lease.current();
    await client.set(`snowflake:worker:${first}`, 'someone-else'); // taken over after expiry
    now += 30_000; // past a third of the TTL: the lease is checked before use
    const second = await lease.current();
    expect(second).not.toBe(first);
    expect(await client.ttl(`snowflake:worker:${second}`)).toBeGreaterThan(0);
    now += 5_000;
    expect(await lease.current()).toBe(second);
  });
});
