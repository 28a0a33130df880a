import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { discountOf, type VoucherRecord } from '#features/vouchers/index.ts';
import type { DomainError } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';
import { SessionGeometry } from '#kernel/session-layout.ts';
import { ERROR_STATUS } from '#platform/http/error-status.ts';
import { expireHold } from '#shared/booking/expiry.ts';
import { cancelUnpaid } from '#shared/orders/order-changes.ts';
import { placeOrder } from '#shared/orders/place-order.ts';
import { writeOrder } from '#shared/orders/write-order.ts';
import type { OrderLine } from '#shared/ports/orders.ts';
import { layoutOf, storeOnSaleSession, uniqueId } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

const user = (i: number): Principal => ({
  userId: `vr${Date.now()}u${i}`,
  role: 'user',
  tokenId: 't',
  expiresAtSec: 0,
});

/** A session on sale (rows of 12 seats at 20,000 cents) whose program has this voucher. */
async function onSaleWithVoucher(
  rows: number,
  voucher: Pick<VoucherRecord, 'code' | 'kind' | 'value' | 'maxUses'>,
) {
  const programId = uniqueId('vp');
  const layout = layoutOf({
    programId,
    tiers: [{ tierId: 'A', name: '看台', priceCents: 20_000, perUserLimit: 6 }],
    sections: [{ name: 'Stand', tierId: 'A', rows, seatsPerRow: 12 }],
  });
  await storeOnSaleSession(d.catalogue, layout, programId);
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
  await d.vouchers.create({
    programId,
    ...voucher,
    used: 0,
    perUserOnce: true,
    createdAt: new Date().toISOString(),
  });
  return { layout, geo: new SessionGeometry(layout), programId };
}

