import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import type { HoldCommand, SeatPick } from '#shared/ports/seat-inventory.ts';
import { smallLayout, snapshotSession, soldTo, testRedis, uniqueId } from '../support/fixtures.ts';

const client: RedisClient = testRedis();
const inventory = new RedisSeatInventory(client);
afterAll(() => client.quit());

const NOW = Date.parse('2026-11-21T10:00:00Z');
let layout: SessionLayout;
let geo: SessionGeometry;

const seats = (...ids: string[]): SeatPick => ({
  kind: 'seats',
  seats: ids.map((id) => geo.parseSeatId(id)!),
});
const cmd = (pick: SeatPick, over: Partial<HoldCommand> = {}): HoldCommand => ({
  sessionId: layout.sessionId,
  holdId: uniqueId('h'),
  userId: 'u1',
  nowMs: NOW,
  expiresAtMs: NOW + 600_000,
  buyerIds: [],
  pick,
  ...over,
});

async function expectFailure(c: HoldCommand, code: string, details?: Record<string, unknown>) {
  const before = await snapshotSession(client, layout.sessionId);
  const err = await inventory.hold(c).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  if (details) expect((err as DomainError).details).toMatchObject(details);
  expect(await snapshotSession(client, layout.sessionId)).toEqual(before);
}

beforeEach(async () => {
  layout = smallLayout();
  geo = new SessionGeometry(layout);
  expect(await inventory.warmup({ layout, held: [], sold: [], force: false })).toBe(true);
});

describe('warmupSession', () => {
  it('loads counters that match the layout and refuses a second load unless forced', async () => {
    expect(await inventory.counts(layout.sessionId)).toEqual({
      byTier: expect.arrayContaining([
        { tierId: 'A', available: 20, held: 0, sold: 0 },
        { tierId: 'B', available: 24, held: 0, sold: 0 },
      ]),
    });
    expect(await inventory.warmup({ layout, held: [], sold: [], force: false })).toBe(false);
    expect(
      await inventory.warmup({
        layout,
        held: [{ seatIdx: 0, holdId: 'hx' }],
        sold: soldTo([1, 2]),
        force: true,
      }),
    ).toBe(true);
    const counts = await inventory.counts(layout.sessionId);
    expect(counts?.byTier.find((t) => t.tierId === 'A')).toEqual({
      tierId: 'A',
      available: 17,
      held: 1,
      sold: 2,
    });
    expect((await inventory.seatStates(layout.sessionId))?.slice(0, 4)).toBe('1220');
  });
});

