import { giveBackVoucher } from '#features/vouchers/index.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import type { Deps } from '#shared/app/deps.ts';
import { forgetProgramSeats } from '#shared/booking/program-limits.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { MOVE_ACTORS, ORDER_MOVES } from '#shared/orders/order-status.ts';
import type { OrderMessage, OrderRecord } from '#shared/ports/orders.ts';

export type WriteOrderDeps = Pick<
  Deps,
  'orders' | 'inventory' | 'programLimits' | 'clock' | 'events' | 'vouchers'
> & {
  config: Pick<Deps['config'], 'orderMaxAgeSeconds'>;
};

export type WriteResult = 'written' | 'already-written' | 'failed-seat-taken' | 'rolled-back' | 'dropped';

/** Frees the hold in Redis if it is still this order's (system release: the holder cannot). */
async function releaseOrderHold(d: WriteOrderDeps, m: OrderMessage): Promise<void> {
  const hold = await d.inventory.getHold(m.sessionId, m.holdId);
  if (!hold || hold.orderNumber !== m.orderNumber || hold.status !== 'ACTIVE') return;
  const outcome = await d.inventory.release(m.sessionId, m.holdId, {
    reason: 'RELEASED',
    nowMs: d.clock.now(),
  });
  await forgetProgramSeats(d, m.sessionId, m.userId, m.holdId);
  if (outcome.kind === 'released') {
    await publishAfterCommit(d, [
      {
        type: 'SeatsReleased',
        detail: { sessionId: m.sessionId, holdId: m.holdId, reason: 'RELEASED', seats: outcome.freedSeats },
      },
    ]);
  }
}

/**
 * The order writer's work for one message (idempotent: a redelivery changes nothing):
 *  0. the hold is claimed for this order; a message whose send was rolled back is dropped;
 *  1. too old (client stopped polling) or past its expiry → record FAILED (TIMEOUT) and
 *     release the hold, instead of a surprise order;
 *  2. one transaction: the order as PENDING_PAYMENT plus a seat-state item per seat, each
 *     conditional on not existing — the durable guard of DESIGN.md 3;
 *  3. a seat already held or sold in DynamoDB (Redis lost writes, drift) → FAILED
 *     (SEAT_TAKEN), this hold's seats released in Redis, and a log line for the alarm.
 * The hold's one-time schedule (made at hold time, same expiry) is the order's expiry.
 */
export async function writeOrder(d: WriteOrderDeps, m: OrderMessage): Promise<WriteResult> {
  // A message whose send the order flow saw fail (and answered 503 for, giving the hold
  // back) may still arrive: it is not an order. Claiming the hold first settles the race.
  if ((await d.inventory.claimForOrder(m.sessionId, m.holdId, m.orderNumber)) === 'given-back') {
    count('OrderMessageDropped');
    logger.warn('order message of a send that was rolled back: dropped', {
      orderNumber: m.orderNumber,
      holdId: m.holdId,
    });
    return 'dropped';
  }
  const now = d.clock.now();
  const order: OrderRecord = {
    orderNumber: m.orderNumber,
    userId: m.userId,
    sessionId: m.sessionId,
    holdId: m.holdId,
    status: ORDER_MOVES.write.to,
    amountCents: m.amountCents,
    ...(m.voucher ? { discountCents: m.discountCents ?? 0, voucher: m.voucher } : {}),
    lines: m.lines,
    createdAt: new Date(m.acceptedAtMs).toISOString(),
    expiresAt: new Date(m.expiresAtMs).toISOString(),
    history: [
      { status: 'PENDING', at: new Date(m.acceptedAtMs).toISOString(), by: 'buyer' },
      { status: ORDER_MOVES.write.to, at: new Date(now).toISOString(), by: MOVE_ACTORS.write },
    ],
  };
  const failedHistory = (): OrderRecord['history'] => [
    order.history![0]!,
    { status: ORDER_MOVES.fail.to, at: new Date(now).toISOString(), by: MOVE_ACTORS.fail },
  ];
  if (now - m.acceptedAtMs > d.config.orderMaxAgeSeconds * 1000 || now >= m.expiresAtMs) {
    if (
      !(await d.orders.writeFailed({
        ...order,
        status: ORDER_MOVES.fail.to,
        failureReason: 'TIMEOUT',
        history: failedHistory(),
      }))
    ) {
      const existing = await d.orders.get(m.orderNumber);
      if (existing && existing.status !== ORDER_MOVES.fail.to) return 'already-written';
    }
    logger.warn('order message too old: rolled back', {
      orderNumber: m.orderNumber,
      ageMs: now - m.acceptedAtMs,
    });
    await giveBackVoucher(d, m);
    await releaseOrderHold(d, m);
    return 'rolled-back';
  }
  const outcome = await d.orders.writePendingPayment(order);
  if (outcome.kind === 'written') return 'written';
  if (outcome.kind === 'exists') return 'already-written';
  await d.orders.writeFailed({
    ...order,
    status: ORDER_MOVES.fail.to,
    failureReason: 'SEAT_TAKEN',
    history: failedHistory(),
  });
  count('OrderSeatConflict');
  logger.error('seat already taken in DynamoDB: order failed, hold released', {
    metric: 'OrderSeatConflict',
    orderNumber: m.orderNumber,
    sessionId: m.sessionId,
    seatIds: outcome.seatIds,
  });
  await giveBackVoucher(d, m);
  await releaseOrderHold(d, m);
  return 'failed-seat-taken';
}