describe('voucher uses under concurrency (the promo-code race)', () => {
  it('100 concurrent orders on a code with maxUses 10: exactly 10 discounted orders, the rest 409 with nothing held', async () => {
    d.setNow(Date.now());
    const { layout, geo, programId } = await onSaleWithVoucher(10, {
      code: 'RACE10',
      kind: 'AMOUNT',
      value: 3_000,
      maxUses: 10,
    });
    const users = Array.from({ length: 100 }, (_, i) => user(i));
    for (const u of users) {
      await d.buyerCache.replace(u.userId, [
        { buyerId: 'b0', idType: 1, name: '张*', idNumber: '1101**********1234' },
      ]);
    }
    const outcomes = await Promise.all(
      users.map((u, i) =>
        placeOrder(
          d,
          u,
          { sessionId: layout.sessionId, seatIds: [geo.seatId(i)], buyerIds: ['b0'], voucherCode: 'race10' },
          `race-${u.userId}`,
        ).then(
          (r) => ({ status: r.status, body: r.body as { orderNumber: string } }),
          (e: unknown) => ({ status: ERROR_STATUS[(e as DomainError).code], code: (e as DomainError).code }),
        ),
      ),
    );
    const accepted = outcomes.filter((o) => o.status === 202);
    expect(accepted).toHaveLength(10);
    expect(outcomes.filter((o) => 'code' in o && o.code === 'VOUCHER_EXHAUSTED')).toHaveLength(90);
    expect((await d.vouchers.get(programId, 'RACE10'))?.used).toBe(10);
    // The refused orders hold nothing: only the ten accepted seats are held.
    expect((await d.inventory.counts(layout.sessionId))?.byTier[0]?.held).toBe(10);
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);

    // Written with the discount; three cancelled give their uses back; three more get them.
    const messages = d.sent.filter((m) => m.sessionId === layout.sessionId);
    for (const m of messages) expect(await writeOrder(d, m)).toBe('written');
    const orders = await Promise.all(messages.map((m) => d.orders.get(m.orderNumber)));
    for (const o of orders) expect(o).toMatchObject({ amountCents: 17_000, discountCents: 3_000 });
    for (const o of orders.slice(0, 3)) expect(await cancelUnpaid(d, o!, 'buyer')).toBe(true);
    // Giving back twice counts once.
    for (const o of orders.slice(0, 3)) expect(await d.vouchers.giveBack(o!.voucher!)).toBe(false);
    expect((await d.vouchers.get(programId, 'RACE10'))?.used).toBe(7);
    const late = await Promise.all(
      users.slice(20, 30).map((u, i) =>
        placeOrder(
          d,
          u,
          {
            sessionId: layout.sessionId,
            seatIds: [geo.seatId(100 + i)],
            buyerIds: ['b0'],
            voucherCode: 'RACE10',
          },
          `race-late-${u.userId}`,
        ).then(
          (r) => r.status,
          (e: unknown) => ERROR_STATUS[(e as DomainError).code],
        ),
      ),
    );
    expect(late.filter((s) => s === 202)).toHaveLength(3);
    expect((await d.vouchers.get(programId, 'RACE10'))?.used).toBe(10);
  }, 60_000);

  it('an order that expires unpaid, or that the writer rolls back, gives its use back (once)', async () => {
    const start = Date.now();
    d.setNow(start);
    const { layout, geo, programId } = await onSaleWithVoucher(1, {
      code: 'BACK',
      kind: 'PERCENT',
      value: 10,
      maxUses: 5,
    });
    const used = async () => (await d.vouchers.get(programId, 'BACK'))?.used;
    const place = async (i: number) => {
      const u = user(100 + i);
      await d.buyerCache.replace(u.userId, [
        { buyerId: 'b0', idType: 1, name: '张*', idNumber: '1101**********1234' },
      ]);
      await placeOrder(
        d,
        u,
        { sessionId: layout.sessionId, seatIds: [geo.seatId(i)], buyerIds: ['b0'], voucherCode: 'BACK' },
        `back-${u.userId}`,
      );
      return d.sent.at(-1)!;
    };
    // Expiry: written, never paid, its hold runs out.
    const expiring = await place(0);
    expect(await writeOrder(d, expiring)).toBe('written');
    expect(await used()).toBe(1);
    d.setNow(expiring.expiresAtMs + 1_000);
    await expireHold(d, { sessionId: layout.sessionId, holdId: expiring.holdId });
    expect((await d.orders.get(expiring.orderNumber))?.status).toBe('EXPIRED');
    expect(await used()).toBe(0);
    // Rolled back by the writer: the message came too late to be an order.
    d.setNow(start);
    const late = await place(1);
    expect(await used()).toBe(1);
    d.setNow(start + d.config.orderMaxAgeSeconds * 1000 + 1_000);
    expect(await writeOrder(d, late)).toBe('rolled-back');
    expect(await writeOrder(d, late)).not.toBe('written');
    expect(await used()).toBe(0);
  });

  it('a discount is never negative nor more than the eligible seats, and PERCENT grows with the value', () => {
    const line = (tierId: string, priceCents: number): OrderLine => ({
      seatId: 's',
      section: 'x',
      row: 1,
      col: 1,
      tierId,
      priceCents,
      buyerId: 'b',
      buyerName: '*',
      buyerIdNumber: '*',
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.integer({ min: 0, max: 1_000_000 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom<'PERCENT' | 'AMOUNT'>('PERCENT', 'AMOUNT'),
        fc.integer({ min: 1, max: 100 }),
        fc.option(fc.constant<string[]>(['A']), { nil: undefined }),
        (seats, kind, value, tierIds) => {
          const lines = seats.map(([t, p]) => line(t, p));
          const eligible = lines
            .filter((l) => !tierIds || tierIds.includes(l.tierId))
            .reduce((s, l) => s + l.priceCents, 0);
          const off = discountOf({ kind, value: kind === 'AMOUNT' ? value * 1000 : value, tierIds }, lines);
          expect(off).toBeGreaterThanOrEqual(0);
          expect(off).toBeLessThanOrEqual(eligible);
          expect(Number.isInteger(off)).toBe(true);
          if (kind === 'PERCENT' && value < 100)
            expect(discountOf({ kind, value: value + 1, tierIds }, lines)).toBeGreaterThanOrEqual(off);
        },
      ),
    );
  });
});