describe('holdSeats', () => {
  it('holds named seats and records hold, owners, counters, limits and expiry', async () => {
    const c = cmd(seats('1-1-1', '2-3-8'), { buyerIds: ['b1', 'b2'], expectedTotalCents: 15_000 });
    const held = await inventory.hold(c);
    expect(held.totalCents).toBe(15_000);
    expect(held.seats.map((s) => geo.seatId(s.seatIdx))).toEqual(['1-1-1', '2-3-8']);
    const states = await inventory.seatStates(layout.sessionId);
    expect(states?.[0]).toBe('1');
    expect(states?.[43]).toBe('1');
    const k = sessionKeys(layout.sessionId);
    expect(await client.hgetall(k.owners)).toEqual({ 0: c.holdId, 43: c.holdId });
    expect(await client.hgetall(k.limits)).toEqual({ 'u1|A': '1', 'u1|B': '1' });
    expect(Number(await client.zscore(k.expiry, c.holdId))).toBe(c.expiresAtMs);
    const hold = await inventory.getHold(layout.sessionId, c.holdId);
    expect(hold).toMatchObject({
      status: 'ACTIVE',
      userId: 'u1',
      buyerIds: ['b1', 'b2'],
      totalCents: 15_000,
    });
  });

  it('auto-picks adjacent seats in the best row, centred', async () => {
    const held = await inventory.hold(cmd({ kind: 'auto', tierId: 'B', count: 4 }));
    expect(held.seats.map((s) => geo.seatId(s.seatIdx))).toEqual(['2-1-3', '2-1-4', '2-1-5', '2-1-6']);
    expect(held.totalCents).toBe(20_000);
    // Row 1 now has runs of 2 only: 3 adjacent seats must come from row 2.
    const next = await inventory.hold(cmd({ kind: 'auto', tierId: 'B', count: 3 }, { userId: 'u2' }));
    expect(next.seats.map((s) => geo.seatId(s.seatIdx))).toEqual(['2-2-3', '2-2-4', '2-2-5']);
    const two = await inventory.hold(cmd({ kind: 'auto', tierId: 'B', count: 2 }, { userId: 'u3' }));
    expect(two.seats.map((s) => geo.seatId(s.seatIdx))).toEqual(['2-1-1', '2-1-2']);
  });

  it('fails with SEAT_UNAVAILABLE naming the taken seats and writes nothing', async () => {
    await inventory.hold(cmd(seats('1-1-2')));
    await expectFailure(cmd(seats('1-1-1', '1-1-2'), { userId: 'u2' }), 'SEAT_UNAVAILABLE', {
      seatIds: ['1-1-2'],
    });
  });

  it('fails with VALIDATION_FAILED for a repeated seat and writes nothing', async () => {
    await expectFailure(cmd(seats('1-1-1', '1-1-1')), 'VALIDATION_FAILED');
  });

  it('fails with VALIDATION_FAILED for a seat outside its row and writes nothing', async () => {
    await expectFailure(cmd({ kind: 'seats', seats: [{ seatIdx: 15, rowIdx: 0 }] }), 'VALIDATION_FAILED');
  });

  it('fails with SOLD_OUT when the tier has fewer seats left than asked', async () => {
    await inventory.warmup({ layout, held: [], sold: soldTo([...Array(18).keys()]), force: true });
    await expectFailure(cmd({ kind: 'auto', tierId: 'A', count: 3 }), 'SOLD_OUT', { remaining: 2 });
  });

  it('fails with NO_ADJACENT_SEATS when seats are left but not together', async () => {
    // Leave every other seat of tier A free: 10 free, no two adjacent.
    const sold = [...Array(20).keys()].filter((i) => i % 2 === 0);
    await inventory.warmup({ layout, held: [], sold: soldTo(sold), force: true });
    await expectFailure(cmd({ kind: 'auto', tierId: 'A', count: 2 }), 'NO_ADJACENT_SEATS');
  });

  it('fails with PURCHASE_LIMIT_EXCEEDED above the per-order maximum', async () => {
    await expectFailure(cmd({ kind: 'auto', tierId: 'B', count: 7 }), 'PURCHASE_LIMIT_EXCEEDED', {
      maxPerOrder: 6,
    });
  });

  it('fails with PURCHASE_LIMIT_EXCEEDED when the user would pass the tier limit across holds', async () => {
    await inventory.hold(cmd({ kind: 'auto', tierId: 'A', count: 3 }));
    await expectFailure(cmd({ kind: 'auto', tierId: 'A', count: 2 }), 'PURCHASE_LIMIT_EXCEEDED', {
      tierId: 'A',
      limit: 4,
      alreadyHeldOrBought: 3,
    });
  });

  it('fails with PRICE_MISMATCH when the expected total differs', async () => {
    await expectFailure(cmd(seats('1-1-1'), { expectedTotalCents: 9_999 }), 'PRICE_MISMATCH', {
      actualTotalCents: 10_000,
    });
  });

  it('fails with VALIDATION_FAILED for an unknown tier', async () => {
    await expectFailure(cmd({ kind: 'auto', tierId: 'Z', count: 1 }), 'VALIDATION_FAILED');
  });

  it('fails with INVALID_STATE before the sale opens', async () => {
    layout = smallLayout({ saleOpensAt: '2027-01-01T00:00:00.000Z' });
    geo = new SessionGeometry(layout);
    await inventory.warmup({ layout, held: [], sold: [], force: false });
    await expectFailure(cmd(seats('1-1-1')), 'INVALID_STATE', { status: 'SCHEDULED' });
  });

  it('fails with INVALID_STATE for a session that is not loaded', async () => {
    const err = await inventory
      .hold({ ...cmd(seats('1-1-1')), sessionId: 'nope' })
      .catch((e: unknown) => e as DomainError);
    expect(err).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('refuses a holdId that already exists', async () => {
    const c = cmd(seats('1-1-1'));
    await inventory.hold(c);
    await expectFailure({ ...c, pick: seats('1-1-5') }, 'INTERNAL');
  });
});

describe('releaseHold', () => {
  it('frees the seats, gives back counters and limits, and is idempotent', async () => {
    const before = await inventory.counts(layout.sessionId);
    const c = cmd({ kind: 'auto', tierId: 'A', count: 4 });
    await inventory.hold(c);
    expect(await inventory.release(layout.sessionId, c.holdId, { reason: 'RELEASED', nowMs: NOW })).toEqual({
      kind: 'released',
      freedSeats: 4,
    });
    expect(await inventory.counts(layout.sessionId)).toEqual(before);
    const k = sessionKeys(layout.sessionId);
    expect(await client.hlen(k.limits)).toBe(0);
    expect(await client.hlen(k.owners)).toBe(0);
    expect(await client.zcard(k.expiry)).toBe(0);
    expect(await inventory.seatStates(layout.sessionId)).toBe('0'.repeat(44));
    expect((await inventory.getHold(layout.sessionId, c.holdId))?.status).toBe('RELEASED');
    expect(await client.ttl(k.hold(c.holdId))).toBeGreaterThan(0);
    // Auto-pick finds the same best seats again: the runs index was restored.
    const again = await inventory.hold(cmd({ kind: 'auto', tierId: 'A', count: 4 }));
    expect(again.seats.map((s) => s.seatIdx)).toEqual([3, 4, 5, 6]);
    const snap = await snapshotSession(client, layout.sessionId);
    expect(await inventory.release(layout.sessionId, c.holdId, { reason: 'RELEASED', nowMs: NOW })).toEqual({
      kind: 'already-ended',
      status: 'RELEASED',
    });
    expect(await snapshotSession(client, layout.sessionId)).toEqual(snap);
  });

  it("answers not-found to another user's release and changes nothing", async () => {
    const c = cmd(seats('1-1-1'));
    await inventory.hold(c);
    const snap = await snapshotSession(client, layout.sessionId);
    expect(
      await inventory.release(layout.sessionId, c.holdId, {
        reason: 'RELEASED',
        requesterUserId: 'u2',
        nowMs: NOW,
      }),
    ).toEqual({ kind: 'not-found' });
    expect(await snapshotSession(client, layout.sessionId)).toEqual(snap);
    expect(await inventory.release(layout.sessionId, 'missing', { reason: 'RELEASED', nowMs: NOW })).toEqual({
      kind: 'not-found',
    });
  });

  it('refuses to expire a hold before its expiry and expires it after', async () => {
    const c = cmd(seats('1-1-1'));
    await inventory.hold(c);
    expect(
      await inventory.release(layout.sessionId, c.holdId, { reason: 'EXPIRED', nowMs: c.expiresAtMs - 1 }),
    ).toEqual({ kind: 'not-expired-yet', expiresAtMs: c.expiresAtMs });
    expect(
      await inventory.release(layout.sessionId, c.holdId, { reason: 'EXPIRED', nowMs: c.expiresAtMs }),
    ).toEqual({
      kind: 'released',
      freedSeats: 1,
    });
    expect((await inventory.getHold(layout.sessionId, c.holdId))?.status).toBe('EXPIRED');
  });

  it('frees only the seats still held by this hold', async () => {
    const c = cmd(seats('1-1-1', '1-1-2'));
    await inventory.hold(c);
    // A rebuild from the durable record says seat 1-1-2 is sold now.
    await inventory.warmup({
      layout,
      held: [{ seatIdx: 0, holdId: c.holdId }],
      sold: soldTo([1]),
      force: true,
    });
    expect(await inventory.release(layout.sessionId, c.holdId, { reason: 'RELEASED', nowMs: NOW })).toEqual({
      kind: 'released',
      freedSeats: 1,
    });
    expect((await inventory.seatStates(layout.sessionId))?.slice(0, 3)).toBe('020');
  });

  it('lists overdue holds for the sweeper', async () => {
    const early = cmd(seats('1-1-1'), { expiresAtMs: NOW + 1000 });
    const late = cmd(seats('1-1-2'), { expiresAtMs: NOW + 5000 });
    await inventory.hold(early);
    await inventory.hold(late);
    expect(await inventory.overdueHolds(layout.sessionId, NOW + 2000, 10)).toEqual([early.holdId]);
    expect(await inventory.openSessions()).toContain(layout.sessionId);
  });
});
