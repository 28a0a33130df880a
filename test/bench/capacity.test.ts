import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { waitingPollAfter } from '#features/waiting-room/waiting-room.ts';
import { arrivalCurve, BUYER, capacityReplay, waitingPollsPerSecond } from '../../bench/capacity.ts';
import { testRedis } from '../support/fixtures.ts';

const client = testRedis();
afterAll(() => client.quit());

describe('capacity replay (bench/capacity.ts)', () => {
  it('spreads the arrivals as documented: sorted, a pre-queue share before the opening, none after the window', () => {
    const a = arrivalCurve(10_000, 60);
    expect(a).toHaveLength(10_000);
    expect(a.every((x, i) => i === 0 || x >= a[i - 1]!)).toBe(true);
    expect(a[0]).toBeGreaterThanOrEqual(-BUYER.preQueueSeconds * 1000);
    expect(a[a.length - 1]).toBeLessThanOrEqual((60 - BUYER.preQueueSeconds) * 1000);
    const before = a.filter((x) => x < 0).length / a.length;
    expect(before).toBeCloseTo(BUYER.preQueueShare, 2);
    // The rush: more arrive in the first 5 s after the opening than in the last 20 s.
    const first5 = a.filter((x) => x >= 0 && x < 5000).length;
    const last20 = a.filter((x) => x >= 20_000).length;
    expect(first5).toBeGreaterThan(last20);
  });

  it('counts the polls of a line as the product tells each place to poll (fast-check against a place-by-place sum)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 60, max: 600_000 }),
        (waiting, apm) => {
          const interval = 60 / apm;
          let sum = 0;
          for (let ahead = 0; ahead < waiting; ahead++)
            sum += 1 / waitingPollAfter(apm, ahead, Math.ceil(ahead * interval));
          expect(waitingPollsPerSecond(waiting, apm)).toBeCloseTo(sum, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sells out through the real waiting room, every hold ordered and paid, the shard never over its rate', async () => {
    const r = await capacityReplay({
      clients: [client],
      buyers: 3_000,
      arrivalSeconds: 60,
      seats: 400,
      holdsPerSecond: 2_000,
      admitPerMinute: 1_200,
    });
    expect(r.sellOutSeconds).not.toBeNull();
    // Nobody holds before the opening plus the shortest think time.
    expect(r.sellOutSeconds!).toBeGreaterThanOrEqual(BUYER.thinkSeconds[0]);
    expect(r.holds).toBe(r.totals.orders);
    expect(r.holds).toBeLessThanOrEqual(400);
    expect(r.admittedBeforeSellOut).toBeGreaterThanOrEqual(r.holds);
    expect(r.queueWaitP50Seconds).toBeGreaterThanOrEqual(0);
    expect(r.queueWaitP99Seconds).toBeGreaterThanOrEqual(r.queueWaitP50Seconds);
    expect(r.holdQueueMaxSeconds).toBe(0);
    expect(r.peak.holdsPerSec).toBeLessThanOrEqual(2 * 2_000);
    expect(r.peak.apiGatewayRps).toBeGreaterThan(0);
    expect(r.costUsd.apiGateway).toBeGreaterThan(0);
    expect(r.queueRedisBytes).toBeGreaterThan(3_000 * 10);
  });

  it('makes holds wait when the shard is the bottleneck', async () => {
    const r = await capacityReplay({
      clients: [client],
      buyers: 2_000,
      arrivalSeconds: 60,
      seats: 300,
      holdsPerSecond: 5,
      admitPerMinute: 1_200,
    });
    expect(r.holdQueueMaxSeconds).toBeGreaterThan(1);
    expect(r.peak.holdsPerSec).toBeLessThanOrEqual(2 * 5);
    // 300 seats at ~2.45 per hold and 5 holds/s: well over 20 s.
    expect(r.sellOutSeconds!).toBeGreaterThan(20);
  });
});
