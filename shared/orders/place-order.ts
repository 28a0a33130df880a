import { enforceRate } from '#features/abuse/index.ts';
import { type BuyerSummary, warmBuyerCache } from '#features/users/index.ts';
import { giveBackVoucher, redeemVoucher, type VoucherUse } from '#features/vouchers/index.ts';
import { finishAdmission } from '#features/waiting-room/index.ts';
import { DomainError, notFound } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import type { Principal } from '#kernel/principal.ts';
import type { OrderAcceptedBody } from '#shared/api/responses.ts';
import type { OrderInput } from '#shared/api/schemas.ts';
import type { Deps } from '#shared/app/deps.ts';
import { createHoldForOrder, type HoldDeps, ownHold } from '#shared/booking/holds.ts';
import { forgetProgramSeats } from '#shared/booking/program-limits.ts';
import { withIdempotency } from '#shared/orders/with-idempotency.ts';
import type { StoredResponse } from '#shared/ports/idempotency.ts';
import type { OrderLine, OrderMessage, OrderRecord } from '#shared/ports/orders.ts';
import type { HoldRecord } from '#shared/ports/seat-inventory.ts';

export type PlaceOrderDeps = HoldDeps &
  Pick<
    Deps,
    'idempotency' | 'orderQueue' | 'orderNumbers' | 'pendingOrders' | 'waitingRoom' | 'limiter' | 'vouchers'
  >;

/** A client that got no answer retries soon; the queue is usually back within seconds. */
const RETRY_AFTER_SECONDS = 2;

async function orderLines(
  d: PlaceOrderDeps,
  principal: Principal,
  hold: HoldRecord,
  known?: (BuyerSummary | null)[],
): Promise<OrderLine[]> {
  const geometry = await d.inventory.geometry(hold.sessionId);
  if (!geometry)
    throw new DomainError('INVALID_STATE', 'This session is not on sale', { status: 'NOT_ON_SALE' });
  // The one-step form already has the buyers from its hold check: no second look-up.
  let buyers = known ?? (await d.buyerCache.lookup(principal.userId, hold.buyerIds));
  if (!buyers) {
    const warm = await warmBuyerCache(d, principal.userId);
    buyers = hold.buyerIds.map((id) => warm.get(id) ?? null);
  }
  return hold.seats.map((s, i) => {
    const seat = geometry.seatView(s.seatIdx);
    const buyer = buyers[i];
    return {
      seatId: seat.seatId,
      section: seat.section,
      row: seat.row,
      col: seat.col,
      tierId: seat.tierId,
      priceCents: seat.priceCents,
      buyerId: hold.buyerIds[i] ?? '',
      buyerName: buyer?.name ?? '*',
      buyerIdNumber: buyer?.idNumber ?? '*',
      ...(geometry.layout.realName && buyer?.idHash ? { idHash: buyer.idHash } : {}),
    };
  });
}

/**
 * Place an order, the V4 async path (seed 001/004):
 *  1. Idempotency-Key: a repeat returns the first 202; another body is 409;
 *  2. take the caller's hold, or hold seats now (hold and order in one step);
 *  3. a snowflake order number carrying the user's gene;
 *  4. hand the hold to the order (the holder can no longer release it);
 *  5. remember the order as PENDING for polling, and send it to the order queue;
 *  6. 202 {orderNumber, PENDING, expiresAt}. If the send fails, the hold made by this
 *     request is released (an existing hold is handed back) and the answer is 503.
 */
