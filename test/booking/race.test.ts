import { randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';
import type { SessionLayout } from '#kernel/session-layout.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import type { HoldInput } from '#shared/api/schemas.ts';
import { createHold, releaseHold } from '#shared/booking/holds.ts';
import { hotPathDeps, raceLayout, recordingBus, testRedis } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

const CONNECTIONS = 8;
const clients = Array.from({ length: CONNECTIONS }, () => testRedis());
afterAll(() => Promise.all(clients.map((c) => c.quit())));

const bus = recordingBus();
const depsFor = (client: RedisClient, scheduled: string[]) => hotPathDeps(client, { bus, scheduled });

describe('many clients racing for one session', () => {
  it('never puts a seat in two holds and keeps counters equal to seat states', async () => {
    const layout: SessionLayout = raceLayout('race');
    const scheduled: string[] = [];
    const deps = clients.map((c) => depsFor(c, scheduled));
    expect(await deps[0]!.inventory.warmup({ layout, held: [], sold: [], force: false })).toBe(true);

    const USERS = 300;
    const users: Principal[] = [];
    for (let u = 0; u < USERS; u++) {
      const userId = `racer${u}`;
      users.push({ userId, role: 'user', tokenId: `t${u}`, expiresAtSec: 0 });
      await deps[0]!.buyerCache.replace(
        userId,
        Array.from({ length: 6 }, (_, i) => ({
          buyerId: `b${u}x${i}`,
          idType: 1,
          name: '张*',
          idNumber: '1101**********1234',
        })),
      );
    }

    const succeeded: { holdId: string; user: Principal; seats: string[] }[] = [];
    const released = new Set<string>();
    const failures: Record<string, number> = {};
    const attempt = async (u: number, a: number) => {
      const d = deps[(u + a) % CONNECTIONS]!;
      const user = users[u]!;
      const n = randomInt(1, 4);
      const buyerIds = Array.from({ length: n }, (_, i) => `b${u}x${i}`);
      // Half the attempts name seats in the same small front area, on purpose; half auto-pick.
      const seatIds = [
        ...new Set(Array.from({ length: n }, () => `1-${randomInt(1, 3)}-${randomInt(1, 8)}`)),
      ];
      const body: HoldInput =
        a % 2 === 0
          ? { seatIds, buyerIds: buyerIds.slice(0, seatIds.length) }
          : { tierId: randomInt(0, 2) ? 'A' : 'B', count: n, buyerIds };
      try {
        const hold = await createHold(d, user, layout.sessionId, body, { admissionToken: undefined });
        succeeded.push({ holdId: hold.holdId, user, seats: hold.seats.map((s) => s.seatId) });
        if (randomInt(0, 4) === 0) {
          await releaseHold(d, user, hold.holdId);
          released.add(hold.holdId);
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        failures[err.code] = (failures[err.code] ?? 0) + 1;
      }
    };
    await Promise.all(users.flatMap((_, u) => [0, 1, 2].map((a) => attempt(u, a))));

    expect(await inventoryViolations(clients[0]!, layout)).toEqual([]);
    const live = succeeded.filter((s) => !released.has(s.holdId));
    const seatsOfLive = live.flatMap((s) => s.seats);
    expect(new Set(seatsOfLive).size).toBe(seatsOfLive.length);
    const stats = await deps[0]!.inventory.counts(layout.sessionId);
    const held = stats!.byTier.reduce((n, t) => n + t.held, 0);
    expect(held).toBe(seatsOfLive.length);
    const statuses = await deps[0]!.inventory.seatStates(layout.sessionId);
    expect([...statuses!].filter((c) => c === '1')).toHaveLength(seatsOfLive.length);
    expect(scheduled).toHaveLength(succeeded.length);
    expect(bus.published.map((e) => (e.type === 'SeatsReleased' ? e.detail.holdId : '')).sort()).toEqual(
      [...released].sort(),
    );
    // The race was real: overlapping named seats collided, and the venue mostly filled.
    expect(failures.SEAT_UNAVAILABLE ?? 0).toBeGreaterThan(0);
    expect(succeeded.length).toBeGreaterThan(100);
    expect(
      Object.keys(failures).every((c) =>
        ['SEAT_UNAVAILABLE', 'SOLD_OUT', 'NO_ADJACENT_SEATS', 'PURCHASE_LIMIT_EXCEEDED'].includes(c),
      ),
    ).toBe(true);
  });
});
