import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import type { SeatOfTier } from '#shared/ports/seat-inventory.ts';
import { holdNamedSeats, seatsOf, smallLayout, snapshotSession, testRedis } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

const client = testRedis();
const inventory = new RedisSeatInventory(client);
afterAll(() => client.quit());
const NOW = Date.parse('2026-11-21T10:00:00Z');

let layout: SessionLayout;
let geo: SessionGeometry;
const seats = (...ids: string[]): SeatOfTier[] => seatsOf(geo, ...ids);

const hold = (userId: string, ...ids: string[]) => holdNamedSeats(inventory, geo, userId, NOW, ...ids);

beforeEach(async () => {
  layout = smallLayout();
  geo = new SessionGeometry(layout);
  await inventory.warmup({ layout, held: [], sold: [], force: false });
});

describe('confirmSeats', () => {
  it('sells held seats, keeps their owner, confirms the hold, and is idempotent', async () => {
    const h = await hold('u1', '1-1-1', '1-1-2');
    expect(await inventory.confirm(layout.sessionId, h, 'u1', seats('1-1-1', '1-1-2'), NOW)).toEqual({
      soldNow: 2,
      drift: 0,
    });
    expect((await inventory.seatStates(layout.sessionId))?.slice(0, 3)).toBe('220');
    const k = sessionKeys(layout.sessionId);
    expect(await client.hmget(k.owners, '0', '1')).toEqual([h, h]);
    expect((await inventory.getHold(layout.sessionId, h))?.status).toBe('CONFIRMED');
    expect(await client.zscore(k.expiry, h)).toBeNull();
    expect((await inventory.counts(layout.sessionId))?.byTier.find((t) => t.tierId === 'A')).toMatchObject({
      held: 0,
      sold: 2,
    });
    expect(await client.hget(k.limits, 'u1|A')).toBe('2'); // bought seats still count
    const snap = await snapshotSession(client, layout.sessionId);
    expect(await inventory.confirm(layout.sessionId, h, 'u1', seats('1-1-1', '1-1-2'), NOW)).toEqual({
      soldNow: 0,
      drift: 0,
    });
    expect(await snapshotSession(client, layout.sessionId)).toEqual(snap);
    expect(await inventoryViolations(client, layout)).toEqual([]);
    // A confirmed hold cannot be released.
    expect(await inventory.release(layout.sessionId, h, { reason: 'EXPIRED', nowMs: NOW + 700_000 })).toEqual(
      {
        kind: 'already-ended',
        status: 'CONFIRMED',
      },
    );
  });

  it('sells a seat that Redis lost (free there), and leaves one held by another hold alone (drift)', async () => {
    const other = await hold('u2', '1-1-5');
    const ghost = 'lost_000000000000';
    expect(await inventory.confirm(layout.sessionId, ghost, 'u1', seats('1-1-4', '1-1-5'), NOW)).toEqual({
      soldNow: 1,
      drift: 1,
    });
    const states = (await inventory.seatStates(layout.sessionId))!;
    expect(states.slice(3, 5)).toBe('21');
    expect(await client.hget(sessionKeys(layout.sessionId).owners, '4')).toBe(other);
  });
});

describe('refundSeats', () => {
  it('frees only the seats still sold to this order, gives the limit back, and is idempotent', async () => {
    const h = await hold('u1', '2-1-1', '2-1-2');
    await inventory.confirm(layout.sessionId, h, 'u1', seats('2-1-1', '2-1-2'), NOW);
    expect(await inventory.refund(layout.sessionId, h, 'u1', seats('2-1-1', '2-1-2'))).toBe(2);
    expect((await inventory.seatStates(layout.sessionId))?.slice(20, 23)).toBe('000');
    expect(await client.hget(sessionKeys(layout.sessionId).limits, 'u1|B')).toBeNull();
    // The seats are sold again to someone else: a repeated refund must not free them.
    const h2 = await hold('u2', '2-1-1', '2-1-2');
    await inventory.confirm(layout.sessionId, h2, 'u2', seats('2-1-1', '2-1-2'), NOW);
    const snap = await snapshotSession(client, layout.sessionId);
    expect(await inventory.refund(layout.sessionId, h, 'u1', seats('2-1-1', '2-1-2'))).toBe(0);
    expect(await snapshotSession(client, layout.sessionId)).toEqual(snap);
    // Auto-pick finds freed seats again (runs index restored).
    await inventory.refund(layout.sessionId, h2, 'u2', seats('2-1-1', '2-1-2'));
    expect(await inventoryViolations(client, layout)).toEqual([]);
  });
});
