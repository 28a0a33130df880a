import { giveBackVoucher } from '#features/vouchers/index.ts';
import { DomainError } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';
import type { Deps } from '#shared/app/deps.ts';
import { forgetProgramSeats } from '#shared/booking/program-limits.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { orderView } from '#shared/orders/order-queries.ts';
import { withShow } from '#shared/orders/order-show.ts';
import { canMove, isRefundable, ORDER_MOVES } from '#shared/orders/order-status.ts';
import { ownOrder } from '#shared/orders/own-order.ts';
import { closeOpenTrade } from '#shared/payments/reconcile-payments.ts';
import { attemptRefund, finishOrderRefund, refundPayment } from '#shared/payments/refunds.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';

type ChangeDeps = Pick<
  Deps,
  | 'catalogue'
  | 'orders'
  | 'inventory'
  | 'programLimits'
  | 'scheduler'
  | 'events'
  | 'clock'
  | 'payments'
  | 'paymentProviders'
  | 'tickets'
  | 'vouchers'
>;

const ticketUsed = (status: string) =>
  new DomainError(
    'INVALID_STATE',
    'A ticket of this order was used at the gate; it can no longer be refunded',
    {
      status,
      reason: 'TICKET_USED',
    },
  );

const invalidState = (status: string) =>
  new DomainError('INVALID_STATE', `The order is ${status.toLowerCase().replace('_', ' ')}`, { status });

/**
 * Cancel an unpaid order: PENDING_PAYMENT → CANCELLED with its seat states deleted (one
 * conditional transaction, so a payment racing it wins or loses cleanly), then the seats
 * back on sale in Redis, the expiry schedule dropped and the open trade closed at the
 * provider (alipay.trade.close), so the cashier link stops taking money. Any other state: 409.
 */
export async function cancelOrder(d: ChangeDeps, principal: Principal, orderNumber: string) {
  const order = await ownOrder(d, principal, orderNumber);
  if (!canMove(order.status, 'cancel')) throw invalidState(order.status);
  if (!(await cancelUnpaid(d, order, 'buyer'))) {
    throw invalidState((await d.orders.get(orderNumber))?.status ?? 'UNKNOWN');
  }
  return withShow(d, orderView({ ...order, status: ORDER_MOVES.cancel.to }));
}

/**
 * PENDING_PAYMENT → CANCELLED (by the buyer, or the organiser's session cancel) and what
 * follows: seats back in Redis, limits given back, the expiry schedule dropped, the open
 * trade closed. False when the order was no longer unpaid (a payment won the race).
 */
export async function cancelUnpaid(
  d: Omit<ChangeDeps, 'catalogue' | 'tickets'>,
  order: OrderRecord,
  by: string,
): Promise<boolean> {
  if (!(await d.orders.endUnpaid(order, 'cancel', new Date(d.clock.now()).toISOString(), by))) return false;
  await giveBackVoucher(d, order);
  const outcome = await d.inventory.release(order.sessionId, order.holdId, {
    reason: 'RELEASED',
    nowMs: d.clock.now(),
  });
  await forgetProgramSeats(d, order.sessionId, order.userId, order.holdId);
  await d.scheduler.cancel(order.holdId).catch(() => undefined);
  await closeOpenTrade(d, order.lastPaymentId);
  if (outcome.kind === 'released') {
    await publishAfterCommit(d, [
      {
        type: 'SeatsReleased',
        detail: {
          sessionId: order.sessionId,
          holdId: order.holdId,
          reason: 'CANCELLED',
          seats: outcome.freedSeats,
        },
      },
    ]);
  }
  return true;
}

/**
 * Refund a paid order before its session starts: PAID|TICKETED → REFUND_PENDING → the
 * provider refunds → tickets void, seat states deleted and REFUNDED (one transaction) →
 * seats back on sale in Redis and the purchase-limit counts given back. A refund the
 * provider has not done yet stays REFUND_PENDING; asking again continues from there.
 */
export async function refundOrder(d: ChangeDeps, principal: Principal, orderNumber: string) {
  let order = await ownOrder(d, principal, orderNumber);
  if (order.status === ORDER_MOVES.completeRefund.to) return withShow(d, orderView(order));
  if (!isRefundable(order.status)) throw invalidState(order.status);
  const geometry = await d.inventory.geometry(order.sessionId);
  const startsAt = geometry ? Date.parse(geometry.layout.startsAt) : 0;
  if (startsAt <= d.clock.now()) {
    throw new DomainError('INVALID_STATE', 'The show has started; it can no longer be refunded', {
      status: order.status,
      reason: 'SESSION_STARTED',
    });
  }
  if ((order.checkedIn ?? 0) > 0) throw ticketUsed(order.status);
  const nowIso = new Date(d.clock.now()).toISOString();
  if (canMove(order.status, 'requestRefund')) {
    // Conditional on no ticket checked in: a check-in racing this refund wins or loses whole.
    if (!(await d.orders.transition(orderNumber, 'requestRefund', nowIso))) {
      const now = await d.orders.get(orderNumber);
      if (now && (now.checkedIn ?? 0) > 0) throw ticketUsed(now.status);
      throw invalidState(now?.status ?? 'UNKNOWN');
    }
    order = { ...order, status: ORDER_MOVES.requestRefund.to };
  }
  // The money goes back through the payment: REFUND_PENDING until the provider confirms (the
  // payment reconciler retries); the order ends REFUNDED only then.
  const payment = order.paymentId ? await d.payments.get(order.paymentId) : undefined;
  if (payment && payment.status !== 'REFUNDED') {
    const refunded =
      payment.status === 'REFUND_PENDING'
        ? await attemptRefund(d, payment)
        : await refundPayment(d, payment, 'customer refund');
    if (!refunded) return withShow(d, orderView(order));
  } else if (payment) {
    // Refunded at the provider, the order not finished (a crash in between): finish it.
    await finishOrderRefund(d, order);
  } else {
    return withShow(d, orderView(order));
  }
  return withShow(d, orderView({ ...order, status: ORDER_MOVES.completeRefund.to }));
}