export async function placeOrder(
  d: PlaceOrderDeps,
  principal: Principal,
  input: OrderInput,
  idempotencyKey: string,
  admissionToken?: string,
): Promise<StoredResponse<OrderAcceptedBody>> {
  // Counted before the idempotency record is written (DynamoDB), so floods cost it nothing.
  await enforceRate(d, d.config.abuse.rates.USER_BUY, principal.userId);
  return withIdempotency(d, `orders:${principal.userId}`, idempotencyKey, input, async () => {
    let hold: HoldRecord;
    let buyers: BuyerSummary[] | undefined;
    let madeHere = false;
    const { voucherCode } = input;
    if ('holdId' in input) {
      hold = await ownHold(d, principal, input.holdId);
    } else {
      const { sessionId, voucherCode: _v, expectedTotalCents, ...holdBody } = input;
      // With a voucher the buyer expects the discounted total: checked below, not by the hold.
      const expected = voucherCode === undefined ? { expectedTotalCents } : {};
      ({ hold, buyers } = await createHoldForOrder(
        d,
        principal,
        sessionId,
        { ...holdBody, ...expected },
        { admissionToken, rateCounted: true },
      ));
      madeHere = true;
    }
    const releaseMadeHere = async () => {
      if (!madeHere) return;
      await d.inventory.release(hold.sessionId, hold.holdId, {
        reason: 'RELEASED',
        requesterUserId: principal.userId,
        nowMs: d.clock.now(),
      });
      await d.scheduler.cancel(hold.holdId).catch(() => undefined);
      await forgetProgramSeats(d, hold.sessionId, principal.userId, hold.holdId);
    };
    const orderNumber = await d.orderNumbers.next(principal.userId);
    const now = d.clock.now();
    const lines = await orderLines(d, principal, hold, buyers);
    // The voucher's use is counted before the hold is handed over; every refusal after it
    // gives the use back (and the hold this request made).
    let voucher: { discountCents: number; use: VoucherUse } | undefined;
    try {
      if (voucherCode !== undefined) {
        voucher = await redeemVoucher(d, {
          code: voucherCode,
          sessionId: hold.sessionId,
          userId: principal.userId,
          orderNumber,
          lines,
        });
        const expected = 'expectedTotalCents' in input ? input.expectedTotalCents : undefined;
        const actual = hold.totalCents - voucher.discountCents;
        if (expected !== undefined && expected !== actual) {
          throw new DomainError('PRICE_MISMATCH', 'The price has changed', { actualTotalCents: actual });
        }
      }
      await handOver(d, hold, principal.userId, orderNumber, now);
    } catch (err) {
      if (voucher) await giveBackVoucher(d, { voucher: voucher.use });
      await releaseMadeHere();
      throw err;
    }
    const discount = voucher ? { discountCents: voucher.discountCents, voucher: voucher.use } : {};
    const order: OrderRecord = {
      orderNumber,
      userId: principal.userId,
      sessionId: hold.sessionId,
      holdId: hold.holdId,
      status: 'PENDING',
      amountCents: hold.totalCents - (voucher?.discountCents ?? 0),
      ...discount,
      lines,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(hold.expiresAtMs).toISOString(),
    };
    const message: OrderMessage = {
      orderNumber,
      userId: order.userId,
      sessionId: order.sessionId,
      holdId: order.holdId,
      amountCents: order.amountCents,
      ...discount,
      lines,
      acceptedAtMs: now,
      expiresAtMs: hold.expiresAtMs,
    };
    await d.pendingOrders.put(order);
    try {
      await d.orderQueue.send(message);
    } catch (cause) {
      // A send that timed out may still have reached the queue. The writer claims the hold
      // before it writes (lua/claimHoldForOrder): if it already has, the order stands; if not,
      // the hold is given back now and a late message will be dropped by the writer.
      const givenBack = await d.inventory.unmarkOrdered(hold.sessionId, hold.holdId, orderNumber);
      if (givenBack === 'claimed') {
        logger.warn('order queue send reported a failure but the writer has the message: order stands', {
          orderNumber,
          error: cause as Error,
        });
      } else {
        logger.error('order queue send failed; rolling the hold back', {
          orderNumber,
          error: cause as Error,
        });
        await d.pendingOrders.delete(orderNumber);
        await giveBackVoucher(d, order);
        await releaseMadeHere();
        throw new DomainError('UNAVAILABLE', 'Orders cannot be taken right now; please retry', undefined, {
          cause,
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        });
      }
    }
    // Ordered: an admitted user's place goes back to the waiting room's line.
    // Not worth failing an accepted order for: an unreturned place expires with its token.
    await returnAdmission(d, hold.sessionId, principal.userId).catch((e: unknown) =>
      logger.warn('could not return the admission of an ordering user', { orderNumber, error: String(e) }),
    );
    return { status: 202, body: { orderNumber, status: 'PENDING', expiresAt: order.expiresAt } };
  });
}

/** Hands the hold over to the order (the holder can no longer release it); refusals as 4xx. */
async function handOver(
  d: PlaceOrderDeps,
  hold: HoldRecord,
  userId: string,
  orderNumber: string,
  now: number,
) {
  const marked = await d.inventory.markOrdered(hold.sessionId, hold.holdId, userId, orderNumber, now);
  if (marked.kind === 'not-found') throw notFound('Hold');
  if (marked.kind === 'not-active') {
    throw new DomainError('INVALID_STATE', `The hold is ${marked.status.toLowerCase()}`, {
      status: marked.status,
    });
  }
  if (marked.kind === 'expired')
    throw new DomainError('INVALID_STATE', 'The hold has expired', { status: 'EXPIRED' });
  if (marked.kind === 'ordered-elsewhere') {
    throw new DomainError('INVALID_STATE', 'The hold is already ordered', {
      status: 'ORDERED',
      orderNumber: marked.orderNumber,
    });
  }
}

async function returnAdmission(d: PlaceOrderDeps, sessionId: string, userId: string): Promise<void> {
  if ((await d.queueGate.snapshot(sessionId))?.settings.enabled) await finishAdmission(d, sessionId, userId);
}
