import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { reconcileSession } from '#features/sessions/reconcile.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import type { SeatOfTier } from '#shared/ports/seat-inventory.ts';
import {
  holdNamedSeats,
  putDurableSeat,
  seatsOf,
  smallLayout,
  snapshotSession,
  storeOnSaleSession,
} from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());
const NOW = Date.now();

let layout: SessionLayout;
let geo: SessionGeometry;
const seats = (...ids: string[]): SeatOfTier[] => seatsOf(geo, ...ids);
const idx = (seatId: string) => geo.parseSeatId(seatId)!.seatIdx;

const hold = (userId: string, ...ids: string[]) => holdNamedSeats(d.inventory, geo, userId, NOW, ...ids);

/** A durable seat state, as the order writer / payment would have written it. */
const durable = (seatId: string, status: 'HELD' | 'SOLD', holdId: string) =>
  putDurableSeat(d, layout.sessionId, { seatId, status, holdId });

/** The invariants a repair must keep: tier counters equal the seat states, the runs index is exact. */
async function counterAndIndexViolations() {
  return (await inventoryViolations(d.redis, layout)).filter(
    (p) => p.startsWith('counter') || p.startsWith('runs index'),
  );
}

beforeEach(async () => {
  layout = smallLayout();
  geo = new SessionGeometry(layout);
  await storeOnSaleSession(d.catalogue, layout);
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
});

describe('reconcile: Redis against DynamoDB', () => {
  it('finds each kind of drift, changes nothing without repair, and repairs Redis to the durable record', async () => {
    // 1-1-1: sold in DynamoDB, free in Redis (Redis lost the sale).
    await durable('1-1-1', 'SOLD', 'paid_000000000001');
    // 1-1-2: an order holds it in DynamoDB; Redis gave it to another (live) hold: the SEAT_TAKEN drift.
    const other = await hold('u2', '1-1-2');
    await durable('1-1-2', 'HELD', 'order_00000000002');
    // 1-1-3: sold in Redis, nothing durable.
    const lost = await hold('u3', '1-1-3');
    await d.inventory.confirm(layout.sessionId, lost, 'u3', seats('1-1-3'), NOW);
    // 1-1-4: held by a hold whose record is gone: nobody can buy or release it.
    const orphan = await hold('u4', '1-1-4');
    await d.redis.del(sessionKeys(layout.sessionId).hold(orphan));
    // 2-1-1: a live hold not ordered yet: normal, holds live in Redis only.
    const live = await hold('u5', '2-1-1');
    // 2-1-2: held in both, by the same hold: in step.
    const ordered = await hold('u6', '2-1-2');
    await durable('2-1-2', 'HELD', ordered);

    const before = await snapshotSession(d.redis, layout.sessionId);
    const report = await reconcileSession(d, layout.sessionId, false, { settleMs: 50 });
    expect(report).toMatchObject({
      sessionId: layout.sessionId,
      checked: geo.seatCount,
      mismatchCount: 4,
      repaired: 0,
    });
    expect(report.mismatches).toEqual([
      {
        seatId: '1-1-1',
        kind: 'SOLD_MISSING_IN_REDIS',
        redis: { status: 'AVAILABLE' },
        dynamodb: { status: 'SOLD', holdId: 'paid_000000000001' },
      },
      {
        seatId: '1-1-2',
        kind: 'HELD_MISSING_IN_REDIS',
        redis: { status: 'HELD', holdId: other },
        dynamodb: { status: 'HELD', holdId: 'order_00000000002' },
      },
      {
        seatId: '1-1-3',
        kind: 'NOT_IN_DYNAMODB',
        redis: { status: 'SOLD', holdId: lost },
        dynamodb: { status: 'AVAILABLE' },
      },
      {
        seatId: '1-1-4',
        kind: 'ORPHAN_HOLD',
        redis: { status: 'HELD', holdId: orphan },
        dynamodb: { status: 'AVAILABLE' },
      },
    ]);
    expect(await snapshotSession(d.redis, layout.sessionId)).toEqual(before);

    const repaired = await reconcileSession(d, layout.sessionId, true, { settleMs: 50 });
    expect(repaired).toMatchObject({ mismatchCount: 4, repaired: 4, skipped: 0 });
    const states = (await d.inventory.seatStates(layout.sessionId))!;
    expect([states[idx('1-1-1')], states[idx('1-1-2')], states[idx('1-1-3')], states[idx('1-1-4')]]).toEqual([
      '2',
      '1',
      '0',
      '0',
    ]);
    expect(await d.redis.hget(sessionKeys(layout.sessionId).owners, String(idx('1-1-2')))).toBe(
      'order_00000000002',
    );
    expect(states[idx('2-1-1')]).toBe('1');
    expect((await d.inventory.getHold(layout.sessionId, live))?.status).toBe('ACTIVE');
    expect(await counterAndIndexViolations()).toEqual([]);
    expect((await reconcileSession(d, layout.sessionId, false, { settleMs: 50 })).mismatchCount).toBe(0);
    // The repaired free seats are on sale again, the durable sale is not.
    const again = await hold('u7', '1-1-3', '1-1-4');
    expect(again).toBeTruthy();
    await expect(hold('u8', '1-1-1')).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
  });

  it('does not report a difference that settles (an operation between its two writes)', async () => {
    const h = await hold('u1', '1-2-1');
    // The payment committed in DynamoDB; Redis confirms a moment later.
    await durable('1-2-1', 'SOLD', h);
    setTimeout(() => void d.inventory.confirm(layout.sessionId, h, 'u1', seats('1-2-1'), NOW), 30);
    const report = await reconcileSession(d, layout.sessionId, true, { settleMs: 300 });
    expect(report).toMatchObject({ mismatchCount: 0, repaired: 0 });
  });

  it('repairs compare-and-set: a seat that changed since it was read is skipped', async () => {
    const ref = geo.parseSeatId('2-2-1')!;
    // Reconcile read it AVAILABLE; a hold took it before the repair ran.
    await hold('u1', '2-2-1');
    const result = await d.inventory.repairSeats(layout.sessionId, [
      { ...ref, expected: { state: '0', owner: undefined }, to: { state: '2', owner: 'x_000000000000' } },
    ]);
    expect(result).toEqual({ repaired: 0, skipped: 1 });
    expect((await d.inventory.seatStates(layout.sessionId))![ref.seatIdx]).toBe('1');
    expect(await counterAndIndexViolations()).toEqual([]);
    // A held or sold seat needs its owner: the script refuses the whole batch and writes nothing.
    const snap = await snapshotSession(d.redis, layout.sessionId);
    await expect(
      d.inventory.repairSeats(layout.sessionId, [
        {
          ...geo.parseSeatId('2-2-2')!,
          expected: { state: '0', owner: undefined },
          to: { state: '0', owner: undefined },
        },
        {
          ...geo.parseSeatId('2-2-3')!,
          expected: { state: '0', owner: undefined },
          to: { state: '1', owner: undefined },
        },
      ]),
    ).rejects.toThrow(/repairSeats failed with -2/);
    expect(await snapshotSession(d.redis, layout.sessionId)).toEqual(snap);
  });

  it('refuses a session that is not loaded, and an unknown one', async () => {
    await d.redis.del(
      ...Object.values(sessionKeys(layout.sessionId)).filter((k): k is string => typeof k === 'string'),
    );
    await expect(reconcileSession(d, layout.sessionId, false)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(reconcileSession(d, 'nosuchsession', false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
