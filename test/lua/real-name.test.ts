import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { ERROR_STATUS } from '#platform/http/error-status.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import type { HoldCommand, SeatPick } from '#shared/ports/seat-inventory.ts';
import { seatsOf, smallLayout, snapshotSession, testRedis, uniqueId } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

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
const hold = (pick: SeatPick, idHashes: string[], over: Partial<HoldCommand> = {}): HoldCommand => ({
  sessionId: layout.sessionId,
  holdId: uniqueId('h'),
  userId: uniqueId('u'),
  nowMs: NOW,
  expiresAtMs: NOW + 600_000,
  buyerIds: idHashes.map((_, i) => `b${i + 1}`),
  idHashes,
  pick,
  ...over,
});

async function refusal(c: HoldCommand): Promise<DomainError> {
  const before = await snapshotSession(client, layout.sessionId);
  const err = await inventory.hold(c).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect(await snapshotSession(client, layout.sessionId)).toEqual(before);
  return err as DomainError;
}

const ids = () => client.hgetall(sessionKeys(layout.sessionId).ids);

describe('ONE_PER_ID: an id number on at most one held, ordered or sold seat of the session', () => {
  beforeEach(async () => {
    layout = smallLayout({ realName: 'ONE_PER_ID' });
    geo = new SessionGeometry(layout);
    await inventory.warmup({ layout, held: [], sold: [], force: false });
  });

  it('refuses a second seat for the same id from another account, naming the buyer, and writes nothing', async () => {
    const first = hold(seats('1-1-1'), ['id-a']);
    await inventory.hold(first);
    expect(await ids()).toEqual({ 'id-a': first.holdId });
    const err = await refusal(hold(seats('1-1-2', '1-1-3'), ['id-b', 'id-a'], { buyerIds: ['x', 'y'] }));
    expect(err.code).toBe('ID_ALREADY_USED');
    expect(ERROR_STATUS[err.code]).toBe(422);
    expect(err.details).toEqual({ buyerIds: ['y'] });
  });

  it('refuses the same id twice in one request, and a request without every id hash', async () => {
    expect((await refusal(hold(seats('1-1-1', '1-1-2'), ['id-a', 'id-a']))).details).toEqual({
      buyerIds: ['b2'],
    });
    const missing = await refusal(hold(seats('1-1-1', '1-1-2'), ['id-a'], { buyerIds: ['b1', 'b2'] }));
    expect(missing.code).toBe('INTERNAL');
  });

  it('gives the id back when the hold is released or expires, keeps it when sold, and gives it back on refund', async () => {
    const released = hold(seats('1-1-1'), ['id-a']);
    await inventory.hold(released);
    await inventory.release(layout.sessionId, released.holdId, { reason: 'RELEASED', nowMs: NOW });
    expect(await ids()).toEqual({});

    const expired = hold(seats('1-1-1'), ['id-a'], { userId: 'u-exp' });
    await inventory.hold(expired);
    await inventory.release(layout.sessionId, expired.holdId, { reason: 'EXPIRED', nowMs: NOW + 600_000 });
    expect(await ids()).toEqual({});

    const sold = hold(seats('1-1-1', '1-1-2'), ['id-a', 'id-b'], { userId: 'u-buy' });
    await inventory.hold(sold);
    const seatList = seatsOf(geo, '1-1-1', '1-1-2');
    await inventory.confirm(layout.sessionId, sold.holdId, 'u-buy', seatList, NOW + 1000, ['id-a', 'id-b']);
    expect(await ids()).toEqual({ 'id-a': sold.holdId, 'id-b': sold.holdId });
    expect((await refusal(hold(seats('2-1-1'), ['id-b']))).code).toBe('ID_ALREADY_USED');
    expect(await inventoryViolations(client, layout)).toEqual([]);

    await inventory.refund(layout.sessionId, sold.holdId, 'u-buy', seatList, ['id-a', 'id-b']);
    expect(await ids()).toEqual({});
    await inventory.hold(hold(seats('2-1-1'), ['id-b']));
    expect(await inventoryViolations(client, layout)).toEqual([]);
  });

  it('is rebuilt from the durable record with the session', async () => {
    await inventory.warmup({
      layout,
      held: [{ seatIdx: 0, holdId: 'ordered_000000000001', idHash: 'id-a' }],
      sold: [{ seatIdx: 1, holdId: 'paid_000000000002', idHash: 'id-b' }],
      force: true,
    });
    expect(await ids()).toEqual({ 'id-a': 'ordered_000000000001', 'id-b': 'paid_000000000002' });
    expect((await refusal(hold(seats('2-1-1'), ['id-a']))).code).toBe('ID_ALREADY_USED');
  });

  it('does not apply to sessions without the rule', async () => {
    layout = smallLayout();
    geo = new SessionGeometry(layout);
    await inventory.warmup({ layout, held: [], sold: [], force: false });
    await inventory.hold(hold(seats('1-1-1'), ['id-a']));
    await inventory.hold(hold(seats('1-1-2'), ['id-a']));
    expect(await ids()).toEqual({});
  });
});

