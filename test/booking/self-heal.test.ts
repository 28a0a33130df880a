import { afterAll, describe, expect, it } from 'vitest';
import { createProgram, openSession } from '#features/sessions/programs.ts';
import { DomainError } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';
import { ERROR_STATUS } from '#platform/http/error-status.ts';
import { expireHold } from '#shared/booking/expiry.ts';
import { createHold } from '#shared/booking/holds.ts';
import { inventoryViolations, keysEverywhere } from '../support/invariants.ts';
import { orderWithPayment } from '../support/paid-orders.ts';
import { realDeps } from '../support/real-deps.ts';
import { smallProgramInput } from '../support/small-program.ts';

/**
 * A session whose inventory vanished from Redis (restart without data, eviction, failover to
 * an empty node) heals itself on the hold path: one rebuild from DynamoDB however many holds
 * arrive at once, 503 with retry-after meanwhile, written orders' seats back HELD.
 */
const d = realDeps();
afterAll(() => d.close());

const input = smallProgramInput();

/** Everything Redis had for the session gone, as after a restart without data. */
async function wipe(sessionId: string) {
  const keys = await keysEverywhere(d.redis, `*{s:${sessionId}}*`);
  if (keys.length) await d.redis.del(...keys);
}

const users = Array.from(
  { length: 20 },
  (_, i): Principal => ({
    userId: `heal${Date.now()}${i}`,
    role: 'user',
    tokenId: 't',
    expiresAtSec: 0,
  }),
);

describe('a session whose Redis inventory vanished', () => {
  it('is rebuilt once from DynamoDB while holds answer 503, then sells again with written orders kept', async () => {
    const created = await createProgram(d, input);
    const sessionId = created.sessions[0]!.sessionId;
    await openSession(d, sessionId, false);
    // A written order (seat states HELD in DynamoDB) and a hold that lives only in Redis.
    const order = await orderWithPayment(d, sessionId, ['2-1-1', '2-1-2']);
    for (const u of users)
      await d.buyerCache.replace(u.userId, [
        { buyerId: 'b1', idType: 1, name: '张*', idNumber: '1101**********1234' },
      ]);
    await createHold(
      d,
      users[0]!,
      sessionId,
      { seatIds: ['1-1-1'], buyerIds: ['b1'] },
      { admissionToken: undefined },
    );

    // This container keeps the session's layout cached in-process, as a warm Lambda does.
    await wipe(sessionId);
    const reads = { n: 0 };
    const seatStates = d.catalogue.seatStates.bind(d.catalogue);
    const counting = {
      ...d,
      catalogue: Object.assign(Object.create(d.catalogue), {
        seatStates: async (id: string) => {
          reads.n++;
          return seatStates(id);
        },
      }),
    };
    // Twenty holds at once: every one answers 503 RESTORING with retry-after; one rebuild.
    const during = await Promise.all(
      users.map((u) =>
        createHold(
          counting,
          u,
          sessionId,
          { tierId: 'A', count: 1, buyerIds: ['b1'] },
          { admissionToken: undefined },
        ).catch((e: unknown) => e),
      ),
    );
    for (const e of during) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e).toMatchObject({
        code: 'UNAVAILABLE',
        retryAfterSeconds: 2,
        details: { reason: 'RESTORING' },
      });
    }
    expect(reads.n).toBe(1);

    // Healed: the written order's seats are held again, the Redis-only hold is gone, holds succeed.
    const states = (await d.inventory.seatStates(sessionId))!;
    const geometry = (await d.inventory.geometry(sessionId))!;
    const state = (seatId: string) => states[geometry.parseSeatId(seatId)!.seatIdx];
    expect([state('2-1-1'), state('2-1-2'), state('1-1-1')]).toEqual(['1', '1', '0']);
    const hold = await createHold(
      counting,
      users[1]!,
      sessionId,
      { seatIds: ['1-1-1'], buyerIds: ['b1'] },
      {
        admissionToken: undefined,
      },
    );
    expect(hold.seats.map((s) => s.seatId)).toEqual(['1-1-1']);
    expect(reads.n).toBe(1);
    expect(await d.orders.get(order.orderNumber)).toMatchObject({ status: 'PENDING_PAYMENT' });
    expect(await inventoryViolations(d.redis, (await d.inventory.layout(sessionId))!)).toEqual([]);
    // The unpaid order's hold is back, so its expiry still ends it and gives the seats back.
    expect(await d.inventory.getHold(sessionId, order.message.holdId)).toMatchObject({
      status: 'ACTIVE',
      orderNumber: order.orderNumber,
    });
    d.setNow(order.expiresAtMs + 1_000);
    await expireHold(d, { sessionId, holdId: order.message.holdId });
    expect((await d.orders.get(order.orderNumber))?.status).toBe('EXPIRED');
    const after = (await d.inventory.seatStates(sessionId))!;
    expect([
      after[geometry.parseSeatId('2-1-1')!.seatIdx],
      after[geometry.parseSeatId('2-1-2')!.seatIdx],
    ]).toEqual(['0', '0']);
    expect(await inventoryViolations(d.redis, (await d.inventory.layout(sessionId))!)).toEqual([]);
    d.setNow(Date.now());
  });

  it('keeps the original answer for a session that is not on sale or does not exist', async () => {
    const created = await createProgram(d, input); // never opened: SCHEDULED
    const sessionId = created.sessions[0]!.sessionId;
    await d.buyerCache.replace(users[2]!.userId, [
      { buyerId: 'b1', idType: 1, name: '张*', idNumber: '1101**********1234' },
    ]);
    const closed = await createHold(
      d,
      users[2]!,
      sessionId,
      { tierId: 'A', count: 1, buyerIds: ['b1'] },
      {
        admissionToken: undefined,
      },
    ).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(DomainError);
    expect(ERROR_STATUS[(closed as DomainError).code]).toBeLessThan(500);
    const unknown = await createHold(
      d,
      users[2]!,
      'snosuchsession0000',
      { tierId: 'A', count: 1, buyerIds: ['b1'] },
      {
        admissionToken: undefined,
      },
    ).catch((e: unknown) => e);
    expect(ERROR_STATUS[(unknown as DomainError).code]).toBe(404);
  });
});