describe('users whose holds keep expiring unpaid are slowed down', () => {
  const slowdown = { afterExpired: 3, firstCooldownMs: 60_000 };
  beforeEach(async () => {
    layout = smallLayout();
    geo = new SessionGeometry(layout);
    await inventory.warmup({ layout, held: [], sold: [], force: false });
  });

  async function expireOne(userId: string, at: number): Promise<void> {
    const c = hold({ kind: 'auto', tierId: 'B', count: 1 }, [], {
      userId,
      nowMs: at,
      expiresAtMs: at + 1,
      slowdown,
    });
    await inventory.hold(c);
    expect(
      await inventory.release(layout.sessionId, c.holdId, { reason: 'EXPIRED', nowMs: at + 1 }),
    ).toMatchObject({
      kind: 'released',
    });
  }

  it('waits a minute after the third expired hold, then twice as long after each further one', async () => {
    let t = NOW;
    for (let i = 0; i < 3; i++) {
      t += 10;
      await expireOne('u-slow', t);
    }
    const lastExpiry = t + 1;
    const slowed = await refusal(
      hold({ kind: 'auto', tierId: 'B', count: 1 }, [], {
        userId: 'u-slow',
        nowMs: lastExpiry + 1000,
        slowdown,
      }),
    );
    expect(slowed.code).toBe('RATE_LIMITED');
    expect(slowed.details).toEqual({ limit: 'EXPIRED_HOLDS' });
    expect(slowed.retryAfterSeconds).toBe(59);
    // Other users are not affected; without the policy nobody is slowed.
    await inventory.hold(
      hold({ kind: 'auto', tierId: 'B', count: 1 }, [], { nowMs: lastExpiry + 1000, slowdown }),
    );
    await expireOne('u-slow', lastExpiry + 60_000);
    const fourth = lastExpiry + 60_001;
    const again = await refusal(
      hold({ kind: 'auto', tierId: 'B', count: 1 }, [], {
        userId: 'u-slow',
        nowMs: fourth + 60_000,
        slowdown,
      }),
    );
    expect(again.retryAfterSeconds).toBe(60); // 120 s cooldown, 60 s gone
    await inventory.hold(
      hold({ kind: 'auto', tierId: 'B', count: 1 }, [], {
        userId: 'u-slow',
        nowMs: fourth + 120_000,
        slowdown,
      }),
    );
  });

  it('forgets the strikes of a user who pays', async () => {
    let t = NOW;
    for (let i = 0; i < 3; i++) {
      t += 10;
      await expireOne('u-pays', t);
    }
    const paid = hold(seats('1-1-1'), [], { userId: 'u-pays', nowMs: t + 61_000 });
    await inventory.hold({ ...paid, slowdown });
    await inventory.confirm(layout.sessionId, paid.holdId, 'u-pays', seatsOf(geo, '1-1-1'), t + 62_000);
    await expireOne('u-pays', t + 63_000);
    await inventory.hold(hold(seats('1-1-5'), [], { userId: 'u-pays', nowMs: t + 64_000, slowdown }));
    expect(await client.hgetall(sessionKeys(layout.sessionId).strikes)).toEqual({
      'n|u-pays': '1',
      't|u-pays': String(t + 63_001),
    });
  });
});
